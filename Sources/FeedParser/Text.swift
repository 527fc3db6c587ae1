import Foundation
import LibXML

/// Text clean-up shared by the formats: plain text for titles, trimming for
/// markup, names out of author strings.
enum Text {
    /// Plain text: tags removed when the value holds markup (entities are decoded
    /// by the HTML parser, once), then whitespace, Unicode spaces included,
    /// collapsed to single spaces and trimmed.
    /// A String from UTF-8 bytes. Copying into the string's own storage and
    /// validating there measured faster than `String(decoding:as:)` (which
    /// validates the source, then copies) on the large content of feeds.
    static func string(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count > 0 else { return "" }
        return String(unsafeUninitializedCapacity: bytes.count) { out in
            _ = out.initialize(from: bytes)
            return bytes.count
        }
    }

    /// `plain` straight from UTF-8 bytes: one String made, not three, when there
    /// is no markup to remove (the common case).
    static func plain(utf8 bytes: UnsafeBufferPointer<UInt8>, stripTags: Bool) -> String {
        if stripTags, bytes.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) {
            return plain(String(decoding: bytes, as: UTF8.self), stripTags: true)
        }
        guard bytes.count > 0 else { return "" }
        return String(unsafeUninitializedCapacity: bytes.count) { collapse(bytes, into: $0) }
    }

    static func plain(_ raw: String, stripTags: Bool) -> String {
        guard stripTags else { return collapseWhitespace(raw) }
        return HTMLText.withPlainText(fromHTML: raw) { bytes in
            bytes.isEmpty ? "" : String(unsafeUninitializedCapacity: bytes.count) { collapse(bytes, into: $0) }
        }
    }

    /// Runs of whitespace (every Unicode White_Space character, U+00A0 included)
    /// and control characters become one space; the ends are trimmed. Works on
    /// UTF-8 bytes: Unicode property look-ups per character dominated the profile.
    static func collapseWhitespace(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            let n = bytes.count
            guard n > 0 else { return "" }
            return String(unsafeUninitializedCapacity: n) { out -> Int in
                collapse(bytes, into: out)
            }
        }
    }

    /// Writes the collapsed form of `bytes` into `out` (at least as large) and
    /// returns its length.
    private static func collapse(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let n = bytes.count
        var o = 0
        var pendingSpace = false
        var i = 0
        while i < n {
            // A run of bytes that cannot start a space or a control is copied
            // whole: printable ASCII, and any multi-byte character whose lead
            // is not C2 (U+0080–U+00BF: the C1 controls, U+0085, U+00A0) or
            // E1–E3 (U+1680, U+2000–U+205F, U+3000); its continuation bytes
            // follow it in the run. The text is valid UTF-8 (a String's, or
            // the parser's).
            var j = i
            while j < n, Self.cannotStartSpace(bytes[j]) { j += 1 }
            if j > i {
                if pendingSpace { out[o] = 0x20; o += 1; pendingSpace = false }
                UnsafeMutableRawPointer(out.baseAddress! + o).copyMemory(from: bytes.baseAddress! + i, byteCount: j - i)
                o += j - i
                i = j
                continue
            }
            let b = bytes[i]
            if b < 0x80 {
                if b <= 0x20 || b == 0x7F {
                    pendingSpace = o > 0
                } else {
                    if pendingSpace { out[o] = 0x20; o += 1; pendingSpace = false }
                    out[o] = b
                    o += 1
                }
                i += 1
                continue
            }
            let len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            guard i + len <= n else { break }
            var v = UInt32(b) & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07)
            for k in 1..<len { v = (v << 6) | (UInt32(bytes[i + k]) & 0x3F) }
            if isSpaceOrControl(v) {
                pendingSpace = o > 0
            } else {
                // A pending space is one byte and the multibyte sequence it
                // precedes was at least two: the output never outruns the input.
                if pendingSpace { out[o] = 0x20; o += 1; pendingSpace = false }
                for k in 0..<len { out[o + k] = bytes[i + k] }
                o += len
            }
            i += len
        }
        return o
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

    /// Markup as found, minus the ASCII whitespace around it. Works on the UTF-8
    /// view: Foundation's `trimmingCharacters` walks UTF-16 and dominated the
    /// parse profile on large content.
    static func trimmed(_ s: String) -> String {
        let u = s.utf8
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C }
        guard let first = u.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = u.lastIndex(where: { !isSpace($0) })!
        if first == u.startIndex && u.index(after: last) == u.endIndex { return s }
        return String(s[first...last])
    }

    /// "a@b.org (Ann Lee)" → "Ann Lee"; "Ann Lee <a@b.org>" → "Ann Lee";
    /// anything else as found, whitespace collapsed.
    static func personName(_ raw: String) -> String {
        let s = collapseWhitespace(raw)
        if s.hasSuffix(")"), let open = s.lastIndex(of: "(") {
            let inner = s[s.index(after: open)..<s.index(before: s.endIndex)].trimmingCharacters(in: .whitespaces)
            let outer = s[..<open].trimmingCharacters(in: .whitespaces)
            if outer.contains("@"), !inner.isEmpty { return inner }
            if inner.contains("@"), !outer.isEmpty { return outer }
        }
        if s.hasSuffix(">"), let open = s.lastIndex(of: "<") {
            let outer = s[..<open].trimmingCharacters(in: .whitespaces)
            if !outer.isEmpty { return outer.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
        }
        return s
    }
}

/// The one HTML-to-text of feedwatch, for whoever needs an entry's summary or
/// content as text (the matcher): the same conversion the parser gives titles.
package enum PlainText {
    package static func fromHTML(_ html: String) -> String {
        Text.plain(html, stripTags: true)
    }
}
