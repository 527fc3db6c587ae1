@testable import FeedFetcher
import FeedwatchTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The limits are the README's: to connect, in all (the wait for the first
/// byte included), and for a server that drips once it has begun; a timeout
/// says which one cut the transfer. Short limits here, never long waits.
@Suite("Timeouts: which limit, and what it covers")
struct TimeoutTests {
    static let feed = FeedFetcherTests.feed

    static func detail(_ r: FetchResult) -> String? {
        if case .timeout(let d)? = r.failure { return d }
        return nil
    }

    @Test("a server silent for longer than the low-speed time before its first byte is waited for, up to the total limit")
    func slowFirstByte() async throws {
        let server = try TestHTTPServer { _ in
            var r = TestHTTPServer.Response(body: Self.feed)
            r.delay = 3
            return r
        }
        defer { server.stop() }
        let f = try FeedFetcherTests.fetcher { $0.lowSpeedLimit = 1000; $0.lowSpeedTime = 1; $0.totalTimeout = 30 }
        defer { f.shutdown() }
        let r = await f.fetch(FetchRequest(url: server.baseURL + "/slow"))
        #expect(r.body == Self.feed, "\(r.outcome)")
    }

    @Test("a server silent past the total limit is cut by it, and the error names it")
    func totalLimit() async throws {
        let server = try TestHTTPServer { _ in
            var r = TestHTTPServer.Response()
            r.hang = true
            return r
        }
        defer { server.stop() }
        let f = try FeedFetcherTests.fetcher { $0.lowSpeedTime = 1; $0.totalTimeout = 2 }
        defer { f.shutdown() }
        let r = await f.fetch(FetchRequest(url: server.baseURL + "/silent"))
        let d = try #require(Self.detail(r), "\(r.outcome)")
        #expect(d.hasPrefix("no complete answer within 2 s, the limit for a whole transfer"), "\(d)")
        #expect(r.failure?.description.hasPrefix("timed out: no complete answer within 2 s") == true)
    }

    @Test("a host that never completes the connection is cut by the connect limit, and the error names it")
    func connectLimit() async throws {
        // A listener that never accepts, with its queue full: the next SYN is dropped.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        #expect(listen(fd, 0) == 0)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        var fillers: [Int32] = []
        defer { fillers.forEach { close($0) } }
        for _ in 0..<4 {
            let c = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(c, $0, len) } }
            fillers.append(c)
        }
        let port = Int(UInt16(bigEndian: addr.sin_port))
        let f = try FeedFetcherTests.fetcher { $0.connectTimeout = 1; $0.totalTimeout = 20 }
        defer { f.shutdown() }
        let r = await f.fetch(FetchRequest(url: "http://127.0.0.1:\(port)/feed"))
        let d = try #require(Self.detail(r), "\(r.outcome)")
        #expect(d.hasPrefix("no connection within 1 s, the connect limit"), "\(d)")
    }
}
