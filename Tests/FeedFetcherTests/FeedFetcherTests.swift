@testable import FeedFetcher
import FeedwatchTestSupport
import Foundation
import Synchronization
import Testing

/// Every test talks to a real HTTP server on 127.0.0.1 through the real libcurl.
@Suite("Fetching over HTTP")
struct FeedFetcherTests {
    static let feed = Array("<rss version=\"2.0\"><channel><title>T</title></channel></rss>".utf8)

    static func fetcher(_ tweak: (inout FetcherConfiguration) -> Void = { _ in }) throws -> FeedFetcher {
        var c = FetcherConfiguration()
        c.hostSpacing = 0
        c.totalTimeout = 20
        // The loopback server stands for a remote host here: hold it to the manners.
        c.politeToLoopback = true
        tweak(&c)
        return try FeedFetcher(configuration: c)
    }

    @Test("200 with an ETag, then 304 when If-None-Match sends it back byte-exact")
    func etagRoundTrip() async throws {
        let server = try TestHTTPServer { req in
            if req.header("If-None-Match") == "W/\"abc 1\"" { return .init(status: 304, headers: [("ETag", "W/\"abc 1\"")]) }
            return .init(headers: [("ETag", "W/\"abc 1\""), ("Content-Type", "application/rss+xml; charset=ISO-8859-1")], body: Self.feed)
        }
        defer { server.stop() }
        let f = try Self.fetcher()
        defer { f.shutdown() }
        let first = await f.fetch(FetchRequest(url: server.baseURL + "/feed"))
        #expect(first.body == Self.feed)
        #expect(first.status == 200)
        #expect(first.etag == "W/\"abc 1\"")
        #expect(first.charset == "ISO-8859-1")
        let second = await f.fetch(FetchRequest(url: server.baseURL + "/feed", etag: first.etag))
        #expect(second.status == 304)
        if case .notModified = second.outcome {} else { Issue.record("expected notModified, got \(second.outcome)") }
        #expect(second.etag == "W/\"abc 1\"")
    }

    @Test("Last-Modified round trip, and conditional GET can be switched off")
    func lastModified() async throws {
        let stamp = "Wed, 13 Sep 2023 05:20:00 GMT"
        let server = try TestHTTPServer { req in
            if req.header("If-Modified-Since") == stamp { return .init(status: 304) }
            return .init(headers: [("Last-Modified", stamp)], body: Self.feed)
        }
        defer { server.stop() }
        let f = try Self.fetcher()
        defer { f.shutdown() }
        let first = await f.fetch(FetchRequest(url: server.baseURL + "/f"))
        #expect(first.lastModified == stamp)
        let second = await f.fetch(FetchRequest(url: server.baseURL + "/f", lastModified: first.lastModified))
        #expect(second.status == 304)
        #expect(second.lastModified == stamp, "kept from the request when the 304 carries none")
        let third = await f.fetch(FetchRequest(url: server.baseURL + "/f", lastModified: stamp, conditionalGet: false))
        #expect(third.status == 200)
        #expect(server.requests.last?.header("If-Modified-Since") == nil)
    }

    @Test("gzip and deflate bodies are decoded, and every encoding is offered", arguments: ["gzip", "deflate"])
    func compressed(_ encoding: String) async throws {
        let body = Array(String(repeating: "<item>Kim Jong Un</item>", count: 200).utf8)
        let encoded = encoding == "gzip" ? try Compression.gzip(body) : try Compression.zlib(body)
        let server = try TestHTTPServer { _ in .init(headers: [("Content-Encoding", encoding)], body: encoded) }
        defer { server.stop() }
        let f = try Self.fetcher()
        defer { f.shutdown() }
        let r = await f.fetch(FetchRequest(url: server.baseURL + "/z"))
        #expect(r.body == body)
        let offered = server.requests.first?.header("Accept-Encoding") ?? ""
        #expect(offered.contains("gzip") && offered.contains("deflate"))
    }

