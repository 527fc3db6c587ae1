@testable import FeedFetcher
import FeedwatchTestSupport
import Foundation
import Synchronization
import Testing

/// The fetcher's manners per host, against real loopback servers through libcurl.
@Suite("Fetching: manners per host")
struct HostMannersTests {
    @Test("50 feeds on one host never exceed the per-host limit")
    func perHostLimit() async throws {
        let server = try TestHTTPServer { _ in
            var r = TestHTTPServer.Response(body: FeedFetcherTests.feed)
            r.delay = 0.05
            return r
        }
        defer { server.stop() }
        let f = try FeedFetcherTests.fetcher { $0.perHostLimit = 2; $0.globalLimit = 32 }
        defer { f.shutdown() }
        let results = await withTaskGroup(of: FetchResult.self) { group in
            for i in 0..<50 { group.addTask { await f.fetch(FetchRequest(url: server.baseURL + "/feed/\(i)")) } }
            var all: [FetchResult] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.allSatisfy { $0.body == FeedFetcherTests.feed })
        #expect(server.requests.count == 50)
        #expect(server.maxConcurrentRequests <= 2)
        #expect(server.maxConcurrentRequests == 2, "the limit is used, not just respected")
    }

    @Test("requests to one host keep the configured spacing; other hosts do not wait for it")
    func hostSpacing() async throws {
        let server = try TestHTTPServer { _ in .init(body: FeedFetcherTests.feed) }
        defer { server.stop() }
        let f = try FeedFetcherTests.fetcher { $0.hostSpacing = 3600 }
        defer { f.shutdown() }
        let first = await f.fetch(FetchRequest(url: server.baseURL + "/1"))
        #expect(first.body == FeedFetcherTests.feed)
        let second = Task { await f.fetch(FetchRequest(url: server.baseURL + "/2")) }
        // Another host (localhost is another name) is not held up by that spacing.
        let other = await f.fetch(FetchRequest(url: "http://localhost:\(server.port)/other"))
        #expect(other.body == FeedFetcherTests.feed)
        #expect(!server.requests.contains { $0.path == "/2" }, "the second request to 127.0.0.1 is still waiting its turn")
        second.cancel()  // a cancelled wait goes ahead at once
        let late = await second.value
        #expect(late.body == FeedFetcherTests.feed)
        #expect(server.requests.map(\.path) == ["/1", "/other", "/2"])
    }

    @Test("the user's own machine (loopback) is not held to the manners by default")
    func loopbackExempt() async throws {
        let server = try TestHTTPServer { _ in .init(body: FeedFetcherTests.feed) }
        defer { server.stop() }
        let f = try FeedFetcherTests.fetcher { $0.hostSpacing = 3600; $0.perHostLimit = 1; $0.politeToLoopback = false }
        defer { f.shutdown() }
        async let a = f.fetch(FetchRequest(url: server.baseURL + "/1"))
        async let b = f.fetch(FetchRequest(url: server.baseURL + "/2"))
        let (x, y) = await (a, b)
        #expect(x.body == FeedFetcherTests.feed && y.body == FeedFetcherTests.feed, "no hour of spacing between the two")
        #expect(HostScheduler.isLoopback("127.0.0.1") && HostScheduler.isLoopback("localhost") && HostScheduler.isLoopback("[::1]"))
        #expect(!HostScheduler.isLoopback("128.0.0.1") && !HostScheduler.isLoopback("example.com"))
    }

    @Test("local files (file:// URLs) are read without a host's spacing or limit")
    func localFilesExempt() async throws {
        let dir = TemporaryDirectory()
        for n in ["a.xml", "b.xml"] { try Data(FeedFetcherTests.feed).write(to: URL(fileURLWithPath: dir.file(n))) }
        // An hour between two requests to one host: two files read one after
        // the other under it would take that hour (300 files took 5 minutes with the default second).
        let f = try FeedFetcherTests.fetcher { $0.hostSpacing = 3600; $0.perHostLimit = 1; $0.politeToLoopback = false }
        defer { f.shutdown() }
        let first = await f.fetch(FetchRequest(url: "file://" + dir.file("a.xml")))
        let second = await f.fetch(FetchRequest(url: "file://" + dir.file("b.xml")))
        #expect(first.body == FeedFetcherTests.feed && second.body == FeedFetcherTests.feed, "no hour of spacing between the two")
        #expect(HostScheduler.isLoopback(HostScheduler.localFiles) && !HostScheduler.isLoopback("file"), "a host named file is a server")
    }

    @Test("one hanging host does not hold up feeds on other hosts")
    func hangingHostIsolated() async throws {
        let stuck = try TestHTTPServer { _ in var r = TestHTTPServer.Response(); r.hang = true; return r }
        let healthy = try TestHTTPServer { _ in .init(body: FeedFetcherTests.feed) }
        defer { healthy.stop() }
        let f = try FeedFetcherTests.fetcher { $0.perHostLimit = 2; $0.globalLimit = 8; $0.totalTimeout = 60 }
        defer { f.shutdown() }
        let stuckDone = DoneCounter()
        // Different host names (localhost vs 127.0.0.1) are different hosts to the limits.
        let stuckTasks = (0..<6).map { i in
            Task {
                let r = await f.fetch(FetchRequest(url: "http://localhost:\(stuck.port)/hang/\(i)"))
                stuckDone.increment()
                return r
            }
        }
        let good = await withTaskGroup(of: FetchResult.self) { group in
            for i in 0..<20 { group.addTask { await f.fetch(FetchRequest(url: healthy.baseURL + "/ok/\(i)")) } }
            var all: [FetchResult] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(good.count == 20)
        #expect(good.allSatisfy { $0.body == FeedFetcherTests.feed })
        #expect(stuckDone.value == 0, "the stuck host's fetches were still waiting")
        stuck.stop()
        f.shutdown()
        for t in stuckTasks { _ = await t.value }
    }
}
