@testable import FeedFetcher
import FeedwatchTestSupport
import Foundation
import Testing

@Suite("HTTP dates")
struct HTTPDateTests {
    static func iso(_ text: String) -> String? {
        HTTPDate.parse(text).map { ISO8601DateFormatter().string(from: $0) }
    }

    @Test("the three forms of RFC 9110, two-digit years included")
    func forms() {
        #expect(Self.iso("Sun, 06 Nov 1994 08:49:37 GMT") == "1994-11-06T08:49:37Z")
        #expect(Self.iso("Sunday, 06-Nov-94 08:49:37 GMT") == "1994-11-06T08:49:37Z")
        #expect(Self.iso("Sun Nov  6 08:49:37 1994") == "1994-11-06T08:49:37Z")
        #expect(Self.iso("Sat, 01 Jan 00 00:00:00 GMT") == "2000-01-01T00:00:00Z")
    }

    @Test("years that are no date a server means (0000, past 9999, 2^63) are unreadable, not year 1 or 2000")
    func impossibleYears() {
        for year in ["0000", "10000", "9223372036854775807", "9223372036854775808", "99999999999999999999"] {
            #expect(HTTPDate.parse("Thu, 01 Jan \(year) 00:00:00 GMT") == nil, "\(year)")
        }
    }

    @Test("an Expires in year 2^63 gives no cache lifetime")
    func hugeExpires() async throws {
        let server = try TestHTTPServer { _ in
            .init(headers: [("Expires", "Thu, 01 Jan 9223372036854775807 00:00:00 GMT")], body: FeedFetcherTests.feed)
        }
        defer { server.stop() }
        let f = try FeedFetcherTests.fetcher()
        defer { f.shutdown() }
        let r = await f.fetch(FetchRequest(url: server.baseURL + "/feed"))
        #expect(r.status == 200)
        #expect(r.freshUntil == nil)
    }
}
