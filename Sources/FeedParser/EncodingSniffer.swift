import Foundation

/// Finds the encoding a document says it is in: byte order mark first, then the
/// XML declaration, then the HTTP charset hint.
enum EncodingSniffer {
    struct Result {
        var label: String?
        var warning: String?
    }

    static func detect(_ prefix: UnsafeBufferPointer<UInt8>, hint rawHint: String?) -> Result {
        let b = Array(prefix.prefix(4))
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { return Result(label: "UTF-8") }
        if b.starts(with: [0xFF, 0xFE, 0, 0]) { return Result(label: "UTF-32LE") }
        if b.starts(with: [0, 0, 0xFE, 0xFF]) { return Result(label: "UTF-32BE") }
        if b.starts(with: [0xFF, 0xFE]) { return Result(label: "UTF-16LE") }
        if b.starts(with: [0xFE, 0xFF]) { return Result(label: "UTF-16BE") }
        // No byte order mark: `<` in four bytes or two (XML 1.0, Appendix F).
        if b.starts(with: [0, 0, 0, 0x3C]) { return Result(label: "UTF-32BE") }
        if b.starts(with: [0x3C, 0, 0, 0]) { return Result(label: "UTF-32LE") }
        if b.starts(with: [0x3C, 0, 0x3F, 0]) { return Result(label: "UTF-16LE") }
        if b.starts(with: [0, 0x3C, 0, 0x3F]) { return Result(label: "UTF-16BE") }
        // "<?xm" in EBCDIC: the declaration, read through IBM037, names the code page.
        if b.starts(with: [0x4C, 0x6F, 0xA7, 0x94]) { return Result(label: ebcdicDeclaration(prefix) ?? "IBM037") }
        // Past this point the document is in an ASCII-compatible encoding (its
        // `<?xml` or `<` is single bytes): a UTF-16 or UTF-32 charset from HTTP
        // cannot be right, and would turn every pair of bytes into one CJK letter.
        var hint = rawHint
        var hintWarning: String?
        if let h = rawHint, isWide(h), startsWithASCIIMarkup(prefix) {
            hint = nil
            hintWarning = "the HTTP charset says \(h), but the document starts in ASCII: read by its own bytes"
        }
        if let declared = declaredEncoding(prefix) {
            if isWide(declared) {
                // The declaration was readable as ASCII, so it cannot be true.
                return Result(label: hint, warning: "the document declares \(declared) but is not: read as \(hint ?? "UTF-8")")
            }
            return Result(label: declared, warning: hintWarning)
        }
        return Result(label: hint, warning: hintWarning)
    }

    /// The encoding an EBCDIC document's declaration names: the declaration's
    /// characters are the same in every EBCDIC code page but the double quote,
    /// which Turkish IBM1026 moves to 0xFC.
    private static func ebcdicDeclaration(_ prefix: UnsafeBufferPointer<UInt8>) -> String? {
        let decoder = InputDecoder(encoding: "IBM037")
        var ascii: [UInt8] = []
        let head = prefix.prefix(512).map { $0 == 0xFC ? 0x7F : $0 }
        head.withUnsafeBufferPointer { decoder.decode($0, final: true) { ascii.append(contentsOf: $0) } }
        return ascii.withUnsafeBufferPointer(declaredEncoding)
    }

    /// UTF-16 and UTF-32 labels, in which no ASCII text is ever single bytes.
    static func isWide(_ label: String) -> Bool {
        let l = label.lowercased()
        return l.hasPrefix("utf-16") || l.hasPrefix("utf-32") || l.hasPrefix("utf16") || l.hasPrefix("utf32")
            || l == "ucs-2" || l == "ucs-4" || l == "unicode"
    }

    /// `<` (after ASCII whitespace) followed by an ASCII letter, `?` or `!`:
    /// markup whose first bytes are one byte per character.
    private static func startsWithASCIIMarkup(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < p.count, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0A || p[i] == 0x0D { i += 1 }
        guard i + 1 < p.count, p[i] == 0x3C else { return false }
        let next = p[i + 1]
        return next == 0x3F || next == 0x21 || (next | 0x20 >= 0x61 && next | 0x20 <= 0x7A)
    }

    /// The `encoding` pseudo-attribute of an XML declaration in the first bytes.
    static func declaredEncoding(_ p: UnsafeBufferPointer<UInt8>) -> String? {
        let window = Array(p.prefix(1024))
        guard let start = find(Array("<?xml".utf8), in: window, from: 0) else { return nil }
        let end = find(Array("?>".utf8), in: window, from: start) ?? window.count
        guard let enc = find(Array("encoding".utf8), in: window, from: start), enc < end else { return nil }
        var i = enc + 8
        while i < end, window[i] == 32 || window[i] == 9 || window[i] == 10 || window[i] == 13 { i += 1 }
        guard i < end, window[i] == UInt8(ascii: "=") else { return nil }
        i += 1
        while i < end, window[i] == 32 || window[i] == 9 || window[i] == 10 || window[i] == 13 { i += 1 }
        guard i < end, window[i] == UInt8(ascii: "\"") || window[i] == UInt8(ascii: "'") else { return nil }
        let quote = window[i]
        i += 1
        let valueStart = i
        while i < end, window[i] != quote { i += 1 }
        guard i > valueStart, i - valueStart < 40 else { return nil }
        let value = String(decoding: window[valueStart..<i], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard needle.count <= hay.count else { return nil }
        var i = from
        while i + needle.count <= hay.count {
            if hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
