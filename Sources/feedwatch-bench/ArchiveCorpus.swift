import FeedModel
import Foundation

/// Synthetic articles for the archive benchmark, deterministic: words drawn
/// from a Zipf-like vocabulary of 20,000 made-up words, plus topic words at
/// fixed rates (summit 2%, leader 3%, talks 4%) and one rare phrase in 200,000.
struct ArchiveCorpus {
    static let rarePhrase = "zyxvatel quorbish"
    private var state: UInt64 = 20261201
    private let vocabulary: [String]

    init() {
        let syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "za", "be", "do", "fi", "gu", "ha", "je", "ko", "li", "mo",
                         "nu", "pa", "re", "si", "to", "ul", "ve", "wi", "xa", "yo", "ze", "an"]
        var words: [String] = []
        var i = 0
        while words.count < 20_000 {
            var n = i, w = ""
            repeat {
                w += syllables[n % syllables.count]
                n /= syllables.count
            } while n > 0
            words.append(w)
            i += 1
        }
        vocabulary = words
    }

    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A word with probability about 1/rank.
    private mutating func word() -> String {
        let u = Double(next() % 1_000_000) / 1_000_000
        return vocabulary[min(vocabulary.count - 1, Int(pow(Double(vocabulary.count), u)) - 1)]
    }

    private mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) < p * 1_000_000 }

    private mutating func words(_ n: Int) -> [String] { (0..<n).map { _ in word() } }

    mutating func entry(feed: Int, index: Int) -> Entry {
        var text = words(200)
        for (w, p) in [("summit", 0.02), ("leader", 0.03), ("talks", 0.04)] where chance(p) {
            text[Int(next() % UInt64(text.count))] = w
        }
        if next() % 200_000 == 0 { text.insert(contentsOf: Self.rarePhrase.split(separator: " ").map(String.init), at: 10) }
        let title = words(8).joined(separator: " ").capitalized
        return Entry(id: "https://feed\(feed).example/articles/\(index)", title: title,
                     link: "https://feed\(feed).example/world/2026/12/01/story-\(index)", summary: text.joined(separator: " ") + ".",
                     published: Date(timeIntervalSince1970: 1_790_000_000 + Double(index)), authors: ["Staff"], categories: ["world"])
    }
}
