import FeedModel
import FeedParser
import Foundation
import Testing

/// Which element wins a field, format by format: each case puts competing
/// elements in one entry (or channel) and names the winner, as the element
/// tables (RSSElements, AtomElements and the extension namespaces') rank them.
@Suite("Field precedence, per format")
struct FieldPrecedenceTests {
    static let namespaces = """
        xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
        xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" \
        xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:content="http://purl.org/rss/1.0/modules/content/" \
        xmlns:xhtml="http://www.w3.org/1999/xhtml"
        """

    /// The entry field a case reads.
    static func field(_ name: String, of e: Entry) -> String? {
        switch name {
        case "title": return e.title
        case "summary": return e.summary
        case "content": return e.content
        case "link": return e.link
        case "id": return e.id
        case "published": return e.published.map(DateParser.iso8601)
        case "updated": return e.updated.map(DateParser.iso8601)
        case "authors": return e.authors.joined(separator: "|")
        default: return "no field \(name)"
        }
    }

    static let d1 = "2021-01-01T00:00:00Z", d2 = "2022-02-02T00:00:00Z", d3 = "2023-03-03T00:00:00Z"

    /// (elements inside one RSS 2.0 item, field, expected winner)
    static let rss2: [(String, String, String?)] = [
        ("<dc:title>dc</dc:title><atom:title>atom</atom:title><title>rss</title>", "title", "rss"),
        ("<dc:title>dc</dc:title><atom:title>atom</atom:title>", "title", "atom"),
        ("<media:group><media:title>media</media:title></media:group><dc:title>dc</dc:title>", "title", "dc"),
        ("<media:content url=\"u\"><media:title>media</media:title></media:content>", "title", "media"),
        ("<enclosure url=\"u\"><media:title>file</media:title></enclosure>", "title", nil),
        ("<title>first</title><title>second</title>", "title", "first"),
        ("<media:group><media:description>m</media:description></media:group><itunes:summary>i</itunes:summary>"
            + "<dc:description>dc</dc:description><atom:summary>a</atom:summary><description>rss</description>", "summary", "rss"),
        ("<media:group><media:description>m</media:description></media:group><itunes:summary>i</itunes:summary>"
            + "<dc:description>dc</dc:description><atom:summary>a</atom:summary>", "summary", "a"),
        ("<media:group><media:description>m</media:description></media:group><itunes:summary>i</itunes:summary>"
            + "<dc:description>dc</dc:description>", "summary", "dc"),
        ("<media:group><media:description>m</media:description></media:group><itunes:summary>i</itunes:summary>", "summary", "i"),
        ("<atom:content>a</atom:content><content:encoded>c</content:encoded>", "content", "c"),
        ("<xhtml:body><xhtml:p>x</xhtml:p></xhtml:body><atom:content>a</atom:content>", "content", "<p>x</p>"),
        ("<dcterms:issued>\(d3)</dcterms:issued><dc:date>\(d2)</dc:date><pubDate>Fri, 01 Jan 2021 00:00:00 GMT</pubDate>", "published", d1),
        ("<dcterms:issued>\(d3)</dcterms:issued><dc:date>\(d2)</dc:date>", "published", d2),
        ("<atom:published>\(d3)</atom:published>", "published", d3),
        ("<dcterms:modified>\(d2)</dcterms:modified><atom:updated>\(d1)</atom:updated>", "updated", d2),
        ("<itunes:author>i</itunes:author><author>a@example.org (Ann)</author><dc:creator>Bob</dc:creator><dc:author>Cy</dc:author>",
         "authors", "Ann|Bob|Cy"),
        ("<itunes:author>i</itunes:author>", "authors", "i"),
        ("<atom:link href=\"https://example.org/atom\"/><link>https://example.org/rss</link>", "link", "https://example.org/rss"),
        ("<guid>https://example.org/guid</guid>", "link", "https://example.org/guid"),
        ("<guid isPermaLink=\"false\">https://example.org/guid</guid>", "link", nil),
        ("<atom:id>atom-id</atom:id><guid>g</guid>", "id", "g"),
        ("<link>https://example.org/l</link>", "id", "https://example.org/l"),
    ]

    @Test("RSS 2.0: the item's own elements, then Atom, Dublin Core, iTunes, Media RSS", arguments: rss2)
    func rss20(_ elements: String, _ name: String, _ expected: String?) throws {
        let xml = "<rss version=\"2.0\" \(Self.namespaces)><channel><title>T</title><item>\(elements)</item></channel></rss>"
        let e = try #require(try FeedParser.parse(xml).feed.entries.first)
        #expect(Self.field(name, of: e) == expected)
    }

