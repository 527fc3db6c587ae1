internal import CLibXML2

/// HTML to plain text through libxml2's HTML parser: text and CDATA kept, `script`
/// and `style` dropped, a space around block elements, nothing around inline ones,
/// entities decoded by the HTML parser (once). Whitespace is not collapsed here.
package enum HTMLText {
    /// Fast path: text with neither `<` nor `&` has no markup to remove.
    package static func needsParsing(_ text: String) -> Bool {
        for b in text.utf8 where b == UInt8(ascii: "<") || b == UInt8(ascii: "&") { return true }
        return false
    }

    package static func plainText(fromHTML html: String) -> String {
        guard needsParsing(html) else { return html }
        // Entities but no tags (the common case for titles): decode them here; the
        // HTML parser costs a document allocation and raises an error per bare '&'.
        if !html.utf8.contains(UInt8(ascii: "<")) { return decodeReferences(html) }
        _ = LibXMLSetup.once
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NODEFDTD.rawValue | HTML_PARSE_COMPACT.rawValue)
        var utf8 = Array(html.utf8)
        if utf8.isEmpty { return "" }
        // Always name the encoding: with NULL, libxml2 2.9 switches to ISO-8859-1
        // at the first byte it cannot read as UTF-8 and garbles the rest.
        let doc: htmlDocPtr? = utf8.withUnsafeMutableBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                htmlReadMemory($0, Int32(buf.count), nil, "UTF-8", options)
            }
        }
        guard let doc else { return html }
        defer { xmlFreeDoc(doc) }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var node = doc.pointee.children
        while let n = node {
            appendText(of: n, to: &out, depth: 0)
            node = n.pointee.next
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// HTML character references decoded as the HTML parser would: named (HTML 4
    /// table), decimal and hexadecimal; anything else, a bare '&' included, as is.
    package static func decodeReferences(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            guard b == UInt8(ascii: "&") else {
                out.append(b)
                i += 1
                continue
            }
            var j = i + 1
            var scalar: UInt32?
            if j < n, bytes[j] == UInt8(ascii: "#") {
                j += 1
                let hex = j < n && (bytes[j] | 0x20) == UInt8(ascii: "x")
                if hex { j += 1 }
                var v: UInt32 = 0
                let start = j
                while j < n, j - start < 8 {
                    let c = bytes[j]
                    if c >= 48 && c <= 57 { v = v * (hex ? 16 : 10) + UInt32(c - 48) }
                    else if hex, (c | 0x20) >= 97 && (c | 0x20) <= 102 { v = v * 16 + UInt32((c | 0x20) - 87) }
                    else { break }
                    j += 1
                }
                if j > start { scalar = v }
            } else {
                let start = j
                while j < n, j - start < 32, (bytes[j] | 0x20) >= 97 && (bytes[j] | 0x20) <= 122 || (bytes[j] >= 48 && bytes[j] <= 57) { j += 1 }
                if j > start {
                    scalar = bytes.withUnsafeBufferPointer { HTMLEntities.scalar(named: UnsafeBufferPointer(rebasing: $0[start..<j])) }
                }
            }
            if var v = scalar, let _ = Unicode.Scalar(v) ?? nil {
                if v == 0 { v = 0xFFFD }
                if j < n, bytes[j] == UInt8(ascii: ";") { j += 1 }
                out.append(contentsOf: String(Unicode.Scalar(v)!).utf8)
                i = j
            } else {
                out.append(b)
                i += 1
            }
        }
        bytes.removeAll()
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendText(of node: xmlNodePtr, to out: inout [UInt8], depth: Int) {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let content = node.pointee.content {
                var p = content
                while p.pointee != 0 {
                    out.append(p.pointee)
                    p += 1
                }
            }
        case XML_ELEMENT_NODE:
            // Deeply nested junk must not exhaust the stack; libxml2 caps depth too.
            guard depth < 512 else { return }
            let name = XMLName(node.pointee.name)
            if name == "script" || name == "style" || name == "noscript" || name == "template" { return }
            let block = isBlock(name)
            if block { out.append(0x20) }
            var child = node.pointee.children
            while let c = child {
                appendText(of: c, to: &out, depth: depth + 1)
                child = c.pointee.next
            }
            if block { out.append(0x20) }
        default:
            return
        }
    }

    private static let blockNames: [StaticString] = [
        "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "table", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "blockquote", "pre", "hr",
        "section", "article", "aside", "header", "footer", "nav", "figure", "figcaption", "main",
        "address", "details", "summary", "form", "fieldset", "legend", "img", "iframe", "video",
        "audio", "object", "body", "html",
    ]

    private static func isBlock(_ name: XMLName) -> Bool {
        for b in blockNames where name == b { return true }
        return false
    }
}
