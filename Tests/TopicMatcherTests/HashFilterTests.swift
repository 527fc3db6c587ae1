import Testing
@testable import TopicMatcher

@Suite("Hash filters")
struct HashFilterTests {
    /// A fixed pseudo-random sequence (splitmix64).
    private static func hashes(_ count: Int, seed: UInt64) -> [UInt64] {
        var state = seed
        return (0..<count).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("every hash put in passes, at every size; few of the hashes left out do")
    func noFalseNegatives() {
        for count in [0, 1, 7, 1000, 50000] {
            let inside = Self.hashes(count, seed: UInt64(count))
            let filter = HashFilter(inside, count: count)
            #expect(inside.allSatisfy(filter.mayContain))
            guard count >= 1000 else { continue }
            let outside = Self.hashes(20000, seed: 0xABCD)
            let passed = outside.filter(filter.mayContain).count
            #expect(passed < outside.count / 20, "\(passed) of \(outside.count) absent hashes passed")
        }
    }

    @Test("a topic's terms and prefixes are still found through the filters: an article word that is a term, or starts with a prefix, matches")
    func compiledTopicsFindTheirTerms() throws {
        let words = (0..<3000).map { "term\($0 * 7919 % 10007)" }
        let index = try TopicIndex(words.enumerated().map { ("t\($0.offset)", $0.element) } + [("p", "zyx*")])
        for (i, w) in words.enumerated() where i % 37 == 0 {
            let article = ArticleText(id: "a", title: "news of \(w) today", summary: nil, content: nil, link: nil, feed: nil)
            #expect(index.match(article).map(\.topic) == ["t\(i)"])
        }
        let prefixed = ArticleText(id: "b", title: "the zyxwv story", summary: nil, content: nil, link: nil, feed: nil)
        #expect(index.match(prefixed).map(\.topic) == ["p"])
    }
}
