import Foundation
import LibXML

/// Text clean-up shared by the formats: plain text for titles, trimming for
/// markup, names out of author strings.
enum Text {
    /// `plain` straight from UTF-8 bytes: one String made, not three, when there
    /// is no markup to remove (the common case).
    static func plain(utf8 bytes: UnsafeBufferPointer<UInt8>, stripTags: Bool) -> String {
        if stripTags, bytes.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) {
            return plain(String(decoding: bytes, as: UTF8.self), stripTags: true)
        }
        return CollapsedText.string(bytes)
    }

    /// Plain text: tags removed when the value holds markup (entities are decoded
    /// by the HTML parser, once), then whitespace, Unicode spaces included,
    /// collapsed to single spaces and trimmed.
    static func plain(_ raw: String, stripTags: Bool) -> String {
        guard stripTags else { return collapseWhitespace(raw) }
        return HTMLText.plainText(fromHTML: raw)
    }

    /// Runs of whitespace (every Unicode White_Space character, U+00A0 included)
    /// and control characters become one space; the ends are trimmed. Works on
    /// UTF-8 bytes: Unicode property look-ups per character dominated the profile.
    static func collapseWhitespace(_ text: String) -> String {
        var text = text
        return text.withUTF8 { CollapsedText.string($0) }
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
            if isEmail(outer), !inner.isEmpty { return inner }
            // "Jane Doe (@jane)": a handle, not an address: the name is all of it.
            if isEmail(inner), !outer.isEmpty { return outer }
        }
        if s.hasSuffix(">"), let open = s.lastIndex(of: "<") {
            let outer = s[..<open].trimmingCharacters(in: .whitespaces)
            if !outer.isEmpty { return outer.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
            // "<john@example.com>" alone: the address, without its brackets.
            let inner = String(s[s.index(after: open)..<s.index(before: s.endIndex)])
            if isEmail(inner) { return inner }
        }
        return s
    }

    /// `local@domain.tld` as addresses are written: one '@' with something
    /// before it, a dot after it, no space ("mailto:" allowed in front).
    static func isEmail<S: StringProtocol>(_ s: S) -> Bool {
        var t = Substring(s.trimmingCharacters(in: .whitespaces))
        if t.lowercased().hasPrefix("mailto:") { t = t.dropFirst(7) }
        let parts = t.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !t.contains(" ") else { return false }
        let domain = parts[1]
        return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".")
    }
}

/// The one HTML-to-text of feedwatch, for whoever needs an entry's summary or
/// content as text (the matcher): the same conversion the parser gives titles.
package enum PlainText {
    package static func fromHTML(_ html: String) -> String {
        Text.plain(html, stripTags: true)
    }
}