    @Test("a redirect chain is followed; a 301 at its start is reported as the new location")
    func redirects() async throws {
        let server = try TestHTTPServer { req in
            switch req.path {
            case "/old": return .init(status: 301, headers: [("Location", "/moved")])
            case "/moved": return .init(status: 302, headers: [("Location", "/final")])
            case "/final": return .init(body: Self.feed)
            case "/temp": return .init(status: 307, headers: [("Location", "/perm")])
            case "/perm": return .init(status: 308, headers: [("Location", "/final")])
            default: return .init(status: 404)
            }
        }
        defer { server.stop() }
        let f = try Self.fetcher()
        defer { f.shutdown() }
        let r = await f.fetch(FetchRequest(url: server.baseURL + "/old"))
        #expect(r.body == Self.feed)
        #expect(r.finalURL == server.baseURL + "/final")
        #expect(r.chain == ["/old", "/moved", "/final"].map { server.baseURL + $0 })
        #expect(r.permanentLocation == server.baseURL + "/moved")
        let t = await f.fetch(FetchRequest(url: server.baseURL + "/temp"))
        #expect(t.body == Self.feed)
        #expect(t.permanentLocation == nil, "a temporary hop first: the stored URL stays")
    }

    @Test("a redirect loop is an error naming the chain")
    func redirectLoop() async throws {
        let server = try TestHTTPServer { req in
            .init(status: 302, headers: [("Location", req.path == "/a" ? "/b" : "/a")])
        }
        defer { server.stop() }
        let f = try Self.fetcher()
        defer { f.shutdown() }
        let r = await f.fetch(FetchRequest(url: server.baseURL + "/a"))
        #expect(r.failure == .redirectLoop(["/a", "/b", "/a"].map { server.baseURL + $0 }))
        #expect(r.failure?.description.contains("/b") == true)
    }

    @Test("410 Gone is its own outcome")
    func gone() async throws {
        let server = try TestHTTPServer { _ in .init(status: 410) }
        defer { server.stop() }
        let f = try Self.fetcher()
        defer { f.shutdown() }
        let r = await f.fetch(FetchRequest(url: server.baseURL + "/x"))
        #expect(r.failure == .gone)
        #expect(r.status == 410)
    }

    @Test("429 and 503 read Retry-After in seconds and as an HTTP date")
    func retryAfter() async throws {
        let server = try TestHTTPServer { req in
            req.path == "/seconds"
                ? .init(status: 429, headers: [("Retry-After", "120")])
                : .init(status: 503, headers: [("Retry-After", "Fri, 31 Dec 2099 23:59:59 GMT")])
        }
        defer { server.stop() }
        let f = try Self.fetcher()
        defer { f.shutdown() }
        let before = Date()
        let a = await f.fetch(FetchRequest(url: server.baseURL + "/seconds"))
        guard case .rateLimited(let until)? = a.failure, let until else { Issue.record("not rate limited: \(a.outcome)"); return }
        #expect(until >= before.addingTimeInterval(119) && until <= Date().addingTimeInterval(121))
        let b = await f.fetch(FetchRequest(url: server.baseURL + "/date"))
        #expect(b.failure == .rateLimited(retryAfter: HTTPDate.parse("Fri, 31 Dec 2099 23:59:59 GMT")))
        #expect(b.retryAfter.map(HTTPDate.format) == "Thu, 31 Dec 2099 23:59:59 GMT" || b.retryAfter.map(HTTPDate.format) == "Fri, 31 Dec 2099 23:59:59 GMT")
    }

