import Testing
@testable import TopicMatcher

@Suite("The pair table of longer aliases' first two parts")
struct PairTableTests {
    @Test("pairs of exact and prefix ids are numbered in the order added and found again after growing; others are not found")
    func numbersAndFinds() {
        var t = PairTable(capacity: 4)
        var pairs: [(Int32, Int32)] = []
        for a in Int32(-40)..<40 { pairs.append((a, a &* 7 &+ 3)) }
        pairs.append((-1, -1))
        pairs.append((0, 0))
        for (k, p) in pairs.enumerated() { #expect(t.insert(p.0, p.1) == Int32(k)) }
        #expect(t.count == pairs.count)
        for (k, p) in pairs.enumerated() {
            #expect(t.find(p.0, p.1) == Int32(k))
            #expect(t.insert(p.0, p.1) == Int32(k), "a pair added again keeps its number")
        }
        #expect(t.find(3, 2) == -1, "(a, b) is not (b, a)")
        #expect(t.find(1, 0) == -1)
        #expect(t.find(-1, 0) == -1)
        #expect(t.count == pairs.count)
    }
}
