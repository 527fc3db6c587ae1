import Foundation

/// RFC 3986 reference resolution for links, ids and xml:base.
enum URLResolver {
    /// `reference` made absolute against `base`; the reference itself when it is
    /// already absolute or there is no usable base; `nil` never loses a value.
    static func resolve(_ reference: String, against base: String?) -> String? {
        let ref = Text.trimmed(reference)
        if hasScheme(ref) { return ref }
        guard let base, hasScheme(base) else { return ref }
        if ref.isEmpty { return base }
        if let baseURL = URL(string: base) ?? URL(string: percentEscapeSpaces(base)),
           let url = URL(string: ref, relativeTo: baseURL) ?? URL(string: percentEscapeSpaces(ref), relativeTo: baseURL) {
            return url.absoluteString
        }
        return ref
    }

    /// A link that runs code where it is opened (`javascript:`, `vbscript:`,
    /// `data:`): never a feed's or an article's link, which alerts, mails and
    /// webhooks carry to be clicked. Dropped as feedparser drops them.
    static func isScript(_ link: String) -> Bool {
        guard hasScheme(link) else { return false }
        // The scheme is ASCII (`hasScheme`): compared on its bytes, lowered,
        // with no String or array made (this runs for every link of every
        // entry: the lowered String and the array were 3,200 instructions a link).
        var length = 0
        for u in link.utf8 {
            if u == UInt8(ascii: ":") { break }
            length += 1
        }
        let scheme = link.utf8.prefix(length).lazy.map { $0 | 0x20 }
        return scheme.elementsEqual("javascript".utf8) || scheme.elementsEqual("vbscript".utf8) || scheme.elementsEqual("data".utf8)
    }

    /// `link` resolved against `base`, nil for a script link.
    static func link(_ reference: String, against base: String?) -> String? {
        let resolved = resolve(reference, against: base) ?? reference
        return isScript(resolved) ? nil : resolved
    }

    /// A scheme per RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":".
    static func hasScheme(_ s: String) -> Bool {
        var first = true
        for u in s.utf8 {
            if u == UInt8(ascii: ":") { return !first }
            let alpha = (u >= 65 && u <= 90) || (u >= 97 && u <= 122)
            if first {
                guard alpha else { return false }
                first = false
            } else if !(alpha || (u >= 48 && u <= 57) || u == 43 || u == 45 || u == 46) {
                return false
            }
        }
        return false
    }

    private static func percentEscapeSpaces(_ s: String) -> String {
        s.replacingOccurrences(of: " ", with: "%20")
    }
}