    @Test("Cache-Control max-age and Expires are reported")
    func freshness() async throws {
        let server = try TestHTTPServer { req in
            req.path == "/cc"
                ? .init(headers: [("Cache-Control", "public, max-age=600")], body: Self.feed)
                : .init(headers: [("Expires", "Fri, 31 Dec 2099 23:59:59 GMT")], body: Self.feed)
        }
        defer { server.stop() }
        let f = try Self.fetcher()
        defer { f.shutdown() }
        let a = await f.fetch(FetchRequest(url: server.baseURL + "/cc"))
        #expect((a.freshUntil?.timeIntervalSinceNow ?? 0) > 590)
        let b = await f.fetch(FetchRequest(url: server.baseURL + "/exp"))
        #expect(b.freshUntil == HTTPDate.parse("Fri, 31 Dec 2099 23:59:59 GMT"))
    }

    @Test("a server that never answers times out")
    func hangs() async throws {
        let server = try TestHTTPServer { _ in var r = TestHTTPServer.Response(); r.hang = true; return r }
        defer { server.stop() }
        let f = try Self.fetcher { $0.totalTimeout = 1.5 }
        defer { f.shutdown() }
        let r = await f.fetch(FetchRequest(url: server.baseURL + "/slow"))
        guard case .timeout? = r.failure else { Issue.record("expected a timeout, got \(r.outcome)"); return }
    }

    @Test("a server that drips bytes is cut off by the low-speed limit")
    func drips() async throws {
        let server = try TestHTTPServer { _ in
            var r = TestHTTPServer.Response(body: Array(repeating: UInt8(ascii: "x"), count: 10_000))
            r.dripInterval = 0.25
            return r
        }
        defer { server.stop() }
        let f = try Self.fetcher { $0.lowSpeedLimit = 1000; $0.lowSpeedTime = 1; $0.totalTimeout = 30 }
        defer { f.shutdown() }
        let r = await f.fetch(FetchRequest(url: server.baseURL + "/drip"))
        guard case .timeout(let detail)? = r.failure else { Issue.record("expected a low-speed cut, got \(r.outcome)"); return }
        #expect(detail.contains("under 1000 bytes/s for 1 s once the answer had begun, the low-speed limit"), "\(detail)")
    }

    @Test("a connection reset is a connect failure")
    func reset() async throws {
        let server = try TestHTTPServer { _ in var r = TestHTTPServer.Response(); r.reset = true; return r }
        defer { server.stop() }
        let f = try Self.fetcher()
        defer { f.shutdown() }
        let r = await f.fetch(FetchRequest(url: server.baseURL + "/rst"))
        guard case .connect? = r.failure else { Issue.record("expected connect, got \(r.outcome)"); return }
    }

    @Test("nothing listening is a connect failure; an unknown host is a DNS failure")
    func unreachable() async throws {
        let server = try TestHTTPServer { _ in .init() }
        let port = server.port
        server.stop()
        let f = try Self.fetcher()
        defer { f.shutdown() }
        let r = await f.fetch(FetchRequest(url: "http://127.0.0.1:\(port)/"))
        guard case .connect? = r.failure else { Issue.record("expected connect, got \(r.outcome)"); return }
        let d = await f.fetch(FetchRequest(url: "http://no-such-host.invalid/feed"))
        guard case .dns? = d.failure else { Issue.record("expected dns, got \(d.outcome)"); return }
    }

    @Test("an oversized body is stopped at the cap without being read whole")
    func oversized() async throws {
        let server = try TestHTTPServer { _ in .init(body: Array(repeating: 0x41, count: 4 << 20)) }
        defer { server.stop() }
        let f = try Self.fetcher { $0.maxBodyBytes = 64 << 10 }
        defer { f.shutdown() }
        let r = await f.fetch(FetchRequest(url: server.baseURL + "/big"))
        #expect(r.failure == .tooLarge(limit: 64 << 10))
    }

    @Test("a gzip bomb is stopped when its decoded size passes the cap")
    func gzipBomb() async throws {
        let bomb = try Compression.gzip(Array(repeating: 0, count: 64 << 20))
        #expect(bomb.count < 200_000)
        let server = try TestHTTPServer { _ in .init(headers: [("Content-Encoding", "gzip")], body: bomb) }
        defer { server.stop() }
        let f = try Self.fetcher { $0.maxBodyBytes = 1 << 20 }
        defer { f.shutdown() }
        let r = await f.fetch(FetchRequest(url: server.baseURL + "/bomb"))
        #expect(r.failure == .tooLarge(limit: 1 << 20))
    }

