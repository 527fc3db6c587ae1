import Foundation

/// Finds the encoding a document says it is in: byte order mark first, then the
/// XML declaration, then the HTTP charset hint.
enum EncodingSniffer {
    struct Result {
        var label: String?
        var warning: String?
    }

    static func detect(_ prefix: UnsafeBufferPointer<UInt8>, hint: String?) -> Result {
        let b = Array(prefix.prefix(4))
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { return Result(label: "UTF-8") }
        if b.starts(with: [0xFF, 0xFE, 0, 0]) { return Result(label: "UTF-32LE") }
        if b.starts(with: [0, 0, 0xFE, 0xFF]) { return Result(label: "UTF-32BE") }
        if b.starts(with: [0xFF, 0xFE]) { return Result(label: "UTF-16LE") }
        if b.starts(with: [0xFE, 0xFF]) { return Result(label: "UTF-16BE") }
        if b.starts(with: [0x3C, 0, 0x3F, 0]) { return Result(label: "UTF-16LE") }
        if b.starts(with: [0, 0x3C, 0, 0x3F]) { return Result(label: "UTF-16BE") }
        if let declared = declaredEncoding(prefix) {
            let l = declared.lowercased()
            if l.hasPrefix("utf-16") || l.hasPrefix("utf-32") || l == "ucs-2" || l == "ucs-4" {
                // The declaration was readable as ASCII, so it cannot be true.
                return Result(label: hint, warning: "the document declares \(declared) but is not: read as \(hint ?? "UTF-8")")
            }
            return Result(label: declared)
        }
        return Result(label: hint)
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
