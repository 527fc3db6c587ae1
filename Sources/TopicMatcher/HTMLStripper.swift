/// HTML to matchable text: block tags become a space, inline tags nothing,
/// script and style dropped, character references decoded (the common named
/// ones and every numeric one). No I/O and no libxml2: the matcher stands alone.
enum HTMLStripper {
    private static let blocks: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th",
        "blockquote", "pre", "hr", "section", "article", "aside", "header", "footer", "nav", "figure", "figcaption",
        "img", "iframe", "video", "audio", "main", "address", "form", "fieldset", "caption", "tbody", "thead", "tfoot",
    ]

    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "mdash": "—", "ndash": "–",
        "hellip": "…", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "laquo": "«", "raquo": "»",
        "eacute": "é", "egrave": "è", "ecirc": "ê", "aacute": "á", "agrave": "à", "acirc": "â", "atilde": "ã",
        "auml": "ä", "ouml": "ö", "uuml": "ü", "szlig": "ß", "ccedil": "ç", "iacute": "í", "oacute": "ó",
        "uacute": "ú", "ntilde": "ñ", "otilde": "õ", "Eacute": "É", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü",
        "copy": "©", "reg": "®", "trade": "™", "middot": "·", "bull": "•", "euro": "€", "pound": "£",
    ]

    static func text(_ html: String) -> String {
        // Byte scan: String.contains(Character) walks grapheme clusters.
        guard html.utf8.contains(UInt8(ascii: "<")) || html.utf8.contains(UInt8(ascii: "&")) else { return html }
        var out = ""
        out.reserveCapacity(html.utf8.count)
        var i = html.startIndex
        var skipUntil: String?
        while i < html.endIndex {
            let c = html[i]
            if c == "<" {
                guard let close = html[i...].firstIndex(of: ">") else {
                    out.append(contentsOf: html[i...])
                    break
                }
                var name = html[html.index(after: i)..<close].lowercased()
                let closing = name.hasPrefix("/")
                if closing { name.removeFirst() }
                name = String(name.prefix { $0.isLetter || $0.isNumber })
                if let s = skipUntil {
                    if closing && name == s { skipUntil = nil }
                } else if !closing && (name == "script" || name == "style") {
                    skipUntil = name
                } else if blocks.contains(name) {
                    out.append(" ")
                }
                i = html.index(after: close)
                continue
            }
            if skipUntil != nil {
                i = html.index(after: i)
                continue
            }
            if c == "&", let semi = html[i...].prefix(12).firstIndex(of: ";") {
                let body = html[html.index(after: i)..<semi]
                if let decoded = decode(body) {
                    out.append(decoded)
                    i = html.index(after: semi)
                    continue
                }
            }
            out.append(c)
            i = html.index(after: i)
        }
        return out
    }

    private static func decode(_ body: Substring) -> String? {
        if body.hasPrefix("#") {
            let digits = body.dropFirst()
            let value: UInt32?
            if digits.hasPrefix("x") || digits.hasPrefix("X") { value = UInt32(digits.dropFirst(), radix: 16) } else { value = UInt32(digits) }
            guard let v = value, let u = Unicode.Scalar(v) else { return nil }
            return String(u)
        }
        return named[String(body)]
    }
}
