import FeedModel
import Foundation
import GRDB
import Synchronization
import Testing
@testable import AlertStore
import FeedwatchTestSupport

@Suite("Group commit: polls committing at once share one transaction, each with its own result")
struct GroupCommitTests {
    /// Five feeds; poll `i` of feed `f<i>` has three entries, the first about Kim.
    static func entries(_ i: Int) -> [Entry] {
        (0..<3).map { k in AlertStoreTests.entry("f\(i)-\(k)", k == 0 ? "Kim meets Putin, report \(i)" : "Weather \(i).\(k)") }
    }

    static func commit(_ store: AlertStore, feed: String, _ entries: [Entry]) -> Result<IngestResult, StoreError> {
        var matches: [String: [TopicMatch]] = [:]
        for (e, m) in zip(entries, AlertStoreTests.kim(entries)) { matches[e.id] = m }
        return Result { () throws(StoreError) in
            try store.commit(feed: feed, entries: entries, identity: .guid, now: AlertStoreTests.t0, matches: matches)
        }
    }

    /// Runs `polls` on threads of their own while a write holds the store's
    /// writer: the first to arrive leads (and waits for the writer), the rest
    /// queue behind it and go together once it is let go. Returns each poll's result.
    static func whileWriterHeld(_ store: AlertStore, _ polls: [(feed: String, entries: [Entry])]) throws -> [Result<IngestResult, StoreError>] {
        try whileWriterHeld(store, count: polls.count, waiting: { store.commits.waiting }) { i in commit(store, feed: polls[i].feed, polls[i].entries) }
    }

    /// `count` writes (`write(i)`) on threads of their own while a write holds
    /// the store's writer; `waiting`: how many wait in their queue.
    static func whileWriterHeld<T: Sendable>(_ store: AlertStore, count: Int, waiting: @escaping () -> Int,
                                             _ write: @escaping @Sendable (Int) -> T) throws -> [T] {
        let held = DispatchSemaphore(value: 0), holding = DispatchSemaphore(value: 0)
        let blocker = Thread { _ = try? store.pool.write { _ in holding.signal(); held.wait() } }
        blocker.start()
        holding.wait()
        let results = Mutex([Int: T]())
        let group = DispatchGroup()
        for i in 0..<count {
            group.enter()
            Thread {
                let r = write(i)
                results.withLock { $0[i] = r }
                group.leave()
            }.start()
            // One at a time, so that the first leads and the others queue in order.
            for _ in 0..<6000 where waiting() < i { usleep(10_000) }
        }
        #expect(waiting() == count - 1, "all but the leader wait in the queue")
        held.signal()
        group.wait()
        return try results.withLock { r in try (0..<count).map { try #require(r[$0]) } }
    }

    @Test("the outcomes of polls ending at once are one transaction, each on its own feed's row")
    func records() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir, feeds: (0..<6).map { "f\($0)" })
        let results = try Self.whileWriterHeld(store, count: 6, waiting: { store.records.waiting }) { i in
            Result { () throws(StoreError) in
                try store.record(feed: "f\(i)", PollRecord(time: AlertStoreTests.t0, status: i == 3 ? 500 : 200, etag: "\"v\(i)\"",
                                                           error: i == 3 ? "HTTP 500" : nil))
            }
        }
        for r in results { try r.get() }
        #expect(store.records.batched.load(ordering: .relaxed) == 5)
        let states = Dictionary(uniqueKeysWithValues: try store.feedStates().map { ($0.name, $0) })
        for i in 0..<6 {
            let s = try #require(states["f\(i)"])
            #expect(s.lastStatus == (i == 3 ? 500 : 200))
            #expect(s.errorCount == (i == 3 ? 1 : 0))
            #expect(s.etag == (i == 3 ? nil : "\"v\(i)\""))
        }
    }

    @Test("five polls at once: the four that waited are one transaction, and every entry and alert is stored once")
    func batch() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir, feeds: (0..<5).map { "f\($0)" })
        let results = try Self.whileWriterHeld(store, (0..<5).map { ("f\($0)", Self.entries($0)) })
        #expect(store.commits.batched.load(ordering: .relaxed) == 4)
        for (i, r) in results.enumerated() {
            let ingest = try r.get()
            #expect(ingest.new == 3)
            #expect(ingest.alerts.map(\.feed) == ["f\(i)"])
        }
        #expect(try store.alerts(AlertQuery(limit: 100)).count == 5)
        let ids = results.flatMap { (try? $0.get().alerts.map(\.id)) ?? [] }
        #expect(Set(ids).count == 5, "each alert has its own id")
    }

    @Test("two feeds with the same article in one batch: one alert, the other feed's entry a duplicate")
    func sameArticle() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir, feeds: ["lead", "x", "y"])
        let shared = AlertStoreTests.entry("x-1", "Kim arrives in Vladivostok", link: "https://wire.example/kim")
        let again = AlertStoreTests.entry("y-1", "Kim arrives in Vladivostok", link: "https://wire.example/kim")
        let results = try Self.whileWriterHeld(store, [("lead", Self.entries(0)), ("x", [shared]), ("y", [again])])
        #expect(store.commits.batched.load(ordering: .relaxed) == 2)
        let x = try results[1].get(), y = try results[2].get()
        #expect(x.alerts.count == 1 && y.alerts.isEmpty)
        #expect(x.new == 1 && y.new == 1 && y.duplicates == 1)
        #expect(try store.alerts(AlertQuery(topic: "kim", limit: 100)).filter { $0.link == "https://wire.example/kim" }.count == 1)
    }

    @Test("a poll that fails in a batch fails alone: the others of its batch are stored")
    func failureStaysAlone() throws {
        let dir = TemporaryDirectory()
        // "ghost" is not registered: its commit throws inside the batch's transaction.
        let store = try AlertStoreTests.open(dir, feeds: ["f0", "f1", "f3"])
        let results = try Self.whileWriterHeld(store, [("f0", Self.entries(0)), ("f1", Self.entries(1)), ("ghost", Self.entries(2)),
                                                       ("f3", Self.entries(3))])
        guard case .failure(let error) = results[2] else {
            Issue.record("the commit of an unregistered feed succeeded")
            return
        }
        #expect(error.description.contains("feed ghost is not registered"))
        for i in [0, 1, 3] { #expect(try results[i].get().new == 3) }
        #expect(try store.alerts(AlertQuery(limit: 100)).map(\.feed).sorted() == ["f0", "f1", "f3"])
        // The three that waited went as one batch, rolled back, then each alone: none stored twice (above).
        #expect(store.commits.batched.load(ordering: .relaxed) == 3)
    }
}
