import Foundation
import LibXML

/// Text clean-up shared by the formats: plain text for titles, trimming for
/// markup, names out of author strings.
enum Text {
    /// Plain text: tags removed when the value holds markup (entities are decoded
    /// by the HTML parser, once), then whitespace, Unicode spaces included,
    /// collapsed to single spaces and trimmed.
    static func plain(_ raw: String, stripTags: Bool) -> String {
        let text = stripTags ? HTMLText.plainText(fromHTML: raw) : raw
        return collapseWhitespace(text)
    }

    static func collapseWhitespace(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        var any = false
        for u in s.unicodeScalars {
            if u.properties.isWhitespace {
                pendingSpace = any
            } else if u.value < 0x20 || (u.value >= 0x7F && u.value < 0xA0) {
                // Controls never reach a title.
                pendingSpace = any
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(u)
                any = true
            }
        }
        return String(out)
    }

    /// Markup as found, minus the whitespace around it.
    static func trimmed(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespacesAndNewlines)
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
