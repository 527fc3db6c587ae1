/// Text written with its whitespace collapsed as it is written: runs of
/// whitespace (every Unicode White_Space character, U+00A0 included) and
/// control characters become one space, none at either end. The one rule for
/// titles and for the text of summaries: `HTMLFastText` writes its text
/// through it (one pass over a summary instead of reading it, then collapsing
/// it), and the parser's `Text` collapses other text with it.
///
/// Writes into memory the caller owns, at least as large as what is given
/// (collapsing never lengthens the text; `count` is what was written).
package struct CollapsedText {
    private let out: UnsafeMutablePointer<UInt8>
    package private(set) var count = 0
    private var pendingSpace = false

    package init(into out: UnsafeMutablePointer<UInt8>) {
        self.out = out
    }

    /// `bytes` (valid UTF-8) collapsed into `out`; the length written.
    package static func collapse(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        guard let base = out.baseAddress else { return 0 }
        var text = CollapsedText(into: base)
        text.append(bytes)
        return text.count
    }

    /// `bytes` (valid UTF-8) collapsed, as a String not validated again
    /// (`String(validUTF8:)`: collapsing keeps valid UTF-8 valid); copied as
    /// they are when `isCollapsed` says they need nothing.
    package static func string(_ bytes: UnsafeBufferPointer<UInt8>, isCollapsed: Bool = false) -> String {
        guard bytes.count > 0 else { return "" }
        if isCollapsed { return String(validUTF8: bytes) }
        let out = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        defer { out.deallocate() }
        let count = collapse(bytes, into: out)
        return String(validUTF8: UnsafeBufferPointer(rebasing: out[..<count]))
    }

    /// A space: written only if something other than a space follows.
    @inline(__always)
    package mutating func space() {
        pendingSpace = count > 0
    }

    /// One byte of a character that is neither a space nor a control.
    @inline(__always)
    package mutating func byte(_ b: UInt8) {
        if pendingSpace {
            out[count] = 0x20
            count += 1
            pendingSpace = false
        }
        out[count] = b
        count += 1
    }

    /// `count` bytes that are neither spaces nor controls, or lone spaces
    /// between such bytes (their own collapsed form), the first not a space.
    @inline(__always)
    package mutating func bytes(_ p: UnsafePointer<UInt8>, count n: Int) {
        if pendingSpace {
            out[count] = 0x20
            count += 1
            pendingSpace = false
        }
        UnsafeMutableRawPointer(out + count).copyMemory(from: p, byteCount: n)
        count += n
    }

    /// The character `v`: a space if it is whitespace or a control, else its UTF-8.
    package mutating func scalar(_ v: UInt32) {
        if v <= 0x20 || v == 0x7F || Self.isSpaceOrControl(v) {
            space()
        } else if let u = Unicode.Scalar(v) {
            UTF8.encode(u) { byte($0) }
        }
    }

    /// The multi-byte character whose lead byte is at `i` of `bytes`: a space
    /// if it is whitespace or a control, else copied. Its length (0 when
    /// `bytes` ends inside it, and nothing is written).
    @inline(__always)
    package mutating func character(at i: Int, of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let b = bytes[i]
        let len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
        guard i + len <= bytes.count else { return 0 }
        var v = UInt32(b) & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07)
        for k in 1..<len { v = (v << 6) | (UInt32(bytes[i + k]) & 0x3F) }
        if Self.isSpaceOrControl(v) {
            space()
        } else {
            // A pending space is one byte and the sequence it precedes at
            // least two: the output never outruns the input.
            for k in 0..<len { byte(bytes[i + k]) }
        }
        return len
    }

    /// `bytes` (valid UTF-8), collapsed.
    package mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        var i = 0
        while i < n {
            // A run of bytes that cannot start a space or a control is copied
            // whole: printable ASCII, and any multi-byte character whose lead
            // is not C2 (U+0080–U+00BF: the C1 controls, U+0085, U+00A0) or
            // E1–E3 (U+1680, U+2000–U+205F, U+3000); its continuation bytes
            // follow it in the run. A lone ASCII space between two such bytes
            // stays in the run: it is its own collapsed form, and copying word
            // by word (a memmove per word) was most of the time.
            var j = i
            while j < n {
                if Self.cannotStartSpace(bytes[j]) {
                    j += 1
                } else if bytes[j] == 0x20, j > i, j + 1 < n, Self.cannotStartSpace(bytes[j + 1]) {
                    j += 2
                } else {
                    break
                }
            }
            if j > i, let base = bytes.baseAddress {
                self.bytes(base + i, count: j - i)
                i = j
                continue
            }
            let b = bytes[i]
            if b < 0x80 {
                if b <= 0x20 || b == 0x7F { space() } else { byte(b) }
                i += 1
                continue
            }
            let len = character(at: i, of: bytes)
            guard len > 0 else { break }
            i += len
        }
    }

    /// Whether no space or control character starts at this byte.
    @inline(__always)
    private static func cannotStartSpace(_ b: UInt8) -> Bool {
        b &- 0x21 < 0x5E || (b >= 0x80 && b != 0xC2 && b &- 0xE1 >= 3)
    }

    /// Non-ASCII White_Space characters, and the C1 controls.
    @inline(__always)
    private static func isSpaceOrControl(_ v: UInt32) -> Bool {
        switch v {
        case 0x80...0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }
}
