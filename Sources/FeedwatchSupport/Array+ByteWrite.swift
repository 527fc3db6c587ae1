extension Array where Element == UInt8 {
    /// Writes `bytes` at `used` (after `separator`, when one is given and
    /// something is written already) and advances `used` past them, first
    /// growing the array (zeroed, at least doubling) where it is too short:
    /// for a byte array used as a buffer that keeps its own count of bytes in
    /// use (a token table's bytes, an index text), where `append(contentsOf:)`
    /// of a token of a few bytes cost about 90 instructions (callgrind).
    @inlinable @inline(__always)
    package mutating func write(_ bytes: UnsafeBufferPointer<UInt8>, at used: inout Int, separator: UInt8? = nil) {
        guard bytes.count > 0, let source = bytes.baseAddress else { return }
        let gap = separator != nil && used > 0 ? 1 : 0
        let end = used + gap + bytes.count
        if end > count { append(contentsOf: repeatElement(0, count: Swift.max(end, 2 * count, 64) - count)) }
        let at = used
        withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            if gap > 0, let separator { base[at] = separator }
            (base + at + gap).update(from: source, count: bytes.count)
        }
        used = end
    }
}
