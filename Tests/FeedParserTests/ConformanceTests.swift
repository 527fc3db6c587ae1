import FeedModel
import FeedParser
import Foundation
import Testing

/// The cases the independent conformance suites found, one test each: encoding
/// labels from the wild, character references, the internal DTD subset, Media
/// RSS inside enclosures, dc:author, RSS 0.90.
@Suite("Conformance: what the independent suites found")
struct ConformanceTests {
    /// An Atom 0.3 feed whose title is the single byte 0x80 in `label`.
    static func x80(_ label: String) -> [UInt8] {
        Array("<?xml version=\"1.0\" encoding=\"\(label)\"?>\n<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\">\n<title>".utf8)
            + [0x80] + Array("</title>\n</feed>".utf8)
    }

    /// (label as publishers write it, what byte 0x80 is in that encoding)
    static let labels: [(String, String)] = [
        ("windows_1252", "€"), ("cp_is", "Ç"), ("maccentraleurope", "Ä"), ("437", "Ç"), ("850", "Ç"),
        ("866", "А"), ("macroman", "Ä"), ("macgreek", "Ä"), ("macturkish", "Ä"), ("maciceland", "Ä"),
        ("mac-cyrillic", "А"), ("csibm866", "А"), ("cspc8codepage437", "Ç"), ("cp1255", "€"), ("windows-1258", "€"),
        ("ibm1125", "А"), ("koi8-t", "қ"), ("x-mac-roman", "Ä"), ("MS-ANSI", "€"), ("latin_1", "€"), ("palmos", "€"),
    ]

    @Test("encoding labels used in the wild are read, without a warning", arguments: labels)
    func wildLabels(_ label: String, _ expected: String) throws {
        let parsed = try FeedParser.parse(Self.x80(label))
        #expect(parsed.feed.title == expected)
        #expect(parsed.warnings.isEmpty, "\(parsed.warnings)")
    }

    @Test("EBCDIC documents are recognised from their first bytes and read by their declared code page", arguments: [
        ("cp037", "IBM037"), ("ibm037", "IBM037"), ("cp500", "IBM500"), ("ebcdic-cp-be", "IBM500"), ("csibm037", "IBM037"),
        ("cp1026", "IBM1026"), ("273", "IBM273"),
    ])
    func ebcdic(_ label: String, _ writer: String) throws {
        let text = "<?xml version=\"1.0\" encoding=\"\(label)\"?>\n<rss version=\"2.0\"><channel><title>Ä [x] !</title>"
            + "<item><title>Kim &amp; Putin</title></item></channel></rss>"
        let parsed = try FeedParser.parse(Transcode.encode(text, as: writer))
        #expect(parsed.feed.title == "Ä [x] !")
        #expect(parsed.feed.entries.map(\.title) == ["Kim & Putin"])
        #expect(parsed.warnings.isEmpty, "\(parsed.warnings)")
    }

    @Test("a label XML disallows (leading digit) warns only when nothing decodes it")
    func leadingDigit() throws {
        #expect(try FeedParser.parse(Self.x80("850")).warnings.isEmpty)
        let parsed = try FeedParser.parse(Array("<?xml version=\"1.0\" encoding=\"9zz\"?><rss><channel><title>A</title></channel></rss>".utf8))
        #expect(parsed.feed.title == "A")
        #expect(parsed.warnings == ["unknown encoding '9zz' (not a name XML allows): read as UTF-8 (windows-1252 where that fails)"])
    }

    @Test("'&#X41;' with an upper-case X is the character A")
    func upperCaseHexReference() throws {
        let parsed = try FeedParser.parse("<rss version=\"2.0\"><channel><title>&#X41;&#x42;&#X00E9;</title></channel></rss>")
        #expect(parsed.feed.title == "ABé")
        #expect(parsed.warnings.isEmpty, "\(parsed.warnings)")
    }

    static let internalSubset = """
        <!DOCTYPE rss [
          <!-- a comment with "quotes" and <!ENTITY fake "no"> in it -->
          <!ENTITY id "tag:example.com,">
          <!ENTITY who 'Ann &amp; &eacute;mile'>
          <!ENTITY nested "&id;x">
          <!ENTITY id "the first declaration wins">
          <!ENTITY ext SYSTEM "file:///etc/passwd">
          <!ENTITY % pe "parameter">
        ]>
        <rss version="2.0"><channel><title>&who;</title>
        <item><guid isPermaLink="false">&id;2006-05-04:/blog/</guid><title>&nested; &ext; &fake;</title></item>
        </channel></rss>
        """

    @Test("entities of the internal DTD subset are expanded; external ones never are")
    func internalEntities() throws {
        let parsed = try FeedParser.parse(Self.internalSubset)
        #expect(parsed.feed.title == "Ann & émile")
        #expect(parsed.feed.entries.first?.id == "tag:example.com,2006-05-04:/blog/")
        #expect(parsed.feed.entries.first?.title == "tag:example.com,x &ext; &fake;")
        #expect(parsed.warnings.contains("line 11: external entity not loaded, kept as text (&ext;)"), "\(parsed.warnings)")
        #expect(parsed.warnings.contains("line 11: undefined entity kept as text (&fake;)"), "\(parsed.warnings)")
    }

    @Test("internal entities expand the same whatever the chunking", arguments: [1, 3, 17, 4096])
    func internalEntitiesChunked(_ chunk: Int) throws {
        let bytes = Array(Self.internalSubset.utf8)
        let parser = FeedParser()
        var i = 0
        while i < bytes.count {
            try parser.parse(Array(bytes[i..<min(bytes.count, i + chunk)]))
            i += chunk
        }
        #expect(try parser.finish().contractJSON() == FeedParser.parse(bytes).contractJSON())
    }

