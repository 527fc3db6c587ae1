import FeedParser
import Testing

/// What publishers really serve: each must parse, with a warning, not a failure.
@Suite("What publishers really serve")
struct RobustnessTests {
    @Test("a PHP warning before the XML declaration is skipped")
    func junkBeforeDeclaration() throws {
        let xml = """
            <br />
            <b>Warning</b>:  Cannot modify header information in <b>/var/www/feed.php</b> on line <b>12</b><br />
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>After junk</title><item><title>a</title></item></channel></rss>
            """
        let parsed = try FeedParser.parse(xml)
        #expect(parsed.feed.title == "After junk")
        #expect(parsed.feed.entries.count == 1)
        #expect(parsed.warnings.first?.contains("junk before the XML declaration ignored") == true)
    }

    @Test("text before the root without a declaration is skipped")
    func junkBeforeRoot() throws {
        let parsed = try FeedParser.parse("garbage\n<rss version=\"2.0\"><channel><title>T</title></channel></rss>")
        #expect(parsed.feed.title == "T")
        #expect(parsed.warnings.contains { $0.contains("junk before the document") })
    }

    @Test("stray and unclosed HTML inside an item does not lose the item or the next one")
    func strayHTML() throws {
        let xml = """
            <rss version="2.0"><channel>
            <item><title>First</title><description>Hello <b>bold</b> <br> world</description><link>http://x/1</link></item>
            <item><title>Second</title><link>http://x/2</link></item>
            </channel></rss>
            """
        let parsed = try FeedParser.parse(xml)
        #expect(parsed.feed.entries.map(\.title) == ["First", "Second"])
        #expect(parsed.feed.entries.last?.link == "http://x/2")
        #expect(!parsed.warnings.isEmpty)
    }

    @Test("a document cut inside an entity reference keeps the entries before it")
    func cutInsideEntity() throws {
        let xml = "<rss version=\"2.0\"><channel><item><title>Kept</title></item><item><title>AT&am"
        let parsed = try FeedParser.parse(xml)
        #expect(parsed.feed.entries.map(\.title) == ["Kept"])
        #expect(parsed.warnings.contains { $0.contains("truncated") })
    }

    @Test("an unclosed item followed by the next one: both are entries")
    func unclosedItem() throws {
        let xml = """
            <rss version="2.0"><channel>
            <item><title>Unclosed</title><link>http://x/1</link>
            <item><title>Next</title><link>http://x/2</link></item>
            </channel></rss>
            """
        let titles = try FeedParser.parse(xml).feed.entries.map(\.title)
        #expect(Set(titles.compactMap { $0 }) == ["Unclosed", "Next"])
    }

    @Test("a gzip-compressed input gets a clear error")
    func gzip() {
        #expect(throws: FeedParserError.compressed) {
            _ = try FeedParser.parse([0x1F, 0x8B, 0x08, 0x00] + Array(repeating: 0, count: 2000))
        }
    }
}
