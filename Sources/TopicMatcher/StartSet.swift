#if canImport(Glibc)
import Glibc
#endif

/// The start keys of alias tokens as bits: a look-up per article token must
/// cost less than hashing it would.
struct StartSet: Sendable {
    /// Three-byte starts: 2^24 bits (2 MiB); shorter tokens: their own 2^16 + 2^8 bits.
    private let long = Bits(words: 1 << 18)
    private let short = Bits(words: (1 << 10) + 4)

    /// Zeroed by `calloc`, so only the pages that hold a set bit become
    /// resident: keys are clustered by their first two bytes (a script's
    /// lead bytes), and the 2 MiB of a set touch a few hundred KiB (an array
    /// made with `repeating: 0` writes, and keeps, all of it).
    private final class Bits: @unchecked Sendable {
        let words: UnsafeMutablePointer<UInt64>

        init(words count: Int) {
            if let raw = calloc(count, MemoryLayout<UInt64>.stride) {
                words = raw.bindMemory(to: UInt64.self, capacity: count)
            } else {
                // No lazily zeroed memory to be had: zero it by hand.
                words = .allocate(capacity: count)
                words.initialize(repeating: 0, count: count)
            }
        }

        deinit { free(words) }
    }

    @inline(__always)
    private static func place(_ key: UInt32) -> (long: Bool, index: Int) {
        switch key >> 24 {
        case 3: return (true, Int(key & 0xFF_FFFF))
        case 2: return (false, Int(key & 0xFFFF))
        default: return (false, (1 << 16) + Int(key & 0xFF))
        }
    }

    /// Only while the catalog is built (the set is not shared until then).
    mutating func insert(_ key: UInt32) {
        let (isLong, i) = Self.place(key)
        (isLong ? long : short).words[i >> 6] |= 1 << UInt64(i & 63)
    }

    @inline(__always)
    func contains(_ key: UInt32) -> Bool {
        let (isLong, i) = Self.place(key)
        return (isLong ? long : short).words[i >> 6] & (1 << UInt64(i & 63)) != 0
    }
}
