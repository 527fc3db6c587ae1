import FeedModel
import FeedParser
import Foundation
import Testing

/// What running feedparser's public test cases through the parser found
/// (kurtmckee/feedparser, tests/wellformed and test_date_parsers.py), one test each.
@Suite("Conformance: feedparser's cases")
struct FeedparserSweepTests {
    @Test("UTF-32 without a byte order mark is recognised from '<', both byte orders", arguments: ["UTF-32LE", "UTF-32BE"])
    func utf32NoBOM(_ order: String) throws {
        let xml = "<?xml version=\"1.0\" encoding=\"utf-32\"?><rss version=\"2.0\"><channel><title>김정은 Путин</title></channel></rss>"
        let bytes = Transcode.encode(xml, as: order)
        #expect(Array(bytes.prefix(4)) == (order == "UTF-32LE" ? [0x3C, 0, 0, 0] : [0, 0, 0, 0x3C]), "no byte order mark")
        #expect(try FeedParser.parse(bytes).feed.title == "김정은 Путин")
    }

    @Test("Netscape's RSS 0.91 DTD declares HTML's Latin-1 entities: decoded without a warning; others still warn")
    func netscapeDoctype() throws {
        let doctype = "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">"
        let xml = doctype + "<rss version=\"0.91\"><channel><title>caf&eacute;&nbsp;au lait</title></channel></rss>"
        let parsed = try FeedParser.parse(xml)
        #expect(parsed.feed.title == "café au lait")
        #expect(parsed.warnings.isEmpty, "\(parsed.warnings)")
        let beyond = try FeedParser.parse(doctype + "<rss version=\"0.91\"><channel><title>a &mdash; b</title></channel></rss>")
        #expect(beyond.feed.title == "a — b")
        #expect(beyond.warnings.contains { $0.contains("undeclared HTML entity decoded") }, "&mdash; is not Latin-1: \(beyond.warnings)")
        let plain = try FeedParser.parse("<rss version=\"0.91\"><channel><title>caf&eacute;</title></channel></rss>")
        #expect(plain.warnings.contains { $0.contains("undeclared HTML entity decoded") }, "without the DTD: \(plain.warnings)")
    }

    @Test("a javascript:, vbscript: or data: link is no link; a lower-ranked one stands in")
    func scriptLinks() throws {
        let xml = """
            <rss version="2.0"><channel><title>t</title><link>javascript:alert(1)</link>
            <item><title>a</title><link>JavaScript:alert(document.cookie)</link></item>
            <item><title>b</title><link>data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;</link><guid>https://example.org/b</guid></item>
            <item><title>c</title><link>https://example.org/c</link></item>
            </channel></rss>
            """
        let feed = try FeedParser.parse(xml).feed
        #expect(feed.link == nil)
        #expect(feed.entries.map(\.link) == [nil, "https://example.org/b", "https://example.org/c"])
        let atom = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
            <entry><title>a</title><id>urn:a</id><link href="vbscript:msgbox(1)"/></entry></feed>
            """
        #expect(try FeedParser.parse(atom).feed.entries.first?.link == nil)
        let json = #"{"version": "https://jsonfeed.org/version/1.1", "home_page_url": "javascript:x()", "items": [{"id": "1", "url": "javascript:y()"}]}"#
        let j = try FeedParser.parse(json).feed
        #expect(j.link == nil && j.entries.first?.link == nil)
    }

    @Test("an impossible or leftover date in a feed is null, with a warning; a Korean one is read in Korea's time")
    func dates() throws {
        let xml = """
            <rss version="2.0"><channel><title>t</title>
            <item><title>a</title><pubDate>Sun, 31 Dec 9999 23:59:59 -9999</pubDate></item>
            <item><title>b</title><pubDate>2013-01-28T11:30:00-06:00Textra</pubDate></item>
            <item><title>c</title><pubDate>Mon, 26 January 2004 16:31:00 ET</pubDate></item>
            <item><title>d</title><pubDate>2004-05-25 오후 11:23:17</pubDate></item>
            </channel></rss>
            """
        let parsed = try FeedParser.parse(xml)
        #expect(parsed.feed.entries.map { $0.published.map(DateParser.iso8601) } == [nil, nil, "2004-01-26T21:31:00Z", "2004-05-25T14:23:17Z"])
        #expect(parsed.warnings.filter { $0.contains("unreadable date") }.count == 2, "\(parsed.warnings)")
    }
}
