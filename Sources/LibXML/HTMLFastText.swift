/// The text of the plain HTML most summaries are made of (paragraphs, links,
/// emphasis, line breaks, lists, images, comments, character references), read
/// in one pass without libxml2, whose HTML parser was a seventh of a first
/// poll's CPU.
///
/// It gives up (nil) on anything whose reading depends on the parser's recovery
/// rules — an element outside its table, a block inside a paragraph or inline
/// element, an end tag that is not the innermost open element's, a reference
/// the parser would not decode, declarations and processing instructions,
/// `script` and `style`, control characters — and `HTMLText` parses those with
/// libxml2 as before. Where it reads a summary, its text is the parser's with
/// whitespace collapsed (`CollapsedText`, as it is read: `HTMLFastTextTests`
/// compares the two on every summary of the real captures and on generated
/// markup). Under these rules libxml2 closes elements only at their end tags,
/// so spaces fall where the parser puts them.
package struct HTMLFastText {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var out: CollapsedText
    /// Open elements: their packed names (to match end tags) and kinds.
    private var names: [UInt64] = []
    private var kinds: [HTMLElementKind] = []
    private var openAnchors = 0

    /// `out`: room for `bytes.count` (collapsed text, a space for each block
    /// tag of at least three bytes, references no longer than written).
    private init(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) {
        self.bytes = bytes
        self.out = CollapsedText(into: out)
        names.reserveCapacity(8)
        kinds.reserveCapacity(8)
    }

    /// The text of `html` as `HTMLText`'s libxml2 reading gives it (a space
    /// at each block element), whitespace collapsed, or nil when this reader
    /// does not take it.
    package static func text(_ html: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard html.count > 0 else { return [] }
        var read = false
        let text = [UInt8](unsafeUninitializedCapacity: html.count) { out, count in
            var reader = HTMLFastText(html, into: out.baseAddress!)
            read = reader.read()
            count = read ? reader.out.count : 0
        }
        return read ? text : nil
    }

    private mutating func read() -> Bool {
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: "<") {
                guard markup() else { return false }
            } else if b == UInt8(ascii: "&") {
                guard reference() else { return false }
            } else {
                guard textRun() else { return false }
            }
        }
        return true
    }

    /// Text up to the next `<` or `&`, collapsed as it is read. Text directly
    /// in a list is left to the parser unless blank; control characters
    /// (which the parser reports) too.
    private mutating func textRun() -> Bool {
        var blank = true
        let n = bytes.count
        while i < n {
            // Words and single spaces up to sixteen bytes at a time: reading a
            // byte at a time was a fifth of an entry's matching text.
            if i + 17 <= n, let base = bytes.baseAddress, case let k = Self.plainPrefix(base + i), k > 0 {
                blank = false
                out.bytes(base + i, count: k)
                i += k
                continue
            }
            let b = bytes[i]
            if b == UInt8(ascii: "<") || b == UInt8(ascii: "&") { break }
            if b > 0x20 && b < 0x7F {
                blank = false
                out.byte(b)
                i += 1
            } else if b < 0x80 {
                guard b >= 0x20 || b == 0x09 || b == 0x0A || b == 0x0D else { return false }
                if b == 0x7F { blank = false }
                out.space()
                i += 1
            } else {
                blank = false
                let len = out.character(at: i, of: bytes)
                guard len > 0 else { return false }
                i += len
            }
        }
        return blank || kinds.last != .list
    }

    /// How many of the 16 bytes at `p`, from the first, are copied as they
    /// are: printable ASCII other than `<` and `&`, and spaces each followed
    /// by such a byte (so never two in a row), the first not a space (0 when
    /// it is). Such a prefix never ends in a space: the byte after a space it
    /// holds is printable, so in it too. `p[16]` is read too. Eight bytes at a
    /// time in a UInt64 (the SIMD types compiled to a loop over their lanes here).
    @inline(__always)
    private static func plainPrefix(_ p: UnsafePointer<UInt8>) -> Int {
        let raw = UnsafeRawPointer(p)
        let a = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        let b = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let pa = printable(a), pb = printable(b)
        // Byte k of a word is bits 8k..8k+7: byte 0 is the first.
        guard pa & 0x80 != 0 else { return 0 }
        let c = p[16]
        let after: UInt64 = c &- 0x21 < 0x5E && c != UInt8(ascii: "<") && c != UInt8(ascii: "&") ? 0x80 : 0
        // Whether the byte after each one is printable.
        let na = pa >> 8 | (pb & 0x80) << 56, nb = pb >> 8 | after << 56
        let badA = ~(pa | (equal(a, 0x20) & na)) & highBits
        if badA != 0 { return badA.trailingZeroBitCount / 8 }
        let badB = ~(pb | (equal(b, 0x20) & nb)) & highBits
        return badB != 0 ? 8 + badB.trailingZeroBitCount / 8 : 16
    }

    private static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// 0x80 in each byte of `x` that is printable ASCII other than `<` and `&`, else 0.
    @inline(__always)
    private static func printable(_ x: UInt64) -> UInt64 {
        let y = x & lowBits
        // No sum below carries into the next byte: each stays under 0x100.
        let atLeast21 = (y &+ 0x5F5F_5F5F_5F5F_5F5F) & highBits
        let is7F = (y &+ 0x0101_0101_0101_0101) & highBits
        return ~x & highBits & atLeast21 & ~is7F & ~equal(x, UInt8(ascii: "<")) & ~equal(x, UInt8(ascii: "&"))
    }

    /// 0x80 in each byte of `x` equal to `c`, else 0 (exact: no borrow between bytes).
    @inline(__always)
    private static func equal(_ x: UInt64, _ c: UInt8) -> UInt64 {
        let z = x ^ (UInt64(c) &* 0x0101_0101_0101_0101)
        return ~((z & lowBits) &+ lowBits | z | lowBits)
    }

    /// `&name;` (the parser's HTML 4 table), `&#n;`, `&#xh;`; anything else,
    /// a bare `&` or a reference without its `;` included, is the parser's.
    private mutating func reference() -> Bool {
        if kinds.last == .list { return false }
        var j = i + 1
        let n = bytes.count
        var scalar: UInt32?
        if j < n, bytes[j] == UInt8(ascii: "#") {
            j += 1
            let hex = j < n && (bytes[j] | 0x20) == UInt8(ascii: "x")
            if hex { j += 1 }
            let start = j
            var v: UInt32 = 0
            while j < n, j - start < 7, let d = Self.digit(bytes[j], hex: hex) {
                v = v * (hex ? 16 : 10) + d
                j += 1
            }
            if j > start { scalar = v }
        } else {
            let start = j
            while j < n, j - start < 32, Self.isLetterOrDigit(bytes[j]) { j += 1 }
            if j > start, Self.isLetter(bytes[start]) {
                scalar = HTMLEntities.scalar(named: UnsafeBufferPointer(rebasing: bytes[start..<j]))
            }
        }
        guard j < n, bytes[j] == UInt8(ascii: ";"), let v = scalar, Self.isXMLChar(v), let s = Unicode.Scalar(v) else { return false }
        out.scalar(s.value)
        i = j + 1
        return true
    }

    /// A comment, a start tag or an end tag at `i` (a `<`).
    private mutating func markup() -> Bool {
        let n = bytes.count
        guard i + 1 < n else { return false }
        let next = bytes[i + 1]
        if next == UInt8(ascii: "!") { return comment() }
        if next == UInt8(ascii: "/") { return endTag() }
        guard Self.isLetter(next) else { return false }
        return startTag()
    }

    /// `<!-- … -->` with no `--` inside (how the parser ends odd comments is
    /// its own business).
    private mutating func comment() -> Bool {
        let n = bytes.count
        guard i + 4 <= n, bytes[i + 2] == UInt8(ascii: "-"), bytes[i + 3] == UInt8(ascii: "-") else { return false }
        var j = i + 4
        while j + 1 < n {
            if bytes[j] == UInt8(ascii: "-") && bytes[j + 1] == UInt8(ascii: "-") {
                guard j + 2 < n, bytes[j + 2] == UInt8(ascii: ">") else { return false }
                i = j + 3
                return true
            }
            j += 1
        }
        return false
    }

    private mutating func endTag() -> Bool {
        var j = i + 2
        guard let key = name(at: &j), let top = names.last, top == key else { return false }
        while j < bytes.count, Self.isBlank(bytes[j]) { j += 1 }
        guard j < bytes.count, bytes[j] == UInt8(ascii: ">") else { return false }
        let kind = kinds.removeLast()
        names.removeLast()
        if kind == .anchor { openAnchors -= 1 }
        if kind.isBlock { out.space() }
        i = j + 1
        return true
    }

    private mutating func startTag() -> Bool {
        var j = i + 1
        guard let key = name(at: &j), let kind = HTMLElementKind.of(key), kind.fits(in: kinds.last, openAnchors: openAnchors),
              names.count < 64 else { return false }
        guard let selfClosing = attributes(at: &j) else { return false }
        i = j
        if kind.isBlock { out.space() }
        // The parser ends these at once (the sink's second space is their end's: one, collapsed).
        if selfClosing || kind == .void || kind == .voidBlock { return true }
        names.append(key)
        kinds.append(kind)
        if kind == .anchor { openAnchors += 1 }
        return true
    }

    /// An element name of ASCII letters and digits (up to ten, case folded,
    /// packed six bits a character), ending at a blank, `>` or `/`.
    private func name(at j: inout Int) -> UInt64? {
        let n = bytes.count
        let start = j
        var key: UInt64 = 0
        while j < n, Self.isLetterOrDigit(bytes[j]) {
            guard j - start < 10 else { return nil }
            key = key << 6 | HTMLElementKind.code(bytes[j])
            j += 1
        }
        guard j > start, j < n, Self.isBlank(bytes[j]) || bytes[j] == UInt8(ascii: ">") || bytes[j] == UInt8(ascii: "/") else { return nil }
        return key
    }

    /// Attributes up to the tag's `>` (true) or `/>` (self-closing, true), each
    /// `name`, `name=value`, `name="value"` or `name='value'`, apart by blanks;
    /// nil for anything else. Values are skipped (the text has none of them).
    private func attributes(at j: inout Int) -> Bool? {
        let n = bytes.count
        while true {
            while j < n, Self.isBlank(bytes[j]) { j += 1 }
            guard j < n else { return nil }
            if bytes[j] == UInt8(ascii: ">") { j += 1; return false }
            if bytes[j] == UInt8(ascii: "/") {
                guard j + 1 < n, bytes[j + 1] == UInt8(ascii: ">") else { return nil }
                j += 2
                return true
            }
            guard attribute(at: &j) else { return nil }
            guard j < n, Self.isBlank(bytes[j]) || bytes[j] == UInt8(ascii: ">") || bytes[j] == UInt8(ascii: "/") else { return nil }
        }
    }

    private func attribute(at j: inout Int) -> Bool {
        let n = bytes.count
        guard Self.isLetter(bytes[j]) || bytes[j] == UInt8(ascii: "_") || bytes[j] == UInt8(ascii: ":") else { return false }
        while j < n, Self.isLetterOrDigit(bytes[j]) || bytes[j] == UInt8(ascii: "-") || bytes[j] == UInt8(ascii: "_")
            || bytes[j] == UInt8(ascii: ":") || bytes[j] == UInt8(ascii: ".") { j += 1 }
        var k = j
        while k < n, Self.isBlank(bytes[k]) { k += 1 }
        guard k < n, bytes[k] == UInt8(ascii: "=") else { return true }
        k += 1
        while k < n, Self.isBlank(bytes[k]) { k += 1 }
        guard k < n else { return false }
        let quote = bytes[k]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            k += 1
            while k < n, bytes[k] != quote {
                if bytes[k] == UInt8(ascii: "<") { return false }
                k += 1
            }
            guard k < n else { return false }
            j = k + 1
            return true
        }
        let start = k
        while k < n, !Self.isBlank(bytes[k]), bytes[k] != UInt8(ascii: ">") {
            let b = bytes[k]
            if b == UInt8(ascii: "<") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: "=") || b == UInt8(ascii: "`") { return false }
            k += 1
        }
        guard k > start else { return false }
        j = k
        return true
    }

    private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
    private static func isLetterOrDigit(_ b: UInt8) -> Bool { isLetter(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) }

    private static func digit(_ b: UInt8, hex: Bool) -> UInt32? {
        if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") { return UInt32(b - UInt8(ascii: "0")) }
        let l = b | 0x20
        if hex, l >= UInt8(ascii: "a"), l <= UInt8(ascii: "f") { return UInt32(l - UInt8(ascii: "a") + 10) }
        return nil
    }

    /// The characters the parser passes on (XML's `Char`); others it drops with an error.
    private static func isXMLChar(_ v: UInt32) -> Bool {
        v == 0x09 || v == 0x0A || v == 0x0D || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || (0x10000...0x10FFFF).contains(v)
    }
}
