import FeedParser
import Foundation
import Testing

/// The parser is fed whatever chunks the network delivers; every boundary (inside
/// a multibyte character, an entity, a CDATA opener, the XML declaration) must give
/// the same result as the whole document at once.
@Suite("Chunk boundaries")
struct ChunkingTests {
    static func parse(_ bytes: [UInt8], chunk: Int, options: ParseOptions = ParseOptions()) throws -> String {
        let parser = FeedParser(options: options)
        var i = 0
        while i < bytes.count {
            let n = min(chunk, bytes.count - i)
            try parser.parse(Array(bytes[i..<(i + n)]))
            i += n
        }
        return try parser.finish().contractJSON()
    }

    static let tricky: String = """
        \u{FEFF}  <?xml version="1.0" encoding="utf-8"?>
        <!-- comment with & and <tags> -->
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
        <channel><title>AT&T &amp; Caf&eacute; — 김정은 金正恩 Ким</title>
        <item><title>Kim &lt;b&gt;Jong&lt;/b&gt; Un &#8212; &#146;quoted&#146; &unknown; a < b</title>
        <description><![CDATA[<p>CDATA & stays ]] > ]]]></description>
        <content:encoded>&lt;p&gt;x&lt;/p&gt;\u{0007}</content:encoded>
        <pubDate>Wed, 13 Sep 2023 05:20:00 GMT</pubDate></item>
        <item><title>😀 emoji &#x1F600;</title></item>
        <item><title>void</title><description>line<br>next<img src="x.png" alt='a>b'><HR/></description><link>http://x/v</link></item>
        </channel></rss>
        """

    @Test("any chunk size gives the same feed", arguments: [1, 2, 3, 5, 7, 13, 64, 1000, 4096])
    func chunkSizes(_ chunk: Int) throws {
        let bytes = Array(Self.tricky.utf8)
        let whole = try Self.parse(bytes, chunk: bytes.count)
        #expect(try Self.parse(bytes, chunk: chunk) == whole)
        #expect(whole.contains("AT&T & Café — 김정은 金正恩 Ким"))
        #expect(whole.contains("Kim Jong Un — ’quoted’ &unknown; a < b"))
        #expect(whole.contains(#""summary": "<p>CDATA & stays ]] > ]""#))
        #expect(whole.contains(#""summary": "line<br/>next<img src=\"x.png\" alt=\"a>b\"/><HR/>""#))
        #expect(whole.contains(#""link": "http://x/v""#))
    }

    @Test("windows-1252 fallback and iconv input across chunk boundaries", arguments: [1, 2, 3, 7])
    func transcodedChunks(_ chunk: Int) throws {
        let latin = Transcode.encode(
            "<rss version=\"2.0\"><channel><title>“Café” – naïve</title><item><title>é</title></item></channel></rss>", as: "CP1252")
        #expect(try Self.parse(latin, chunk: chunk) == (try Self.parse(latin, chunk: latin.count)))
        let korean = Transcode.encode(
            "<?xml version=\"1.0\" encoding=\"EUC-KR\"?><rss version=\"2.0\"><channel><title>김정은 푸틴</title></channel></rss>", as: "EUC-KR")
        let json = try Self.parse(korean, chunk: chunk)
        #expect(json == (try Self.parse(korean, chunk: korean.count)))
        #expect(json.contains("김정은 푸틴"))
    }

    @Test("real captures give the same result in 1-, 7- and 4096-byte chunks", .enabled(if: TestPaths.haveRealFeeds),
          arguments: ["guardian_world_2022.xml", "golem_rss2.0_iso-8859-1.xml", "orenburg_news_windows-1251.xml",
                      "elpais_mrss_2020-03.xml", "heise_developer.atom", "uol_noticias_undeclared-latin1.xml"])
    func realChunks(_ file: String) throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: TestPaths.real(file))))
        let whole = try Self.parse(bytes, chunk: bytes.count)
        for chunk in [1, 7, 4096] {
            #expect(try Self.parse(bytes, chunk: chunk) == whole, "chunk \(chunk)")
        }
    }
}
