import FeedParser
import Foundation
import LibXML
import Testing

/// The fast path of HTML-to-text must give libxml2's text with its whitespace
/// collapsed, wherever it does not hand the markup back to the parser: checked on every
/// summary and content of the real captures and on generated markup, well and
/// badly nested.
@Suite("HTML to text without the parser")
struct HTMLFastTextTests {
    /// Whitespace as `Text.plain` collapses it (Unicode White_Space and
    /// controls to one space, ends trimmed).
    static func collapsed(_ s: String) -> String {
        var out = ""
        var space = false
        for u in s.unicodeScalars {
            if u.properties.isWhitespace || u.value < 0x20 || (0x7F...0x9F).contains(u.value) {
                space = !out.isEmpty
            } else {
                if space { out.append(" ") }
                space = false
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// The fast path's text, nil when it hands `html` to the parser.
    static func fast(_ html: String) -> String? {
        var html = html
        return html.withUTF8(HTMLFastText.text).map { String(decoding: $0, as: UTF8.self) }
    }

    /// More feeds to compare on (a directory, e.g. the bench corpus's), beside the captures.
    static let extraFeeds = ProcessInfo.processInfo.environment["HTML_FAST_TEXT_FEEDS"]

    @Test("every real summary the fast path reads gives the parser's text", .enabled(if: TestPaths.haveRealFeeds))
    func realCaptures() throws {
        var paths = try FileManager.default.contentsOfDirectory(atPath: TestPaths.realFeeds.path)
            .filter { $0.hasSuffix(".xml") || $0.hasSuffix(".atom") }.sorted().map(TestPaths.real)
        if let dir = Self.extraFeeds {
            paths += try FileManager.default.contentsOfDirectory(atPath: dir).sorted().map { dir + "/" + $0 }
        }
        var marked = 0, read = 0
        for file in paths {
            let parsed = try FeedParser.parse(contentsOf: file)
            for e in parsed.feed.entries {
                for html in [e.summary, e.content].compactMap({ $0 }) where html.contains("<") {
                    marked += 1
                    guard let text = Self.fast(html) else { continue }
                    read += 1
                    #expect(text == Self.collapsed(HTMLText.plainTextByParser(fromHTML: html)), "\(file): \(html.prefix(300))")
                }
            }
        }
        // Most real markup is simple: the path must be taken, or it is not tested.
        #expect(marked > 500)
        #expect(read * 2 > marked, "the fast path read \(read) of \(marked) summaries with markup")
        print("HTMLFastTextTests: the fast path read \(read) of \(marked) real summaries with markup")
    }

    static let generatedCount = Int(ProcessInfo.processInfo.environment["HTML_FAST_TEXT_DOCS"] ?? "") ?? 4000

    @Test("generated markup, nested well or badly, gives the parser's text wherever the fast path reads it")
    func generated() {
        var random = HTMLGenerator.Random(state: 7)
        var read = 0
        for _ in 0..<Self.generatedCount {
            let html = HTMLGenerator.document(&random)
            guard let text = Self.fast(html) else { continue }
            read += 1
            #expect(text == Self.collapsed(HTMLText.plainTextByParser(fromHTML: html)), "\(html)")
        }
        print("HTMLFastTextTests: the fast path read \(read) of \(Self.generatedCount) generated documents")
        #expect(read * 5 > Self.generatedCount && read * 10 < Self.generatedCount * 9, "read \(read) of \(Self.generatedCount): the generator must exercise both paths")
    }

    @Test("long runs of words, with a double space, a line break, a reference or a tag at any offset, give the parser's text")
    func longRuns() throws {
        // The fast path copies 16 bytes of words and single spaces at a time:
        // whatever falls at a chunk's edge must read as byte by byte.
        var random = HTMLGenerator.Random(state: 20261204)
        let words = ["Kim", "Putin", "met", "in", "Vostochny", "the", "summit,", "talks.", "a", "(2024)", "x-y", "5>4"]
        let breaks = ["  ", "\n", " \n ", "\t", " &nbsp;", "&nbsp; ", "&amp;", " <b>b</b> ", "<br>", " <p>", "café", "\u{A0}",
                      " &#32;", "&#x20;", " <!-- c --> ", "Ким"]
        var read = 0
        for _ in 0..<2000 {
            var html = random.int(2) == 0 ? "<p>" : ""
            for _ in 0..<(4 + random.int(30)) {
                html += random.int(8) == 0 ? random.pick(breaks) : random.pick(words) + (random.int(6) == 0 ? "" : " ")
            }
            guard let text = Self.fast(html) else { continue }
            read += 1
            #expect(text == Self.collapsed(HTMLText.plainTextByParser(fromHTML: html)), "\(html)")
        }
        #expect(read > 1500, "the fast path read \(read) of 2000")
    }

    static let handedBack: [String] = [
        "<p>a<div>b</div></p>", "<b>a<p>b</p></b>", "<p>a</b>", "</p>a", "<li>a</li>", "<ul>text<li>a</li></ul>",
        "<a href=x>1<a href=y>2</a></a>", "a &amp b", "a & b", "a &bogus; b", "&#0;", "<script>x</script>",
        "<!DOCTYPE html><p>a</p>", "<?xml version='1.0'?><p>a</p>", "a < b <p>", "<p>a<!-- x -- y -->b</p>",
        "<table><tr><td>a</td></tr></table>", "<p class=\"a\"id=\"b\">x</p>", "<br></br>", "<p>a\u{01}b</p>",
    ]

    @Test("markup whose reading is the parser's own is handed back", arguments: handedBack)
    func handsBack(_ html: String) {
        #expect(Self.fast(html) == nil)
    }

    @Test("the common shapes are read: paragraphs, links, lists, images, comments, references")
    func reads() {
        let html = """
            <!-- wp:paragraph --><p>Kim Jong&nbsp;Un <a href="https://x.test/a?b=1&amp;c=2" title='t > u'>met</a> \
            <b>Putin</b>&#8212;at <EM>Vostochny</EM>.<br/>Then<img src=x.jpg alt=""></p>\
            <ul><li>one</li> <li>two &#x263A;</li></ul><h2>Next</h2>
            """
        #expect(Self.fast(html) == "Kim Jong Un met Putin—at Vostochny. Then one two ☺ Next")
        #expect(HTMLText.plainText(fromHTML: html) == Self.fast(html))
    }
}
