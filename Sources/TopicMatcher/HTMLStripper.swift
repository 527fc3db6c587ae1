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
        var bytes = html
        return bytes.withUTF8 { b in
            // Bytes, not Characters: walking grapheme clusters cost more than
            // folding the text afterwards.
            guard b.contains(UInt8(ascii: "<")) || b.contains(UInt8(ascii: "&")) else { return html }
            var out: [UInt8] = []
            out.reserveCapacity(b.count)
            let n = b.count
            var i = 0
            var skipUntil: String?
            while i < n {
                let c = b[i]
                if c == UInt8(ascii: "<") {
                    guard let close = b[(i + 1)...].firstIndex(of: UInt8(ascii: ">")) else {
                        if skipUntil == nil { out.append(contentsOf: b[i...]) }
                        break
                    }
                    var k = i + 1
                    let closing = k < close && b[k] == UInt8(ascii: "/")
                    if closing { k += 1 }
                    var name = ""
                    while k < close, name.utf8.count < 16, let ch = Self.nameByte(b[k]) {
                        name.unicodeScalars.append(Unicode.Scalar(ch))
                        k += 1
                    }
                    if let s = skipUntil {
                        if closing && name == s { skipUntil = nil }
                    } else if !closing && (name == "script" || name == "style") {
                        skipUntil = name
                    } else if blocks.contains(name) {
                        out.append(UInt8(ascii: " "))
                    }
                    i = close + 1
                    continue
                }
                if skipUntil != nil {
                    i += 1
                    continue
                }
                if c == UInt8(ascii: "&"), let semi = b[(i + 1)..<min(n, i + 12)].firstIndex(of: UInt8(ascii: ";")),
                   let decoded = decode(Substring(String(decoding: b[(i + 1)..<semi], as: UTF8.self))) {
                    out.append(contentsOf: decoded.utf8)
                    i = semi + 1
                    continue
                }
                out.append(c)
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// A tag name's byte, lowercased; nil past the name.
    @inline(__always)
    private static func nameByte(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return c
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return c | 0x20
        default: return nil
        }
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
