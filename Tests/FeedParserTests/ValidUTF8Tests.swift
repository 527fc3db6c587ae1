import FeedParser
import FeedModel
import LibXML
import Testing

/// The parser makes its Strings without validating libxml2's output again
/// (`String(validUTF8:)`), on the ground that `InputDecoder` hands libxml2
/// valid UTF-8 only. These documents try to break that: invalid and cut
/// sequences where text, CDATA, attributes and inline XHTML are captured,
/// references to surrogates and C1 controls, declared and undeclared
/// encodings, chunk boundaries everywhere. Every String that comes out must
/// be valid UTF-8 (an invalid one's bytes fail `String(validating:)`).
@Suite("Parser Strings are valid UTF-8 whatever the input")
struct ValidUTF8Tests {
    /// Byte strings a publisher's broken encoder produces.
    static let junk: [[UInt8]] = [
        [0xD0], [0xE4, 0xB8], [0xF0, 0x9F, 0x98], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80],
        [0xFF, 0xFE], [0x80, 0xBF], [0xEF, 0xBF, 0xBE], [0xE0, 0x80, 0x80], Array("&#xD800;&#55296;&#x110000;&#150;&#0;".utf8),
        Array("Ким".utf8).dropLast().map { $0 }, Array("&eacute;&nbsp;&#x1F600;".utf8),
    ]

    /// A deterministic generator, so a failure names a document that can be made again.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    static func text(_ rng: inout Seeded) -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            out += Bool.random(using: &rng) ? Array("Ким Чен Ын 김정은 ".utf8) : junk.randomElement(using: &rng)!
        }
        return out
    }

    static func document(seed: UInt64) -> [UInt8] {
        var rng = Seeded(state: seed)
        let declaration: [UInt8] = [
            Array("<?xml version=\"1.0\" encoding=\"utf-8\"?>".utf8), [],
            Array("<?xml version=\"1.0\" encoding=\"windows-1251\"?>".utf8),
        ].randomElement(using: &rng)!
        if Bool.random(using: &rng) {
            var d = declaration + Array("<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>".utf8)
            d += text(&rng) + Array("</title><item><title>".utf8) + text(&rng) + Array("</title><description><![CDATA[<p>".utf8)
            d += text(&rng) + Array("</p>]]></description><content:encoded>&lt;b&gt;".utf8) + text(&rng)
            d += Array("</content:encoded><category>".utf8) + text(&rng) + Array("</category></item></channel></rss>".utf8)
            return d
        }
        var d = declaration + Array("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"html\">".utf8) + text(&rng)
        d += Array("</title><entry><id>x</id><title>".utf8) + text(&rng) + Array("</title><content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p title=\"".utf8)
        d += text(&rng) + Array("\">".utf8) + text(&rng) + Array("</p></div></content><author><name>".utf8) + text(&rng)
        d += Array("</name></author></entry></feed>".utf8)
        return d
    }

    static func isValid(_ s: String?) -> Bool {
        guard let s else { return true }
        return String(validating: Array(s.utf8), as: UTF8.self) != nil
    }

    static func strings(_ feed: Feed) -> [String?] {
        var all: [String?] = [feed.title]
        for e in feed.entries {
            all += [e.id, e.title, e.link, e.summary, e.content, e.language] + e.authors + e.categories
        }
        return all
    }

    @Test("HTML whose <meta> names another charset gives valid UTF-8 text", arguments: [
        "shift_jis", "utf-16", "iso-8859-1", "windows-1251", "euc-kr", "x-unknown", "utf-32",
    ])
    func metaCharsets(_ charset: String) {
        for body in ["Ким Чен Ын встретился с Путиным", "김정은 푸틴 정상회담", "金正恩氏とプーチン大統領 😀"] {
            let html = "<html><head><meta charset=\"\(charset)\"><meta http-equiv=\"Content-Type\" content=\"text/html; charset=\(charset)\"></head><body><p>\(body)</p><p>&eacute; &#x1F600;</p></body></html>"
            let text = HTMLText.plainText(fromHTML: html)
            #expect(Self.isValid(text), "\(charset): \(text)")
            #expect(!text.isEmpty)
        }
    }

    @Test("every field of 300 hostile documents, whole and in chunks, is valid UTF-8")
    func hostileDocuments() throws {
        var checked = 0
        for seed in UInt64(1)...300 {
            let bytes = Self.document(seed: seed)
            let chunk = Int(seed % 7) + 1
            let parser = FeedParser()
            var i = 0
            while i < bytes.count {
                try parser.parse(Array(bytes[i..<min(i + chunk, bytes.count)]))
                i += chunk
            }
            for parsed in [try FeedParser.parse(bytes), try parser.finish()] {
                for s in Self.strings(parsed.feed) {
                    #expect(Self.isValid(s), "seed \(seed): \(String(describing: s))")
                    if s != nil { checked += 1 }
                }
            }
        }
        // The documents did reach the fields checked (not all parse failures).
        #expect(checked > 2_000)
    }
}
