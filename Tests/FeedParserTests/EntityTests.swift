import FeedParser
import Testing

@Suite("Entities and what publishers get wrong")
struct EntityTests {
    static func title(_ raw: String) throws -> (String?, [String]) {
        let parsed = try FeedParser.parse("<rss version=\"2.0\"><channel><title>\(raw)</title></channel></rss>")
        return (parsed.feed.title, parsed.warnings)
    }

    static let cases: [(String, String)] = [
        ("Kim &amp; Putin", "Kim & Putin"),
        ("5 &lt; 6 &gt; 4", "5 < 6 > 4"),
        ("&quot;summit&quot; &apos;talks&apos;", "\"summit\" 'talks'"),
        ("Caf&#233; &#xE9;t&#xe9;", "Café été"),
        ("Caf&eacute;&nbsp;&mdash; na&iuml;ve", "Café — naïve"),
        ("AT&T and Q&A", "AT&T and Q&A"),
        ("&amp;amp; stays once", "& stays once"),
        ("it&#146;s", "it’s"),  // C1 reference meant as windows-1252
        ("&unknownthing; kept", "&unknownthing; kept"),
        ("&lt;b&gt;bold&lt;/b&gt; title", "bold title"),
        ("<![CDATA[<i>Kim</i> &amp; Putin]]>", "Kim & Putin"),
        ("<![CDATA[AT&T <3]]>", "AT&T <3"),
        ("a < b", "a < b"),
        ("tab\there\u{0007}bell", "tab herebell"),
        ("&#0;&#7;nul", "nul"),
        ("non\u{00A0}breaking \u{2003} space", "non breaking space"),
    ]

    @Test("references are decoded once, whatever the document got wrong", arguments: cases)
    func decoded(_ raw: String, _ expected: String) throws {
        #expect(try Self.title(raw).0 == expected)
    }

    @Test("after a bare '&', later entities are still decoded (libxml2 alone drops them)")
    func entitiesAfterError() throws {
        let xml = """
            <rss version="2.0"><channel><title>AT&T</title>
            <item><title>Caf&eacute; &amp; &#233; &lt;b&gt;</title></item>
            <item><title>R&amp;D &quot;lab&quot;</title></item>
            </channel></rss>
            """
        let parsed = try FeedParser.parse(xml)
        #expect(parsed.feed.title == "AT&T")
        #expect(parsed.feed.entries.map(\.title) == ["Café & é", "R&D \"lab\""])
    }

    @Test("after an error of another kind (a mismatched tag), entities are still decoded")
    func entitiesAfterMismatch() throws {
        let xml = """
            <rss version="2.0"><channel><item><title>one</b> &amp; two</title></item>
            <item><title>R&amp;D &lt;3 &quot;q&quot;</title><description>&lt;p&gt;x&lt;/p&gt;</description></item>
            </channel></rss>
            """
        let parsed = try FeedParser.parse(xml)
        #expect(parsed.warnings.contains { $0.contains("mismatch") })
        #expect(parsed.feed.entries.last?.title == "R&D <3 \"q\"")
        #expect(parsed.feed.entries.last?.summary == "<p>x</p>")
    }

    @Test("a control character deep in long text is removed before libxml2 sees it", arguments: [0x01, 0x07, 0x1B, 0x1F])
    func controlInLongText(_ control: Int) throws {
        let c = String(UnicodeScalar(UInt8(control)))
        let long = String(repeating: "abcdefgh ", count: 10) + "su\(c)periores &lt;b&gt; <i>x</i>" + String(repeating: " tail", count: 10)
        let parsed = try FeedParser.parse("<rss version=\"2.0\"><channel><title>\(long)</title></channel></rss>")
        #expect(parsed.feed.title?.contains("superiores") == true)
        #expect(parsed.warnings == ["line 1: control character not allowed in XML removed"])
    }

    @Test("an error inside a text run (']]>') does not lose the references after it")
    func entitiesAfterErrorInText() throws {
        let parsed = try FeedParser.parse("<rss version=\"2.0\"><channel><title>x ]]> y &amp; z &lt;3</title></channel></rss>")
        // libxml2 itself drops the text before the ']]>'; what follows must keep its references.
        #expect(parsed.feed.title?.hasSuffix("y & z <3") == true)
        #expect(parsed.warnings.contains { $0.contains("']]>'") })
    }

    @Test("each kind of repair is one warning with the first line and a count")
    func repairWarnings() throws {
        let xml = "<rss version=\"2.0\"><channel>\n<title>a & b & c</title>\n<description>&eacute;&nbsp;\u{01}</description></channel></rss>"
        let warnings = try FeedParser.parse(xml).warnings
        #expect(warnings.contains("line 2: unescaped '&' read as text; 2 times in all"))
        #expect(warnings.contains("line 3: undeclared HTML entity decoded (&eacute;, &nbsp;); 2 times in all"))
        #expect(warnings.contains("line 3: control character not allowed in XML removed"))
    }

    @Test("summaries keep their markup, decoded once")
    func summaryMarkup() throws {
        let xml = """
            <rss version="2.0"><channel><item><title>t</title>
            <description>&lt;p&gt;Kim &amp;amp; Putin&lt;/p&gt;</description>
            <content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>AT&amp;T</p>]]></content:encoded>
            </item></channel></rss>
            """
        let e = try FeedParser.parse(xml).feed.entries[0]
        #expect(e.summary == "<p>Kim &amp; Putin</p>")
        #expect(e.content == "<p>AT&amp;T</p>")
    }

    @Test("CDATA sections, comments and processing instructions are not rewritten")
    func rawSectionsUntouched() throws {
        let xml = """
            <?xml version="1.0"?><!-- AT&T & <stuff> --><?pi a&b?>
            <rss version="2.0"><channel><item><title>t</title><description><![CDATA[x && y &nbsp; &foo;]]></description></item></channel></rss>
            """
        let parsed = try FeedParser.parse(xml)
        #expect(parsed.feed.entries[0].summary == "x && y &nbsp; &foo;")
        #expect(parsed.warnings.isEmpty, "\(parsed.warnings)")
    }

    @Test("raw '&' in attribute values (Guardian's media URLs) does not break the feed")
    func ampersandInAttribute() throws {
        let xml = """
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><item><title>t</title>
            <atom:link rel="alternate" href="https://example.com/a?x=1&y=2"/></item></channel></rss>
            """
        let parsed = try FeedParser.parse(xml)
        #expect(parsed.feed.entries[0].link == "https://example.com/a?x=1&y=2")
    }
}
