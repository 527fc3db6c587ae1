import Testing
@testable import TopicMatcher

@Suite("Token tables")
struct TokenTableTests {
    private static func find(_ table: TokenTable, _ token: String) -> Int32 {
        var token = token
        return token.withUTF8 { table.find($0, hash: TokenTable.hash($0)) }
    }

    @Test("a compacted table finds every token under its id, and growing it afterwards (hashes recomputed) loses none")
    func compacted() {
        var table = TokenTable()
        let words = (0..<3000).map { "w\($0 * 7919 % 10007)" }
        let ids = words.map { table.insert($0) }
        var compact = table.compacted()
        #expect(compact.hashes.isEmpty)
        for (w, id) in zip(words, ids) {
            #expect(Self.find(compact, w) == id)
            #expect(compact.string(id) == w)
        }
        #expect(Self.find(compact, "absent") == -1)
        // Ten times as many again: the slots double several times over.
        let more = (0..<30000).map { "m\($0)" }
        let moreIDs = more.map { compact.insert($0) }
        #expect(moreIDs == (0..<Int32(30000)).map { $0 + 3000 })
        for (w, id) in zip(words + more, ids + moreIDs) where id % 97 == 0 || id < 3100 {
            #expect(Self.find(compact, w) == id)
        }
        #expect(compact.insert(words[5]) == ids[5], "a known token is not added twice")
    }

    @Test("tokens of every length up to 40 that differ in one byte, anywhere, are distinct tokens, each found under its id")
    func oneByteApart() {
        var table = TokenTable()
        var words: [String] = []
        for length in 1...40 {
            let base = (0..<length).map { Character(Unicode.Scalar(UInt8(0x61 + $0 % 26))) }
            words.append(String(base))
            for position in 0..<length {
                var changed = base
                changed[position] = "z" == changed[position] ? "y" : "z"
                words.append(String(changed))
                changed[position] = "é"
                words.append(String(changed))
            }
        }
        let unique = Array(Set(words)).sorted()
        let ids = unique.map { table.insert($0) }
        #expect(ids == (0..<Int32(unique.count)).map { $0 })
        for (w, id) in zip(unique, ids) {
            #expect(Self.find(table, w) == id)
            #expect(table.string(id) == w)
        }
        #expect(Self.find(table, "") == -1)
        #expect(Self.find(table, String(repeating: "a", count: 41)) == -1)
    }
}
