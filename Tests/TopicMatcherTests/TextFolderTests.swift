import Testing
@testable import TopicMatcher

@Suite("Folding text into tokens")
struct TextFolderTests {
    static let same: [(String, [String])] = [
        ("Kim Jong-un", ["kim", "jong", "un"]),
        ("KIM JONG UN", ["kim", "jong", "un"]),
        ("Kim Jong\u{2011}un", ["kim", "jong", "un"]),
        ("Kim  Jong Un", ["kim", "jong", "un"]),
        ("Čong", ["cong"]),
        ("Ким Чен Ын", ["ким", "чен", "ын"]),
        ("金正恩与普京会晤", ["金", "正", "恩", "与", "普", "京", "会", "晤"]),
        ("김정은이", ["김", "정", "은", "이"]),
        ("プーチン", ["プ", "ー", "チ", "ン"]),
        ("Stra\u{00DF}e", ["strasse"]),
        ("soft\u{00AD}hyphen", ["softhyphen"]),
        ("zero\u{200D}joiner", ["zerojoiner"]),
        ("it's O’Brien", ["it", "s", "o", "brien"]),
        ("ﬁnal ２０２６", ["final", "2026"]),
        ("e\u{0301}te\u{0301}", ["ete"]),
        ("Putin's", ["putin", "s"]),
        ("", []),
        ("— & …", []),
        ("word1 2word x-y", ["word1", "2word", "x", "y"]),
        ("abcÉ déf ABCdef", ["abce", "def", "abcdef"]),
        ("Ünter.abc", ["unter", "abc"]),
    ]

    @Test("folds the same way the contract says", arguments: same)
    func folds(_ text: String, _ expected: [String]) {
        #expect(TextFolder.tokens(text) == expected)
    }

    @Test("an article's streams hold its folded tokens and their occurrences, however many tokens its text has")
    func articleStreams() {
        // One-letter words: far more tokens than the article's first estimate (a token per 6 bytes).
        let title = (0..<400).map { String(UnicodeScalar(UInt8(97 + $0 % 26))) }.joined(separator: " ")
        let content = "Kim Jong-un met Putin; KIM met Путин in Čongdžin, kim again."
        let a = ArticleText(id: "x", title: title, summary: nil, content: content, link: nil, feed: nil)
        #expect(a.tokens(stream: 0) == TextFolder.tokens(title))
        #expect(a.tokens(stream: 2) == TextFolder.tokens(content))
        var kims: [ArticleText.Position] = []
        a.forEachOccurrence(of: "kim", prefix: false) { kims.append($0) }
        #expect(kims.map(\.stream) == [2, 2, 2])
        #expect(kims.map(\.offset).sorted() == [0, 5, 10])
        #expect(a.vocabulary.count == Set(TextFolder.tokens(title) + TextFolder.tokens(content)).count)
    }

    @Test("kana voicing marks stay: プ is not フ")
    func kana() {
        #expect(TextFolder.tokens("プ") != TextFolder.tokens("フ"))
        #expect(TextFolder.tokens("ﾌﾟｰﾁﾝ") == TextFolder.tokens("プーチン"))
    }

    /// The folding as the contract states it, on the whole string at once.
    static func reference(_ text: String) -> [String] {
        var out: [String] = [], word = ""
        for u in TextFolder.foldSlow(text).unicodeScalars {
            switch TextFolder.classify(u) {
            case .drop: continue
            case .separator:
                if !word.isEmpty { out.append(word) }
                word = ""
            case .ideograph:
                if !word.isEmpty { out.append(word) }
                out.append(String(u))
                word = ""
            case .wordCharacter: word.unicodeScalars.append(u)
            }
        }
        if !word.isEmpty { out.append(word) }
        return out
    }

    @Test("the table's slot of each scalar follows its list of ranges, and no scalar outside them has one")
    func slotsFollowRanges() {
        var next = 0
        for range in ScalarFoldTable.ranges {
            #expect(ScalarFoldTable.slot(range.lowerBound - 1) == nil)
            for v in range {
                #expect(ScalarFoldTable.slot(v) == next)
                next += 1
            }
            #expect(ScalarFoldTable.slot(range.upperBound) == nil)
        }
    }

    @Test("every tabled scalar, followed by the next one or by a letter and a mark, folds as the whole-text folding folds them")
    func tableEqualsFullFoldingPairs() {
        var compared = 0
        for range in ScalarFoldTable.ranges {
            for v in range {
                for next in [v + 1, 0x61, 0x301, 0x5B4, 0x64E, 0x93F, 0xE34, 0x3099] {
                    guard let a = Unicode.Scalar(v), let b = Unicode.Scalar(next) else { continue }
                    let text = String(String.UnicodeScalarView([a, b]))
                    #expect(TextFolder.tokens(text) == Self.reference(text), "\(String(v, radix: 16)) \(String(next, radix: 16))")
                    compared += 1
                }
            }
        }
        #expect(compared > 40_000)
    }

    @Test("the per-scalar table folds Latin, Greek, Cyrillic, Arabic, Devanagari, Thai, kana, marks, punctuation, Han and Hangul as the whole-text folding does")
    func tableEqualsFullFolding() {
        let pool: [ClosedRange<UInt32>] = [0x41...0x5A, 0x61...0x7A, 0x20...0x20, 0xC0...0x17F, 0x180...0x24F, 0x300...0x36F,
                                           0x370...0x3FF, 0x400...0x52F, 0x530...0x5FF, 0x600...0x6FF, 0x900...0x97F, 0x980...0x9FF,
                                           0xB80...0xBFF, 0xE00...0xE7F, 0x1000...0x10FF, 0x1E00...0x1FFF, 0x2000...0x20CF,
                                           0x3000...0x30FF, 0x3131...0x318E, 0x1100...0x11FF, 0xFF01...0xFF9F, 0xAC00...0xAC20,
                                           0x4E00...0x4E20]
        var state: UInt64 = 7
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        for _ in 0..<6000 {
            var s = String.UnicodeScalarView()
            for _ in 0..<(1 + next(12)) {
                let r = pool[next(pool.count)]
                if let u = Unicode.Scalar(r.lowerBound + UInt32(next(Int(r.upperBound - r.lowerBound) + 1))) { s.append(u) }
            }
            let text = String(s)
            #expect(TextFolder.tokens(text) == Self.reference(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
