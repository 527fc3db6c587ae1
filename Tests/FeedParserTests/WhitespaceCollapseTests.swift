import FeedParser
import FeedwatchTestSupport
import Testing

@Suite("Whitespace in titles, collapsed byte by byte")
struct WhitespaceCollapseTests {
    /// Pieces of titles: printable ASCII runs (copied whole by the collapse),
    /// ASCII and Unicode spaces, DEL and a C1 control, letters of 2, 3 and 4 bytes.
    static let pieces = ["Kim", "Jong-un", "a", "?!", "42", " ", "  ", "\t", "\n", "\r\n", "\u{7F}", "\u{85}", "\u{A0}",
                         "\u{2003}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{1680}", "\u{3000}", "é", "Путин", "김정은", "😀",
                         "x\u{A0}y", "—", "€", "ἀ", "あ", "¿", "\u{9F}"]

    /// The rule as written: White_Space and control characters end a word; words
    /// are joined by one space.
    static func reference(_ s: String) -> String {
        var words: [String] = [], word = ""
        for u in s.unicodeScalars {
            if u.properties.isWhitespace || u.properties.generalCategory == .control {
                if !word.isEmpty { words.append(word) }
                word = ""
            } else {
                word.unicodeScalars.append(u)
            }
        }
        if !word.isEmpty { words.append(word) }
        return words.joined(separator: " ")
    }

    @Test("2,000 random titles collapse as the rule says (seeded)")
    func randomTitles() throws {
        var rng = SplitMix64(state: 0xC011_A95E)
        for _ in 0..<2000 {
            let raw = (0..<rng.int(12)).map { _ in rng.pick(Self.pieces) }.joined()
            let parsed = try FeedParser.parse("<rss version=\"2.0\"><channel><item><title>\(raw)</title></item></channel></rss>")
            let title = parsed.feed.entries.first?.title ?? ""
            #expect(title == Self.reference(raw), "\(Array(raw.unicodeScalars.map(\.value)))")
        }
    }
}
