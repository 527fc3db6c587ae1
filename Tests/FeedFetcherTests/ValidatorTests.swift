@testable import FeedFetcher
import FeedwatchTestSupport
import Foundation
import Testing

/// ETag and Last-Modified go back to the server that issued them, as they came, and only when that is safe.
@Suite("Validators: control characters and redirects")
struct ValidatorTests {
    static let feed = FeedFetcherTests.feed

    @Test("an ETag or Last-Modified holding a bare CR is neither kept nor sent back")
    func controlCharacters() async throws {
        let server = try TestHTTPServer { _ in
            .init(headers: [("ETag", "\"a\"\rX-Injected: 1"), ("Last-Modified", "Wed, 13 Sep 2023\r05:20:00 GMT")], body: Self.feed)
        }
        defer { server.stop() }
        let f = try FeedFetcherTests.fetcher()
        defer { f.shutdown() }
        let first = await f.fetch(FetchRequest(url: server.baseURL + "/feed"))
        #expect(first.status == 200)
        #expect(first.etag == nil && first.lastModified == nil)
        #expect(first.warnings.count == 2 && first.warnings.allSatisfy { $0.contains("control character") }, "\(first.warnings)")
        // Stored before this was checked: refused on the way out too.
        let second = await f.fetch(FetchRequest(url: server.baseURL + "/feed", etag: "\"a\"\r\nX-Injected: 1", lastModified: "x\ny"))
        #expect(second.status == 200)
        let request = try #require(server.requests.last)
        #expect(request.header("If-None-Match") == nil && request.header("If-Modified-Since") == nil && request.header("X-Injected") == nil)
        #expect(second.warnings.contains { $0.contains("stored ETag holds a control character: not sent") })
        #expect(FeedFetcher.isSafeHeaderValue("W/\"abc 1\"\t") && !FeedFetcher.isSafeHeaderValue("a\u{7F}"))
    }

    @Test("validators learned from a temporary redirect's target are not kept for the feed's own URL, and those sent go to it alone")
    func temporaryRedirect() async throws {
        let server = try TestHTTPServer { req in
            switch req.path {
            case "/feed": return .init(status: 302, headers: [("Location", "/cdn/feed")])
            default: return .init(headers: [("ETag", "\"cdn-1\""), ("Last-Modified", "Wed, 13 Sep 2023 05:20:00 GMT")], body: Self.feed)
            }
        }
        defer { server.stop() }
        let f = try FeedFetcherTests.fetcher()
        defer { f.shutdown() }
        let first = await f.fetch(FetchRequest(url: server.baseURL + "/feed"))
        #expect(first.body == Self.feed && first.finalURL == server.baseURL + "/cdn/feed")
        #expect(first.etag == nil && first.lastModified == nil, "the target's validators are not the feed URL's")
        let second = await f.fetch(FetchRequest(url: server.baseURL + "/feed", etag: "\"own-1\""))
        let requests = server.requests.suffix(2)
        #expect(requests.map(\.path) == ["/feed", "/cdn/feed"])
        #expect(requests.first?.header("If-None-Match") == "\"own-1\"", "sent to the URL they were issued for")
        #expect(requests.last?.header("If-None-Match") == nil, "not passed on to the redirect's target")
        #expect(second.etag == "\"own-1\"", "still the feed URL's own")
    }

    @Test("after a permanent redirect the validators are the new place's, or none: never the old place's")
    func permanentRedirect() async throws {
        let server = try TestHTTPServer { req in
            switch req.path {
            case "/old": return .init(status: 301, headers: [("Location", "/new")])
            case "/old-bare": return .init(status: 301, headers: [("Location", "/bare")])
            case "/new": return .init(headers: [("ETag", "\"new-1\"")], body: Self.feed)
            default: return .init(body: Self.feed)
            }
        }
        defer { server.stop() }
        let f = try FeedFetcherTests.fetcher()
        defer { f.shutdown() }
        let moved = await f.fetch(FetchRequest(url: server.baseURL + "/old", etag: "\"old-1\""))
        #expect(moved.permanentLocation == server.baseURL + "/new" && moved.etag == "\"new-1\"")
        let bare = await f.fetch(FetchRequest(url: server.baseURL + "/old-bare", etag: "\"old-1\"", lastModified: "Tue, 12 Sep 2023 05:20:00 GMT"))
        #expect(bare.permanentLocation == server.baseURL + "/bare")
        #expect(bare.etag == nil && bare.lastModified == nil)
    }
}