    @Test("the User-Agent names feedwatch and can be overridden per feed")
    func userAgent() async throws {
        let server = try TestHTTPServer { _ in .init(body: Self.feed) }
        defer { server.stop() }
        let f = try Self.fetcher()
        defer { f.shutdown() }
        _ = await f.fetch(FetchRequest(url: server.baseURL + "/a"))
        _ = await f.fetch(FetchRequest(url: server.baseURL + "/b", userAgent: "custom/1.0"))
        let agents = server.requests.map { $0.header("User-Agent") ?? "" }
        #expect(agents.first?.hasPrefix("feedwatch/") == true)
        #expect(agents.last == "custom/1.0")
    }

    @Test("only http, https and (when allowed) file URLs are fetched")
    func schemes() async throws {
        let f = try Self.fetcher { $0.allowFile = false }
        defer { f.shutdown() }
        let r = await f.fetch(FetchRequest(url: "ftp://example.org/feed"))
        guard case .invalidURL? = r.failure else { Issue.record("expected invalidURL, got \(r.outcome)"); return }
        let file = await f.fetch(FetchRequest(url: "file:///etc/hostname"))
        guard case .invalidURL? = file.failure else { Issue.record("expected invalidURL, got \(file.outcome)"); return }
    }

    @Test("a redirect to a local file is refused")
    func redirectToFile() async throws {
        let server = try TestHTTPServer { _ in .init(status: 302, headers: [("Location", "file:///etc/passwd")]) }
        defer { server.stop() }
        let f = try Self.fetcher()
        defer { f.shutdown() }
        let r = await f.fetch(FetchRequest(url: server.baseURL + "/x"))
        #expect(r.failure == .invalidURL("a redirect to a local file was refused"))
        #expect(r.body == nil)
    }

    @Test("TLS certificates are verified: a self-signed server is refused", .enabled(if: FileManager.default.fileExists(atPath: "/usr/bin/openssl")))
    func tlsVerified() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fw-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let gen = Process()
        gen.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        gen.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-days", "1",
                         "-keyout", dir.appendingPathComponent("k.pem").path, "-out", dir.appendingPathComponent("c.pem").path]
        gen.standardError = FileHandle.nullDevice
        try gen.run()
        gen.waitUntilExit()
        // A free port: bind, read it, release it for openssl.
        let probe = try TestHTTPServer { _ in .init() }
        let port = probe.port
        probe.stop()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        server.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", dir.appendingPathComponent("c.pem").path,
                            "-key", dir.appendingPathComponent("k.pem").path, "-www", "-quiet"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        let f = try Self.fetcher { $0.totalTimeout = 10 }
        defer { f.shutdown() }
        var result = await f.fetch(FetchRequest(url: "https://127.0.0.1:\(port)/"))
        // openssl may not be listening yet: a refused connection is retried briefly.
        var tries = 0
        while case .connect? = result.failure, tries < 50 {
            try await Task.sleep(for: .milliseconds(100))
            result = await f.fetch(FetchRequest(url: "https://127.0.0.1:\(port)/"))
            tries += 1
        }
        guard case .tls(let detail)? = result.failure else { Issue.record("expected a TLS failure, got \(result.outcome)"); return }
        #expect(detail.lowercased().contains("certificate"), "\(detail)")
    }

    @Test("file URLs read local feeds when allowed")
    func fileURL() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fw-\(UUID().uuidString).xml")
        try Data(Self.feed).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let f = try Self.fetcher()
        defer { f.shutdown() }
        let r = await f.fetch(FetchRequest(url: path.absoluteString))
        #expect(r.body == Self.feed)
    }
}

final class DoneCounter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