    /// (elements inside one RSS 1.0 item, field, expected winner)
    static let rss1: [(String, String, String?)] = [
        ("<dc:title>dc</dc:title><title>rss</title>", "title", "rss"),
        ("<dc:title>dc</dc:title>", "title", "dc"),
        ("<dc:description>dc</dc:description><description>rss</description>", "summary", "rss"),
        ("<dcterms:issued>\(d3)</dcterms:issued><dc:date>\(d2)</dc:date>", "published", d2),
        ("<dcterms:created>\(d3)</dcterms:created>", "published", d3),
        ("<link>https://example.org/link</link>", "link", "https://example.org/link"),
        ("", "link", "https://example.org/about"),
        ("<dc:creator>Ann</dc:creator><dc:creator>Bob</dc:creator>", "authors", "Ann|Bob"),
    ]

    @Test("RSS 1.0: the item's own elements, then Dublin Core; rdf:about when there is no link", arguments: rss1)
    func rss10(_ elements: String, _ name: String, _ expected: String?) throws {
        let xml = """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" \(Self.namespaces)>
            <channel rdf:about="https://example.org/"><title>T</title></channel>
            <item rdf:about="https://example.org/about">\(elements)</item></rdf:RDF>
            """
        let parsed = try FeedParser.parse(xml)
        #expect(parsed.feed.format == .rss10)
        let e = try #require(parsed.feed.entries.first)
        #expect(Self.field(name, of: e) == expected)
    }

    /// (elements inside one Atom 1.0 entry, field, expected winner)
    static let atom: [(String, String, String?)] = [
        ("<dc:title>dc</dc:title><title>atom</title>", "title", "atom"),
        ("<media:group><media:title>m</media:title></media:group><dc:title>dc</dc:title>", "title", "dc"),
        ("<dc:description>dc</dc:description><summary>atom</summary>", "summary", "atom"),
        ("<created>\(d3)</created><published>\(d1)</published>", "published", d1),
        // atom 0.3's created and dc:date share a rank: the first in the entry wins.
        ("<created>\(d3)</created><dc:date>\(d2)</dc:date>", "published", d3),
        ("<dc:date>\(d2)</dc:date><created>\(d3)</created>", "published", d2),
        ("<created>\(d3)</created>", "published", d3),
        ("<dcterms:modified>\(d2)</dcterms:modified><updated>\(d1)</updated>", "updated", d1),
        ("<link rel=\"enclosure\" href=\"https://example.org/e\"/><link href=\"https://example.org/a\"/>", "link", "https://example.org/a"),
        ("<link rel=\"self\" href=\"https://example.org/s\"/><link rel=\"alternate\" href=\"https://example.org/alt\"/>", "link", "https://example.org/alt"),
        ("<author><name>Ann</name><email>a@example.org</email></author><author><email>b@example.org</email></author>",
         "authors", "Ann|b@example.org"),
        ("<source><title>source title</title><id>source-id</id></source><id>entry-id</id>", "id", "entry-id"),
        ("<source><title>source title</title></source>", "title", nil),
    ]

    @Test("Atom 1.0: the entry's own elements, then Dublin Core and Media RSS; atom:source is the source's", arguments: atom)
    func atom10(_ elements: String, _ name: String, _ expected: String?) throws {
        let xml = "<feed xmlns=\"http://www.w3.org/2005/Atom\" \(Self.namespaces)><title>T</title><entry>\(elements)</entry></feed>"
        let e = try #require(try FeedParser.parse(xml).feed.entries.first)
        #expect(Self.field(name, of: e) == expected)
    }

    /// (elements inside one RSS 2.0 channel, what the feed's field is)
    static let channel: [(String, String, String?)] = [
        ("<pubDate>Sun, 03 Mar 2023 00:00:00 GMT</pubDate><dc:date>\(d2)</dc:date><lastBuildDate>Fri, 01 Jan 2021 00:00:00 GMT</lastBuildDate>",
         "updated", d1),
        ("<pubDate>Fri, 03 Mar 2023 00:00:00 GMT</pubDate><dc:date>\(d2)</dc:date>", "updated", d2),
        ("<itunes:subtitle>i</itunes:subtitle><dc:description>dc</dc:description><description>rss</description>", "subtitle", "rss"),
        ("<itunes:subtitle>i</itunes:subtitle><atom:subtitle>a</atom:subtitle>", "subtitle", "a"),
        ("<itunes:subtitle>i</itunes:subtitle>", "subtitle", "i"),
        ("<dc:title>dc</dc:title><atom:title>atom</atom:title>", "title", "atom"),
        ("<dc:language>de</dc:language><language>fr</language>", "language", "fr"),
        ("<atom:link rel=\"alternate\" href=\"https://example.org/a\"/><link>https://example.org/rss</link>", "link", "https://example.org/rss"),
    ]

    @Test("RSS 2.0 channel: its own elements, then Dublin Core, Atom, iTunes", arguments: channel)
    func rssChannel(_ elements: String, _ name: String, _ expected: String?) throws {
        let feed = try FeedParser.parse("<rss version=\"2.0\" \(Self.namespaces)><channel>\(elements)</channel></rss>").feed
        let value: String? = switch name {
        case "updated": feed.updated.map(DateParser.iso8601)
        case "subtitle": feed.subtitle
        case "title": feed.title
        case "language": feed.language
        case "link": feed.link
        default: "no field \(name)"
        }
        #expect(value == expected)
    }
}
