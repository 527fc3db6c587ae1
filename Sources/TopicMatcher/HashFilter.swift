/// A blocked Bloom filter over 64-bit hashes: whether a token may be in a
/// large table, answered from one word of a small array. An article's words
/// are looked up in the tables of every topic's terms, and most are in none:
/// the table's slot read missed the cache for each (over half of building an
/// article's matcher at 10,000 topics), while this array stays cached.
/// No false negatives; about one in a hundred absent hashes passes.
struct HashFilter: Sendable {
    private let words: [UInt64]

    /// About 16 bits per hash, at least one word; the count a power of two.
    init(_ hashes: some Sequence<UInt64>, count: Int) {
        var size = 1
        while size * 4 < count { size <<= 1 }
        var words = [UInt64](repeating: 0, count: size)
        for h in hashes { words[Self.word(h, size - 1)] |= Self.bits(h) }
        self.words = words
    }

    @inline(__always)
    func mayContain(_ hash: UInt64) -> Bool {
        let bits = Self.bits(hash)
        return words[Self.word(hash, words.count - 1)] & bits == bits
    }

    /// Above the bits `bits` reads, and apart from the low bits and the high
    /// half that a `TokenTable` slot and tag use (not that it matters for being right).
    @inline(__always)
    private static func word(_ hash: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: hash >> 12) & mask }

    @inline(__always)
    private static func bits(_ hash: UInt64) -> UInt64 { 1 << (hash & 63) | 1 << ((hash >> 6) & 63) }
}
