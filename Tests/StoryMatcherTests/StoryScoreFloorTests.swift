import FeedModel
import FeedwatchTestSupport
import Testing
@testable import StoryMatcher

/// The shortcuts the open stories take inside the commit's lock decide as the
/// full comparison does: a floor only leaves out scores below it, and the
/// minima are counted alike eight at a time.
@Suite("The same-story rule's shortcuts")
struct StoryScoreFloorTests {
    /// A print from a small vocabulary, so that random pairs fall on every
    /// side of each threshold: links, texts, names and events shared or not.
    static func print(_ r: inout SplitMix64) -> StoryPrint {
        let vocabulary = (0..<12).map { "c\($0)" }, people = (0..<5).map { "p\($0)" }, events = ["meeting", "visit"]
        let names = people.filter { _ in r.int(3) == 0 }.sorted()
        let kinds = events.filter { _ in r.int(3) == 0 }.sorted()
        let concepts = Set(vocabulary.filter { _ in r.int(3) == 0 } + names + kinds).sorted()
        let base = UInt32(r.int(3))
        let signature = (0..<StoryPrint.signatureLength).map { i in r.int(4) == 0 ? UInt32(r.int(1000)) : base * 1000 + UInt32(i) }
        return StoryPrint(link: r.int(8) == 0 ? "https://news.example/\(r.int(2))" : nil, signature: signature, concepts: concepts,
                          names: names, events: kinds, language: r.pick(["en", "de", nil]), words: 3 + r.int(30))
    }

    @Test("with a floor, a score at or above it is the full score, and one below it is the full score or none")
    func floorKeepsWinners() {
        var r = SplitMix64(state: 11)
        let floors: [Double] = [-.infinity, 0, 0.45, 0.49, 0.5, 0.55, 0.59, 0.6, 1.5, 1.8, 2, 2.5, 3]
        var reached = Set<Double>()
        for _ in 0..<4000 {
            let a = Self.print(&r), b = Self.print(&r), floor = r.pick(floors)
            let full = StoryRule.standard.score(a, b), cut = StoryRule.standard.score(a, b, floor: floor)
            if let full, full >= floor {
                #expect(cut == full, "floor \(floor): \(a) and \(b)")
                reached.insert(full.rounded(.down))
            } else {
                #expect(cut == nil || cut == full, "floor \(floor): \(a) and \(b)")
            }
        }
        #expect(reached.isSuperset(of: [0, 1, 3]), "the pairs reach the name or concept, text and link tiers")
    }

    @Test("minima are counted equal alike eight at a time, whatever the length")
    func equalCount() {
        var r = SplitMix64(state: 5)
        for n in [0, 1, 7, 8, 9, 63, 64, 65] {
            for _ in 0..<50 {
                let a = (0..<n).map { _ in UInt32(r.int(3)) }, b = (0..<n).map { _ in UInt32(r.int(3)) }
                #expect(MinHash.equalCount(a, b) == zip(a, b).filter { $0 == $1 }.count)
            }
        }
    }
}
