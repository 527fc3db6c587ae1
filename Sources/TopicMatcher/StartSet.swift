/// The start keys of alias tokens as bits: a look-up per article token must
/// cost less than hashing it would.
struct StartSet: Sendable {
    /// Three-byte starts: 2^24 bits (2 MiB); shorter tokens: their own 2^16 + 2^8 bits.
    private var long = [UInt64](repeating: 0, count: 1 << 18)
    private var short = [UInt64](repeating: 0, count: (1 << 10) + 4)

    @inline(__always)
    private static func place(_ key: UInt32) -> (long: Bool, index: Int) {
        switch key >> 24 {
        case 3: return (true, Int(key & 0xFF_FFFF))
        case 2: return (false, Int(key & 0xFFFF))
        default: return (false, (1 << 16) + Int(key & 0xFF))
        }
    }

    mutating func insert(_ key: UInt32) {
        let (isLong, i) = Self.place(key)
        if isLong { long[i >> 6] |= 1 << UInt64(i & 63) } else { short[i >> 6] |= 1 << UInt64(i & 63) }
    }

    @inline(__always)
    func contains(_ key: UInt32) -> Bool {
        let (isLong, i) = Self.place(key)
        return (isLong ? long[i >> 6] : short[i >> 6]) & (1 << UInt64(i & 63)) != 0
    }
}
