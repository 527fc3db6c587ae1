import AlertStore
import FeedsConf
import FeedwatchTestSupport
import Foundation
import Logging
import Testing
@testable import FeedwatchDaemon

/// The one owner of "which feeds are due", in process: what `run` and `once` ask.
@Suite("Feed states: due times, failing and disabled feeds, one owner")
struct FeedStatesTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func config(_ names: [String], in dir: TemporaryDirectory) throws -> FeedsConfig {
        let text = names.map { "[feed \($0)]\nurl = https://example.org/\($0)\n" }.joined(separator: "\n")
        return try FeedsConf.parse(text, file: dir.file("feeds.conf"))
    }

    /// Whole seconds: the store keeps times to the second.
    static func now() -> Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }

    static func store(_ config: FeedsConfig, in dir: TemporaryDirectory) throws -> AlertStore {
        let store = try AlertStore(path: dir.file("feedwatch.sqlite"))
        try store.register(feeds: config.feeds.map { ($0.name, $0.url) })
        return store
    }

    @Test("a feed never polled is due; one due later is not; a feed in flight is not handed out twice")
    func dueAndInFlight() async throws {
        let dir = TemporaryDirectory()
        let config = try Self.config(["a", "b"], in: dir)
        let store = try Self.store(config, in: dir)
        let now = Self.now()
        try store.record(feed: "b", PollRecord(time: now, status: 200, nextDue: now.addingTimeInterval(600)))
        let states = FeedStates(store: store, logger: Self.logger)
        try await states.load(config.feeds)
        #expect(await states.takeDue(now: now).map(\.name) == ["a"])
        #expect(await states.takeDue(now: now).isEmpty, "a is in flight")
        #expect(await states.nextWake(now: now) == now.addingTimeInterval(600), "only b is left to wake for")
        #expect(await states.takeDue(now: now, all: true).map(\.name) == ["b"], "--all takes b, but not a again")
    }

    @Test("a finished poll takes its next time, errors and 410 from what the poll recorded")
    func finishedReadsTheOutcome() async throws {
        let dir = TemporaryDirectory()
        let config = try Self.config(["ok", "failing", "gone"], in: dir)
        let store = try Self.store(config, in: dir)
        let states = FeedStates(store: store, logger: Self.logger)
        try await states.load(config.feeds)
        let now = Self.now()
        _ = await states.takeDue(now: now)
        try store.record(feed: "ok", PollRecord(time: now, status: 200, nextDue: now.addingTimeInterval(900)))
        try store.record(feed: "failing", PollRecord(time: now, status: 500, error: "HTTP 500", nextDue: now.addingTimeInterval(120)))
        try store.record(feed: "gone", PollRecord(time: now, status: 410, error: "HTTP 410", disable: true))
        for name in ["ok", "failing", "gone"] { await states.finished(name, now: now) }
        let counts = await states.counts
        #expect(counts.feeds == 2 && counts.failing == 1, "\(counts)")
        #expect(await states.takeDue(now: now.addingTimeInterval(200)).map(\.name) == ["failing"])
        #expect(await states.takeDue(now: now.addingTimeInterval(10_000), all: true).map(\.name) == ["ok"], "gone is never due again")
    }

    @Test("a next time in the past (the poll could not be recorded) is a minute away, not a tight loop")
    func unrecordedPollWaitsAMinute() async throws {
        let dir = TemporaryDirectory()
        let config = try Self.config(["a"], in: dir)
        let store = try Self.store(config, in: dir)
        let states = FeedStates(store: store, logger: Self.logger)
        try await states.load(config.feeds)
        let now = Self.now()
        _ = await states.takeDue(now: now)
        await states.finished("a", now: now)
        #expect(await states.nextWake(now: now) == now.addingTimeInterval(60))
    }

    @Test("a feed a server disabled stays off across a load; a reload that changes its URL wakes it")
    func disabledAcrossLoadAndReload() async throws {
        let dir = TemporaryDirectory()
        let config = try Self.config(["gone", "kept"], in: dir)
        let store = try Self.store(config, in: dir)
        let now = Self.now()
        try store.record(feed: "gone", PollRecord(time: now, status: 410, error: "HTTP 410", disable: true))
        let states = FeedStates(store: store, logger: Self.logger)
        try await states.load(config.feeds)
        #expect(await states.takeDue(now: now).map(\.name) == ["kept"])
        var moved = config
        moved.feeds[0].url = "https://example.org/moved"
        try store.register(feeds: moved.feeds.map { ($0.name, $0.url) })
        await states.reconfigure(moved.feeds, diff: ConfigDiff(from: config, to: moved))
        #expect(await states.takeDue(now: now).map(\.name) == ["gone"])
    }

    @Test("a reload that removes a feed in flight and adds one: the new one is due at once, the removed one never again, and the counts follow")
    func reloadRemovesAndAdds() async throws {
        let dir = TemporaryDirectory()
        let config = try Self.config(["a", "b"], in: dir)
        let store = try Self.store(config, in: dir)
        let now = Self.now()
        let states = FeedStates(store: store, logger: Self.logger)
        try await states.load(config.feeds)
        #expect(await states.takeDue(now: now).map(\.name) == ["a", "b"])
        let next = try Self.config(["b", "c"], in: dir)
        try store.register(feeds: next.feeds.map { ($0.name, $0.url) })
        await states.reconfigure(next.feeds, diff: ConfigDiff(from: config, to: next))
        #expect(await states.counts.feeds == 2)
        #expect(await states.takeDue(now: now).map(\.name) == ["c"], "b is still in flight; a is gone")
        await states.finished("a", now: now)
        try store.record(feed: "b", PollRecord(time: now, status: 200, nextDue: now.addingTimeInterval(600)))
        await states.finished("b", now: now)
        #expect(await states.takeDue(now: now).isEmpty)
        #expect(await states.nextWake(now: now) == now.addingTimeInterval(600))
    }

    @Test("a poll's end told twice queues the feed twice, and it is still handed out once")
    func finishedTwice() async throws {
        let dir = TemporaryDirectory()
        let config = try Self.config(["a"], in: dir)
        let store = try Self.store(config, in: dir)
        let now = Self.now()
        let states = FeedStates(store: store, logger: Self.logger)
        try await states.load(config.feeds)
        #expect(await states.takeDue(now: now).map(\.name) == ["a"])
        try store.record(feed: "a", PollRecord(time: now, status: 200, nextDue: now.addingTimeInterval(60)))
        await states.finished("a", now: now)
        await states.finished("a", now: now)
        #expect(await states.takeDue(now: now.addingTimeInterval(61)).map(\.name) == ["a"])
        #expect(await states.takeDue(now: now.addingTimeInterval(61)).isEmpty)
    }

    @Test("a store that cannot be read at load is an error, not every feed due at once")
    func unreadableStore() async throws {
        let dir = TemporaryDirectory()
        let config = try Self.config(["a"], in: dir)
        let store = try Self.store(config, in: dir)
        let states = FeedStates(store: store, logger: Self.logger)
        try await states.load(config.feeds)
        try store.close()
        await #expect(throws: StoreError.self) { try await states.load(config.feeds) }
    }
}
