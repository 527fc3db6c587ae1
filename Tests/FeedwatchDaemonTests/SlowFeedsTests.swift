import FeedFetcher
import FeedwatchTestSupport
import Foundation
import Logging
import Synchronization
import Testing
@testable import FeedwatchDaemon

/// The pipeline's bound on feeds in memory must not let slow servers hold up
/// the feeds of healthy ones (README: a slow feed holds up no other).
@Suite("The pipeline while many feeds are slow")
struct SlowFeedsTests {
    static let doc = "<rss version=\"2.0\"><channel><title>W</title><item><guid>k1</guid><title>Kim</title></item></channel></rss>"

    @Test("40 feeds on stalled hosts and a gate of 32: the healthy feed's polls are all read and stored while they stall")
    func healthyFeedKeepsItsPolls() async throws {
        let stalled = try (0..<40).map { i in
            try TestHTTPServer(address: "127.0.0.\(60 + i)") { _ in
                var r = TestHTTPServer.Response()
                r.hang = true
                return r
            }
        }
        let healthy = try TestHTTPServer { _ in .init(headers: [("Content-Type", "application/rss+xml")], text: Self.doc) }
        defer { healthy.stop() }
        let dir = TemporaryDirectory()
        var conf = "[feed healthy]\nurl = \(healthy.baseURL)/feed\n\n[topic kim]\nquery = kim\n\n"
        for (i, s) in stalled.enumerated() { conf += "[feed slow\(i)]\nurl = \(s.baseURL)/slow\n\n" }
        try conf.write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let context = try DaemonContext.open(DaemonPaths(config: dir.file("feeds.conf"), stateDirectory: dir.file("state")), logger: logger)
        var c = FetcherConfiguration()
        c.slowAfter = 0.2
        c.totalTimeout = 300
        let fetcher = try FeedFetcher(configuration: c)
        defer { fetcher.shutdown() }
        let pipeline = Pipeline(config: context.config, store: context.store, delivery: context.delivery, fetcher: fetcher,
                                logger: logger, gate: AsyncSemaphore(permits: 32))
        let stalledDone = DoneCounter()
        let tasks = context.config.feeds.filter { $0.name != "healthy" }.map { feed in
            Task {
                _ = await pipeline.pollOne(feed, state: nil, now: Date.init)
                stalledDone.increment()
            }
        }
        // The old gate would hang the test: stop the stalled servers after a minute.
        let rescue = Task {
            try? await Task.sleep(for: .seconds(60))
            for s in stalled { s.stop() }
        }
        defer { rescue.cancel() }
        let reached = await SlowFeedsTests.eventually { stalled.reduce(0) { $0 + $1.requests.count } == 40 }
        #expect(reached, "all 40 slow feeds' transfers started")
        let feed = try #require(context.config.feeds.first { $0.name == "healthy" })
        var outcomes: [Pipeline.FeedOutcome] = []
        for _ in 0..<5 { outcomes.append(await pipeline.pollOne(feed, state: try context.store.feedState(named: "healthy"), now: Date.init)) }
        #expect(outcomes == [.read(new: 1, alerts: 1)] + Array(repeating: .read(new: 0, alerts: 0), count: 4))
        #expect(stalledDone.value == 0, "the healthy feed's five polls were stored while the 40 others stalled")
        for s in stalled { s.stop() }
        fetcher.shutdown()
        for t in tasks { await t.value }
    }

    static func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<3000 where !condition() { try? await Task.sleep(for: .milliseconds(20)) }
        return condition()
    }
}

final class DoneCounter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