    @Test("billion laughs is refused at its first use, with a warning that names it")
    func billionLaughs() throws {
        let parsed = try FeedParser.parse(contentsOf: TestPaths.fixture("billion-laughs.xml"))
        #expect(parsed.feed.entries.first?.title == "&lol9;")
        #expect(parsed.warnings.contains { $0.contains("billion laughs") && $0.contains("&lol9;") }, "\(parsed.warnings)")
    }

    @Test("a document expands at most 1 MiB of entities in all; later references stay text")
    func expansionBudget() throws {
        let value = String(repeating: "x", count: 100)
        let refs = String(repeating: "&e;", count: 12_000)
        let xml = "<!DOCTYPE rss [<!ENTITY e \"\(value)\">]><rss version=\"2.0\"><channel><title>\(refs)</title></channel></rss>"
        let parsed = try FeedParser.parse(xml)
        let title = parsed.feed.title ?? ""
        #expect(title.count < (1 << 20) + 12_000 * 3)
        #expect(title.hasPrefix(value + value))
        #expect(title.hasSuffix("&e;&e;"))
        #expect(parsed.warnings.contains { $0.contains("entities expanded past 1 MiB in all") }, "\(parsed.warnings)")
    }

    static let media = """
        <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>M</title>
        <item><enclosure url="https://example.org/a.mp3" type="audio/mpeg"><media:title>the file</media:title>
          <media:description>about the file</media:description></enclosure></item>
        <item><media:group><media:title>group title</media:title>
          <media:content url="https://example.org/v.mp4"><media:description>content description</media:description></media:content></media:group></item>
        <item><media:content url="https://example.org/v.mp4"><media:title type="html">&lt;b&gt;content&lt;/b&gt; title</media:title></media:content></item>
        <item><media:title>item level</media:title><media:thumbnail url="https://example.org/t.jpg"><media:title>thumb</media:title></media:thumbnail></item>
        </channel></rss>
        """

    @Test("Media RSS fills a missing title or summary only from the entry's own media:group or media:content")
    func mediaTitles() throws {
        let entries = try FeedParser.parse(Self.media).feed.entries
        #expect(entries.map(\.title) == [nil, "group title", "content title", nil])
        #expect(entries.map(\.summary) == [nil, "content description", nil, nil])
    }

    @Test("dc:author gives the entry's authors")
    func dcAuthor() throws {
        let xml = """
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
            <item><title>t</title><dc:author>Ann Lee</dc:author><dc:author>Bob</dc:author></item></channel></rss>
            """
        #expect(try FeedParser.parse(xml).feed.entries.first?.authors == ["Ann Lee", "Bob"])
    }

    @Test("RSS 0.90 is told by the namespace its root declares, even with nothing in it")
    func rss090Empty() throws {
        let xml = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://my.netscape.com/rdf/simple/0.9/\">\n</rdf:RDF>"
        let parsed = try FeedParser.parse(xml)
        #expect(parsed.feed.format == .rss09x)
        #expect(parsed.warnings.isEmpty, "\(parsed.warnings)")
        let rss10 = xml.replacingOccurrences(of: "http://my.netscape.com/rdf/simple/0.9/", with: "http://purl.org/rss/1.0/")
        #expect(try FeedParser.parse(rss10).feed.format == .rss10)
    }
}

extension ConformanceTests {
    @Test("a character reference past Unicode or to a surrogate is U+FFFD, with a warning; a forbidden control is dropped")
    func outOfRangeReferences() throws {
        let parsed = try FeedParser.parse("<rss version=\"2.0\"><channel><title>a &#1114112; b &#x110000; c &#55296; d&#1;</title></channel></rss>")
        #expect(parsed.feed.title == "a \u{FFFD} b \u{FFFD} c \u{FFFD} d")
        #expect(parsed.warnings.contains { $0.contains("past Unicode or to a surrogate read as U+FFFD") && $0.contains("3 times") }, "\(parsed.warnings)")
        #expect(parsed.warnings.contains { $0.contains("character XML forbids removed (&#1;)") }, "\(parsed.warnings)")
    }

    @Test("backslashes in an internal entity's value are kept as they are")
    func entityBackslashes() throws {
        let xml = "<!DOCTYPE rss [\n  <!ENTITY path \"C:\\data\\1\\new\">\n]>\n<rss version=\"2.0\"><channel><item><guid isPermaLink='false'>&path;</guid></item></channel></rss>"
        let parsed = try FeedParser.parse(xml)
        #expect(parsed.feed.entries.first?.id == "C:\\data\\1\\new")
        #expect(parsed.warnings.isEmpty, "\(parsed.warnings)")
    }
}

extension ConformanceTests {
    @Test("an Atom 0.3 alternate link without href gives its text as the link, wherever it stands among other links")
    func atomLinkText() throws {
        let xml = """
            <feed version="0.3" xmlns="http://purl.org/atom/ns#">
            <entry><link rel="alternate" type="text/html">http://www.example.com/alternate</link>
              <link rel="enclosure" type="text/html">http://www.example.com/enclosure</link></entry>
            <entry><link rel="enclosure" type="text/html">http://www.example.com/enclosure</link>
              <link rel="alternate" type="text/html">http://www.example.com/alternate</link></entry>
            </feed>
            """
        let entries = try FeedParser.parse(xml).feed.entries
        #expect(entries.map(\.link) == ["http://www.example.com/alternate", "http://www.example.com/alternate"])
    }
}
