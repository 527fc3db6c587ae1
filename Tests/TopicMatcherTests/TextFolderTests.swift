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
    ]

    @Test("folds the same way the contract says", arguments: same)
    func folds(_ text: String, _ expected: [String]) {
        #expect(TextFolder.tokens(text) == expected)
    }

    @Test("kana voicing marks stay: プ is not フ")
    func kana() {
        #expect(TextFolder.tokens("プ") != TextFolder.tokens("フ"))
        #expect(TextFolder.tokens("ﾌﾟｰﾁﾝ") == TextFolder.tokens("プーチン"))
    }
}
