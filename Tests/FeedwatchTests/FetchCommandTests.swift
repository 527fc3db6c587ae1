import FeedwatchTestSupport
import Foundation
import Testing

@Suite("feedwatch fetch")
struct FetchCommandTests {
    static let feed = "<rss version=\"2.0\"><channel><title>Loopback</title><item><title>a</title></item></channel></rss>"

    @Test("shows status, validators, size and a parse summary, and saves the body")
    func fetches() async throws {
        let server = try TestHTTPServer { req in
            if req.header("If-None-Match") == "\"v1\"" { return .init(status: 304, headers: [("ETag", "\"v1\"")]) }
            return .init(headers: [("ETag", "\"v1\""), ("Content-Type", "application/rss+xml; charset=utf-8")], text: Self.feed)
        }
        defer { server.stop() }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("fw-fetch-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try await CLI.run(["fetch", server.baseURL + "/feed", "--output", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("status:        200"))
        #expect(r.stdout.contains("etag:          \"v1\""))
        #expect(r.stdout.contains("parsed:        rss2.0 \"Loopback\", 1 entries, 0 warnings"))
        #expect(try String(contentsOf: out, encoding: .utf8) == Self.feed)
        let again = try await CLI.run(["fetch", server.baseURL + "/feed", "--etag", "\"v1\""])
        #expect(again.status == 0)
        #expect(again.stdout.contains("status:        304"))
    }

    @Test("the parser's warnings are listed with their lines, not only counted")
    func parserWarnings() async throws {
        let truncated = String(Self.feed.dropLast("</item></channel></rss>".count))
        let server = try TestHTTPServer { _ in .init(headers: [("Content-Type", "application/rss+xml")], text: truncated) }
        defer { server.stop() }
        let r = try await CLI.run(["fetch", server.baseURL + "/feed"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("0 entries, 2 warnings"), "\(r.stdout)")
        #expect(r.stdout.contains("parser:        line 1: the document ends inside <item> in <channel> in <rss>: it looks truncated"),
                "\(r.stdout)")
    }

    @Test("what the server sent is shown cleaned of escape sequences and control characters")
    func hostileHeaders() async throws {
        let server = try TestHTTPServer { _ in
            .init(headers: [("ETag", "\"v1\u{1B}]0;pwned\u{07}\""), ("Last-Modified", "\u{1B}[2JWed, 13 Sep 2023 05:20:00 GMT"),
                            ("Content-Type", "application/rss+xml\u{1B}[31m; charset=utf-8")],
                  text: Self.feed.replacingOccurrences(of: "Loopback", with: "Loop\u{1B}[5mback"))
        }
        defer { server.stop() }
        let r = try await CLI.run(["fetch", server.baseURL + "/feed"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(r.stdout)")
        #expect(r.stdout.contains("content-type:  application/rss+xml ; charset=utf-8"), "\(r.stdout)")
        #expect(r.stdout.contains("etag:          none") && r.stdout.contains("warning:       the server's ETag holds a control character"),
                "validators with control characters are refused, and the refusal shown")
    }

    @Test("HTTP failures are told in words, and Retry-After is shown as sent with the time it ends")
    func failuresInWords() async throws {
        let server = try TestHTTPServer { req in
            switch req.path {
            case "/401": return .init(status: 401)
            case "/403": return .init(status: 403)
            case "/404": return .init(status: 404)
            case "/502": return .init(status: 502)
            default: return .init(status: 429, headers: [("Retry-After", "120")])
            }
        }
        defer { server.stop() }
        for (path, words) in [("/401", "needs a login"), ("/403", "refuses feedwatch"), ("/404", "no feed at this URL"), ("/502", "Bad Gateway")] {
            let r = try await CLI.run(["fetch", server.baseURL + path])
            #expect(r.status == 1)
            #expect(r.stderr.contains(words), "\(path): \(r.stderr)")
        }
        let limited = try await CLI.run(["fetch", server.baseURL + "/busy"])
        #expect(limited.stdout.contains("retry after:   120 as sent: until "), "\(limited.stdout)")
        #expect(limited.stdout.range(of: #"\(in 1[0-2][0-9] s\)"#, options: .regularExpression) != nil, "about 120 s from now")
    }

    @Test("proxies come from the usual environment variables")
    func proxyFromEnvironment() async throws {
        // Our server plays the proxy: a proxied request names the absolute URL.
        let proxy = try TestHTTPServer { req in
            req.path == "http://feeds.example.invalid/world.xml" ? .init(text: Self.feed) : .init(status: 404)
        }
        defer { proxy.stop() }
        let r = try await CLI.run(["fetch", "http://feeds.example.invalid/world.xml"], environment: ["http_proxy": proxy.baseURL, "no_proxy": ""])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("parsed:        rss2.0 \"Loopback\""))
        #expect(proxy.requests.first?.path == "http://feeds.example.invalid/world.xml")
    }

    @Test("a failure exits 1 with the URL and the reason on stderr")
    func fails() async throws {
        let server = try TestHTTPServer { _ in .init(status: 410) }
        defer { server.stop() }
        let r = try await CLI.run(["fetch", server.baseURL + "/old"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("/old: the feed is gone (HTTP 410)"))
        let silent = try TestHTTPServer { _ in
            var r = TestHTTPServer.Response()
            r.hang = true
            return r
        }
        defer { silent.stop() }
        let cut = try await CLI.run(["fetch", silent.baseURL + "/silent", "--timeout", "1"])
        #expect(cut.status == 1)
        #expect(cut.stderr.contains("timed out: no complete answer within 1 s, the limit for a whole transfer"), "\(cut.stderr)")
    }
}
