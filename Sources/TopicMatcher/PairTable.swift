/// Longer aliases' first two parts (each an exact token id, or `~id` for a
/// prefix), numbered in the order first added: the tagger looks a pair up for
/// every alias word followed by a possible second word, so the key is the two
/// ids as one integer, hashed by one multiplication, rather than their 8 bytes
/// through a token table (hashing and comparing bytes was a tenth of tagging).
struct PairTable: Sendable {
    /// By slot: the key, and its number (-1: empty). The count is a power of two.
    private var keys: [UInt64]
    private var values: [Int32]
    private var shift: UInt64
    private(set) var count = 0
    /// A bit per hash of a pair added (2^20 bits, 128 KiB, which stays in
    /// cache): most pairs the scan asks about are no alias's (98% on the bench
    /// corpus), and one bit read rules them out before the table is probed.
    private var filter = [UInt64](repeating: 0, count: 1 << (Self.filterBits - 6))
    static let filterBits: UInt64 = 20

    init(capacity: Int = 16) {
        var bits: UInt64 = 4
        while 1 << bits < capacity * 2 { bits += 1 }
        keys = [UInt64](repeating: 0, count: 1 << bits)
        values = [Int32](repeating: -1, count: 1 << bits)
        shift = 64 - bits
    }

    @inline(__always)
    static func key(_ a: Int32, _ b: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b))
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The number of pair (a, b), or -1.
    func find(_ a: Int32, _ b: Int32) -> Int32 {
        withBuffers { $0.find(a, b) }
    }

    /// The bit of `key` in `filter`: another multiplier than the slots', so
    /// that pairs in one slot's neighbourhood do not share bits.
    @inline(__always)
    static func filterBit(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0xD6E8_FEB8_6659_FD93) >> (64 - filterBits))
    }

    /// Whether pair `key` may have been added (false: it was not).
    @inline(__always)
    static func mayContain(_ key: UInt64, _ filter: UnsafeBufferPointer<UInt64>) -> Bool {
        let bit = filterBit(key)
        return filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    /// `find` on the table's buffers (the scan holds them for a whole article).
    @inline(__always)
    static func find(_ key: UInt64, _ keys: UnsafeBufferPointer<UInt64>, _ values: UnsafeBufferPointer<Int32>, _ shift: UInt64) -> Int32 {
        let mask = keys.count - 1
        var s = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let v = values[s]
            if v < 0 || keys[s] == key { return v }
            s = (s + 1) & mask
        }
    }

    /// The number of pair (a, b), numbered `count` when new.
    mutating func insert(_ a: Int32, _ b: Int32) -> Int32 {
        let key = Self.key(a, b)
        let found = find(a, b)
        if found >= 0 { return found }
        if (count + 1) * 2 > keys.count { grow() }
        place(key, Int32(count))
        let bit = Self.filterBit(key)
        filter[bit >> 6] |= 1 << UInt64(bit & 63)
        count += 1
        return Int32(count - 1)
    }

    private mutating func place(_ key: UInt64, _ value: Int32) {
        var s = slot(key)
        while values[s] >= 0 { s = (s + 1) & (keys.count - 1) }
        keys[s] = key
        values[s] = value
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        shift -= 1
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        values = [Int32](repeating: -1, count: oldKeys.count * 2)
        for (k, v) in zip(oldKeys, oldValues) where v >= 0 { place(k, v) }
    }

    /// The table's buffers for the length of a call: `find(_:_:_:_:)` and
    /// `mayContain(_:_:)` read them without a retain or a bounds check.
    struct Buffers {
        let keys: UnsafeBufferPointer<UInt64>
        let values: UnsafeBufferPointer<Int32>
        let shift: UInt64
        let filter: UnsafeBufferPointer<UInt64>

        /// The number of pair (a, b), or -1.
        @inline(__always)
        func find(_ a: Int32, _ b: Int32) -> Int32 {
            let key = PairTable.key(a, b)
            guard PairTable.mayContain(key, filter) else { return -1 }
            return PairTable.find(key, keys, values, shift)
        }
    }

    func withBuffers<R>(_ body: (Buffers) -> R) -> R {
        keys.withUnsafeBufferPointer { k in
            values.withUnsafeBufferPointer { v in
                filter.withUnsafeBufferPointer { f in body(Buffers(keys: k, values: v, shift: shift, filter: f)) }
            }
        }
    }
}
