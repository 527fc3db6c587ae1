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

    @Test("a category is its own text, not that of elements inside it (item_category_image.xml)")
    func categoryOwnText() throws {
        let xml = """
            <rss version="2.0"><channel><title>t</title><item><title>a</title>
            <category>Example category<image><url>http://example.org/i.jpg</url><title>Savage Love</title></image> and more</category>
            <category>Second</category></item></channel></rss>
            """
        let e = try #require(try FeedParser.parse(xml).feed.entries.first)
        #expect(e.categories == ["Example category and more", "Second"])
        #expect(e.title == "a")
    }

    @Test("an Atom summary or content of type text that holds elements keeps them as markup; a title drops them (entry_summary_naked_markup.xml)")
    func nakedMarkup() throws {
        for (ns, version) in [("http://www.w3.org/2005/Atom", ""), ("http://purl.org/atom/ns#", " version=\"0.3\"")] {
            let xml = """
                <feed xmlns="\(ns)"\(version)><title>t</title><entry><id>urn:a</id><title>A <b>title</b></title>
                <summary>Example <b>Atom</b></summary><content>Example <i>C</i><br/>x</content></entry></feed>
                """
            let e = try #require(try FeedParser.parse(xml).feed.entries.first)
            #expect(e.summary == "Example <b>Atom</b>", "\(ns)")
            #expect(e.content == "Example <i>C</i><br/>x", "\(ns)")
            #expect(e.title == "A title", "\(ns)")
        }
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

/// What gofeed's test data (mmcdole/gofeed, testdata/translator and testdata/parser) found.
extension FeedparserSweepTests {
    @Test("entries with no title, guid or link get distinct ids from their text or authors; titled ones keep theirs")
    func untitledIDs() throws {
        let xml = """
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>notes</title>
            <item><description>first note</description></item><item><description>second note</description></item>
            <item><dc:creator>Ann Lee</dc:creator></item><item><dc:creator>Bob</dc:creator></item>
            <item><description>first note</description></item>
            </channel></rss>
            """
        let ids = try FeedParser.parse(xml).feed.entries.map(\.id)
        #expect(Set(ids.prefix(4)).count == 4, "\(ids)")
        #expect(ids[4] == ids[0], "the same note is the same entry from poll to poll")
        let titled = try FeedParser.parse("<rss version=\"2.0\"><channel><title>t</title><item><title>a</title><description>x</description></item></channel></rss>")
        let again = try FeedParser.parse("<rss version=\"2.0\"><channel><title>t</title><item><title>a</title><description>y</description></item></channel></rss>")
        #expect(titled.feed.entries[0].id == again.feed.entries[0].id, "a titled entry's id does not move with its text")
    }

    @Test("an author in parentheses is a name unless it is an address; a bare <address> loses its brackets")
    func authorForms() throws {
        let xml = """
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title>
            <item><title>1</title><dc:creator>Jane Doe (@jane)</dc:creator></item>
            <item><title>2</title><dc:creator>a@b.org (Ann Lee)</dc:creator></item>
            <item><title>3</title><dc:creator>Ann Lee (mailto:a@b.org)</dc:creator></item>
            <item><title>4</title><author>&lt;john@example.com&gt;</author></item>
            <item><title>5</title><dc:creator>Ann Lee &lt;a@b.org&gt;</dc:creator></item>
            </channel></rss>
            """
        let authors = try FeedParser.parse(xml).feed.entries.map(\.authors)
        #expect(authors == [["Jane Doe (@jane)"], ["Ann Lee"], ["Ann Lee"], ["john@example.com"], ["Ann Lee"]])
    }

    @Test("the iTunes namespace is read however its URI is capitalised; atom:category counts in RSS; rdf:about is a link only when a web address")
    func namespacesAndCategories() throws {
        let rss = """
            <rss version="2.0" xmlns:itunes="http://www.itunes.com/DTDs/PodCast-1.0.dtd" xmlns:atom="http://www.w3.org/2005/Atom">
            <channel><title>t</title><item><title>a</title><itunes:author>Item Itunes Author</itunes:author>
            <category>Item Subject</category><atom:category term="atomterm"/></item></channel></rss>
            """
        let e = try #require(try FeedParser.parse(rss).feed.entries.first)
        #expect(e.authors == ["Item Itunes Author"])
        #expect(e.categories == ["Item Subject", "atomterm"])
        let rdf = """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
            <channel rdf:about="http://example.org/"><title>t</title></channel>
            <item rdf:about="urn:uuid:1234"><title>a</title></item><item rdf:about="http://example.org/b"><title>b</title></item></rdf:RDF>
            """
        #expect(try FeedParser.parse(rdf).feed.entries.map(\.link) == [nil, "http://example.org/b"])
    }
}
