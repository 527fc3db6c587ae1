#if canImport(Glibc)
import Glibc
#endif

/// The start keys of alias tokens as bits: a look-up per article token must
/// cost less than hashing it would.
struct StartSet: Sendable {
    /// Three-byte starts: 2^24 bits (2 MiB); shorter tokens: their own 2^16 + 2^8 bits.
    private let long = Bits(words: 1 << 18)
    private let short = Bits(words: (1 << 10) + 4)

    /// Mapped anonymously, so only the pages that hold a set bit become
    /// resident: keys are clustered by their first two bytes (a script's lead
    /// bytes), and the 2 MiB of a set touch a few hundred KiB (about 350 KiB
    /// for both in the daemon). `calloc` promised that only while it mapped
    /// the block itself: past glibc's raised mmap threshold the daemon's sets
    /// lay in an arena, lazily zeroed only because they came from its top.
    private final class Bits: @unchecked Sendable {
        let words: UnsafeMutablePointer<UInt64>
        private let mapped: Int

        init(words count: Int) {
            let bytes = count * MemoryLayout<UInt64>.stride
            let raw = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            if let raw, raw != UnsafeMutableRawPointer(bitPattern: -1) {  // MAP_FAILED
                words = raw.bindMemory(to: UInt64.self, capacity: count)
                mapped = bytes
            } else {
                // No mapping to be had: zero it by hand.
                words = .allocate(capacity: count)
                words.initialize(repeating: 0, count: count)
                mapped = 0
            }
        }

        deinit {
            if mapped > 0 { munmap(words, mapped) } else { words.deallocate() }
        }
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
