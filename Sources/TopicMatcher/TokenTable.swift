import FeedwatchSupport

/// Distinct tokens by their folded bytes: an open-addressing hash table with
/// the bytes of every token in one buffer, so that neither an article's
/// vocabulary nor the index's terms cost a String or a SipHash per token.
package struct TokenTable: Sendable {
    /// The bytes of every token, one after the other, in the first
    /// `byteCount`; the rest is room, zeroed (`write(_:at:separator:)`: appending a
    /// token of a few bytes cost about 90 instructions).
    private var bytes: [UInt8]
    private var byteCount = 0
    /// Per token where its bytes start (high half) and how many (low half):
    /// one array, so that a look-up's comparison and a new token's append
    /// check and touch one array, not two.
    private var spans: [UInt64] = []
    /// Per token its hash (an article's vocabulary is looked up in other
    /// tables by it); empty once `compacted()`.
    private(set) var hashes: [UInt64] = []
    /// False once `compacted()`: growing then hashes the tokens' bytes again.
    private var keepsHashes = true
    /// By hash: the high half of a token's hash with its id + 1 in the low half;
    /// 0 is empty. A probe compares the hash halves in the slot it reads, not in
    /// `hashes` (a cache miss per probe). The count is a power of two.
    private var slots: [UInt64]

    package init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        spans.reserveCapacity(capacity)
        hashes.reserveCapacity(capacity)
        bytes = [UInt8](repeating: 0, count: capacity * 6)
    }

    package var count: Int { spans.count }

    @inline(__always)
    private func span(_ id: Int) -> (start: Int, length: Int) {
        let v = spans[id]
        return (Int(truncatingIfNeeded: v >> 32), Int(truncatingIfNeeded: v & 0xFFFF_FFFF))
    }

    /// A token's hash for the tables of one process (never stored: story
    /// prints hash tokens with their own, stable function): eight bytes at a
    /// time and a finaliser, where FNV-1a's multiply per byte was a serial
    /// chain of a fifth of building an article's vocabulary. The loads overlap
    /// at the end and the length is mixed in, so every byte counts once the
    /// length is known.
    @inline(__always)
    package static func hash(_ token: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = token.count
        var h = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
        guard n > 0, let base = token.baseAddress else { return finalised(h) }
        let raw = UnsafeRawPointer(base)
        if n >= 8 {
            var i = 0
            while i + 8 < n {
                h = mixed(h, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            h = mixed(h, raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        } else if n >= 4 {
            let low = UInt64(raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            h = mixed(h, low | UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << 32)
        } else {
            h = mixed(h, UInt64(token[0]) | UInt64(token[n / 2]) << 8 | UInt64(token[n - 1]) << 16)
        }
        return finalised(h)
    }

    @inline(__always)
    private static func mixed(_ h: UInt64, _ chunk: UInt64) -> UInt64 {
        let m = (h ^ chunk) &* 0xFF51_AFD7_ED55_8CCD
        return m ^ (m >> 29)
    }

    /// MurmurHash3's fmix64: every input bit reaches both the slot bits and the tag.
    @inline(__always)
    private static func finalised(_ h: UInt64) -> UInt64 {
        var h = h ^ (h >> 33)
        h = h &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 33)
    }

    /// The id of `token`, or -1.
    @inline(__always)
    package func find(_ token: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        let mask = slots.count - 1
        let tag = hash & Self.tagMask
        var s = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[s]
            if entry == 0 { return -1 }
            if entry & Self.tagMask == tag {
                let id = Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if equals(Int(id), token) { return id }
            }
            s = (s + 1) & mask
        }
    }

    /// The id of `token`, added when new.
    @inline(__always)
    @discardableResult
    package mutating func insert(_ token: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        let found = find(token, hash: hash)
        if found >= 0 { return found }
        if (spans.count + 1) * 2 > slots.count { grow() }
        let id = Int32(spans.count)
        spans.append(UInt64(UInt32(byteCount)) << 32 | UInt64(UInt32(token.count)))
        if keepsHashes { hashes.append(hash) }
        bytes.write(token, at: &byteCount)
        place(id, hash: hash)
        return id
    }

    @discardableResult
    package mutating func insert(_ token: String) -> Int32 {
        var token = token
        return token.withUTF8 { insert($0, hash: Self.hash($0)) }
    }

    package func string(_ id: Int32) -> String {
        let (s, n) = span(Int(id))
        return String(decoding: bytes[s..<s + n], as: UTF8.self)
    }

    package func length(_ id: Int32) -> Int { span(Int(id)).length }

    /// Whether token `id` starts with `prefix`.
    @inline(__always)
    package func hasPrefix(_ id: Int32, _ prefix: UnsafeBufferPointer<UInt8>) -> Bool {
        let (s, length) = span(Int(id))
        guard length >= prefix.count else { return false }
        for k in 0..<prefix.count where bytes[s + k] != prefix[k] { return false }
        return true
    }

    /// Whether token `id` starts with token `other` of `table`.
    package func hasPrefix(_ id: Int32, token other: Int32, of table: TokenTable) -> Bool {
        table.withBytes(other) { hasPrefix(id, $0) }
    }

    package func withBytes<R>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let (s, n) = span(Int(id))
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[s..<s + n])) }
    }

    /// The first three bytes of token `id` (which must have as many), the key
    /// prefix terms are bucketed under.
    @inline(__always)
    package func key3(_ id: Int32) -> UInt32 {
        let s = span(Int(id)).start
        return UInt32(bytes[s]) << 16 | UInt32(bytes[s + 1]) << 8 | UInt32(bytes[s + 2])
    }

    /// Compared as the hash reads them, eight or four bytes at a time (a byte
    /// at a time with an index check each was most of a look-up).
    @inline(__always)
    private func equals(_ id: Int, _ token: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = token.count
        let (s, length) = span(id)
        guard length == n else { return false }
        guard n > 0, let t = token.baseAddress.map(UnsafeRawPointer.init) else { return true }
        return bytes.withUnsafeBytes { all in
            guard let base = all.baseAddress else { return false }
            let b = base + s
            if n >= 8 {
                var i = 0
                while i + 8 < n {
                    if b.loadUnaligned(fromByteOffset: i, as: UInt64.self) != t.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
                    i += 8
                }
                return b.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == t.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            }
            if n >= 4 {
                return b.loadUnaligned(as: UInt32.self) == t.loadUnaligned(as: UInt32.self)
                    && b.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == t.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
            }
            for k in 0..<n where b.load(fromByteOffset: k, as: UInt8.self) != t.load(fromByteOffset: k, as: UInt8.self) { return false }
            return true
        }
    }

    private static let tagMask: UInt64 = 0xFFFF_FFFF_0000_0000

    private mutating func place(_ id: Int32, hash: UInt64) {
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: hash) & mask
        while slots[s] != 0 { s = (s + 1) & mask }
        slots[s] = hash & Self.tagMask | UInt64(UInt32(id) + 1)
    }

    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        for id in 0..<Int32(spans.count) { place(id, hash: keepsHashes ? hashes[Int(id)] : withBytes(id, Self.hash)) }
    }

    /// The same tokens with every array at its exact size and no per-token
    /// hashes, for a table built once and then read (the catalog's): appending
    /// leaves up to half of each array's capacity unused, and the hashes are
    /// read only to grow the table.
    package func compacted() -> TokenTable {
        var t = self
        t.bytes = Array(bytes[..<byteCount])
        t.spans = spans.exactCapacity
        t.hashes = []
        t.keepsHashes = false
        return t
    }
}
