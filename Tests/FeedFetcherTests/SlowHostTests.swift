@testable import FeedFetcher
import FeedwatchTestSupport
import Foundation
import Testing

/// Slow hosts hold up no other (README): counted, never timed.
@Suite("Fetching while many hosts are slow")
struct SlowHostTests {
    /// `count` hosts (127.0.0.10, .11, …) whose every request stalls until the server stops.
    static func stalledHosts(_ count: Int) throws -> [TestHTTPServer] {
        try (0..<count).map { i in
            try TestHTTPServer(address: "127.0.0.\(10 + i)") { _ in
                var r = TestHTTPServer.Response()
                r.hang = true
                return r
            }
        }
    }

    /// Waits (up to a minute) until `condition` holds.
    static func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<3000 where !condition() { try? await Task.sleep(for: .milliseconds(20)) }
        return condition()
    }

    @Test("40 stalled hosts do not take the 32 global places: a healthy host's transfers all complete while they stall")
    func stalledHostsDoNotStarveHealthyOnes() async throws {
        let stalled = try Self.stalledHosts(40)
        let healthy = try TestHTTPServer { _ in .init(body: FeedFetcherTests.feed) }
        defer { healthy.stop() }
        let f = try FeedFetcherTests.fetcher { $0.totalTimeout = 300; $0.slowAfter = 0.2 }
        defer { f.shutdown() }
        #expect(f.configuration.globalLimit == 32)
        let stalledDone = DoneCounter()
        let tasks = stalled.map { s in
            Task {
                _ = await f.fetch(FetchRequest(url: s.baseURL + "/slow"))
                stalledDone.increment()
            }
        }
        // Without a way out the old scheduler would hang the test: stop the
        // stalled servers after a minute (the expectations below then fail).
        let rescue = Task {
            try? await Task.sleep(for: .seconds(60))
            for s in stalled { s.stop() }
        }
        defer { rescue.cancel() }
        #expect(await Self.eventually { stalled.reduce(0) { $0 + $1.requests.count } == 40 },
                "every stalled host got its request, past the 32 global places")
        for i in 0..<10 {
            let r = await f.fetch(FetchRequest(url: healthy.baseURL + "/ok/\(i)"))
            #expect(r.body == FeedFetcherTests.feed)
        }
        #expect(stalledDone.value == 0, "the healthy host's 10 transfers completed while the 40 others stalled")
        for s in stalled { s.stop() }
        f.shutdown()
        for t in tasks { await t.value }
    }
}
