import AlertStore
import FeedFetcher
import FeedwatchTestSupport
import Foundation
import Logging
import Testing
@testable import FeedwatchDaemon

/// The poll as straight-line steps, in process: fetch → parse → unseen → match →
/// commit → deliver, with the gate that bounds feeds in memory.
@Suite("The pipeline's poll steps, in process")
struct PipelineTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    static let doc = """
        <rss version="2.0"><channel><title>W</title>
        <item><guid>a1</guid><link>https://news.example.org/kim-putin</link><title>Kim meets Putin</title></item>
        <item><guid>a2</guid><title>Weather</title></item>
        </channel></rss>
        """

    static func context(_ conf: String, in dir: TemporaryDirectory) throws -> DaemonContext {
        try conf.write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        return try DaemonContext.open(DaemonPaths(config: dir.file("feeds.conf"), stateDirectory: dir.file("state")), logger: logger)
    }

    @Test("a poll reads, matches, commits and delivers; the next finds nothing new; two feeds with the same article alert once")
    func straightLine() async throws {
        let server = try TestHTTPServer { _ in .init(headers: [("Content-Type", "application/rss+xml")], text: Self.doc) }
        defer { server.stop() }
        let dir = TemporaryDirectory()
        let context = try Self.context("""
            [feed one]
            url = \(server.baseURL)/one

            [feed two]
            url = \(server.baseURL)/two

            [topic kim]
            query = kim AND putin
            """, in: dir)
        let fetcher = try FeedFetcher(configuration: FetcherConfiguration())
        defer { fetcher.shutdown() }
        let pipeline = Pipeline(config: context.config, store: context.store, delivery: context.delivery, fetcher: fetcher, logger: Self.logger)
        let one = try #require(context.config.feeds.first { $0.name == "one" })
        let two = try #require(context.config.feeds.first { $0.name == "two" })
        #expect(await pipeline.pollOne(one, state: try context.store.feedState(named: "one"), now: Date.init) == .read(new: 2, alerts: 1))
        #expect(await pipeline.pollOne(one, state: try context.store.feedState(named: "one"), now: Date.init) == .read(new: 0, alerts: 0))
        #expect(await pipeline.pollOne(two, state: try context.store.feedState(named: "two"), now: Date.init) == .read(new: 2, alerts: 0),
                "the same link on another feed is the same article: no second alert")
        let logged = try String(contentsOfFile: context.log.path, encoding: .utf8).split(separator: "\n")
        #expect(logged.count == 1 && logged[0].contains("Kim meets Putin"))
        #expect(try context.store.undelivered().isEmpty)
    }

    @Test("a pipeline built by a reload shares the gate of the one before: a poll waits while the old one holds the permits")
    func reloadKeepsTheBound() async throws {
        let server = try TestHTTPServer { _ in .init(headers: [("Content-Type", "application/rss+xml")], text: Self.doc) }
        defer { server.stop() }
        let dir = TemporaryDirectory()
        let context = try Self.context("[feed one]\nurl = \(server.baseURL)/one\n\n[topic kim]\nquery = kim\n", in: dir)
        let fetcher = try FeedFetcher(configuration: FetcherConfiguration())
        defer { fetcher.shutdown() }
        let gate = AsyncSemaphore(permits: 1)
        // The old pipeline's poll between its transfer and its store: it holds the only permit.
        await gate.acquire()
        let reloaded = Pipeline(config: context.config, store: context.store, delivery: context.delivery, fetcher: fetcher,
                                logger: Self.logger, gate: gate)
        let feed = try #require(context.config.feeds.first)
        let poll = Task { await reloaded.pollOne(feed, state: nil, now: Date.init) }
        #expect(await SlowFeedsTests.eventually { !server.requests.isEmpty }, "the new poll's transfer ran")
        // Its transfer has ended; it must not store while the permit is held.
        try await Task.sleep(for: .milliseconds(300))
        #expect(try context.store.feedState(named: "one")?.lastPoll == nil, "stored while the old poll held the gate")
        gate.release()
        #expect(await poll.value == .read(new: 2, alerts: 1))
    }

    @Test("a poll of the old pipeline committing after a reload and one of the new meet the same story: one alert, not two")
    func reloadKeepsTheStories() async throws {
        let title = "Kim Jong Un arrives at the Vostochny cosmodrome for talks with Vladimir Putin on rockets and grain"
        let server = try TestHTTPServer { r in
            .init(headers: [("Content-Type", "application/rss+xml")], text: """
                <rss version="2.0"><channel><title>W</title>
                <item><guid>x</guid><link>https://news.example.org\(r.path)/summit</link><title>\(title)</title></item>
                </channel></rss>
                """)
        }
        defer { server.stop() }
        let dir = TemporaryDirectory()
        let context = try Self.context("""
            [feed one]
            url = \(server.baseURL)/one

            [feed two]
            url = \(server.baseURL)/two

            [topic kim]
            query = kim
            """, in: dir)
        let fetcher = try FeedFetcher(configuration: FetcherConfiguration())
        defer { fetcher.shutdown() }
        let old = Pipeline(config: context.config, store: context.store, delivery: context.delivery, fetcher: fetcher, logger: Self.logger)
        // The reload builds its pipeline while the old one's poll of `one` is still on its way to the store.
        let reloaded = Pipeline(config: context.config, store: context.store, delivery: context.delivery, fetcher: fetcher,
                                logger: Self.logger, stories: old.stories)
        let one = try #require(context.config.feeds.first { $0.name == "one" })
        let two = try #require(context.config.feeds.first { $0.name == "two" })
        #expect(await old.pollOne(one, state: nil, now: Date.init) == .read(new: 1, alerts: 1))
        #expect(await reloaded.pollOne(two, state: nil, now: Date.init) == .read(new: 1, alerts: 0),
                "the new pipeline's copy joins the story the old one's poll began")
        #expect(try context.store.stories(topic: "kim", since: nil, limit: 10).map(\.sources) == [2])
    }
}
