internal import CLibXML2

/// HTML to plain text through libxml2's HTML parser (SAX): text and CDATA kept, `script`
/// and `style` dropped, a space around block elements, nothing around inline ones,
/// entities decoded by the HTML parser (once), whitespace collapsed (`CollapsedText`).
package enum HTMLText {
    /// Fast path: text with neither `<` nor `&` has no markup to remove.
    package static func needsParsing(_ text: String) -> Bool {
        for b in text.utf8 where b == UInt8(ascii: "<") || b == UInt8(ascii: "&") { return true }
        return false
    }

    package static func plainText(fromHTML html: String) -> String {
        withPlainText(fromHTML: html) { CollapsedText.string($0, isCollapsed: $1) }
    }

    /// `plainText`'s UTF-8 handed to `body` without a String made of it, and
    /// whether its whitespace is collapsed already (`CollapsedText`: the
    /// fast path's is).
    private static func withPlainText<R>(fromHTML html: String, _ body: (UnsafeBufferPointer<UInt8>, _ collapsed: Bool) -> R) -> R {
        var html = html
        guard needsParsing(html) else { return html.withUTF8 { body($0, false) } }
        // Entities but no tags (the common case for titles): decode them here; the
        // HTML parser costs a document allocation and raises an error per bare '&'.
        if !html.utf8.contains(UInt8(ascii: "<")) {
            var text = decodeReferences(html)
            return text.withUTF8 { body($0, false) }
        }
        if let fast = html.withUTF8(HTMLFastText.text) { return fast.withUnsafeBufferPointer { body($0, true) } }
        guard let parsed = parsedText(html) else { return html.withUTF8 { body($0, false) } }
        return parsed.withUnsafeBufferPointer { body($0, false) }
    }

    /// `plainText` through libxml2 always, never the fast path (which the
    /// tests compare with this).
    package static func plainTextByParser(fromHTML html: String) -> String {
        parsedText(html).map { String(decoding: $0, as: UTF8.self) } ?? html
    }

    /// The parser's text; nil when it could not start.
    private static func parsedText(_ html: String) -> [UInt8]? {
        _ = LibXMLSetup.once
        var utf8 = Array(html.utf8)
        if utf8.isEmpty { return [] }
        let text = HTMLTextSink(capacity: utf8.count)
        let parsed = utf8.withUnsafeMutableBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { parse($0, Int32(buf.count), into: text) }
        }
        guard parsed else { return nil }
        // Its text becomes a String without validation (`String(validUTF8:)`),
        // and libxml2's HTML parser hands a byte it cannot decode on as it is
        // (htmlCurrentChar's fallback, as 2.9 reads it), which a <meta> charset
        // the text is not in might provoke: none of the tests' charsets did,
        // but on this path only (the fast path copies whole sequences of a
        // String) the text is checked, and repaired if need be.
        return isValidUTF8(text.out) ? text.out : Array(String(decoding: text.out, as: UTF8.self).utf8)
    }

    private static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            do {
                _ = try UTF8Span(validating: buffer.span)
                return true
            } catch {
                return false
            }
        }
    }

    /// libxml2's HTML parser with SAX callbacks that collect the text, no
    /// tree: building and freeing a document per summary was most of the cost
    /// of HTML-to-text, itself a fifth of a first poll. The parsing (implied
    /// and auto-closed elements, entities, recovery) is the parser's own, so
    /// the events are those its tree builder would have received.
    private static func parse(_ bytes: UnsafePointer<CChar>, _ count: Int32, into text: HTMLTextSink) -> Bool {
        guard let ctxt = htmlCreateMemoryParserCtxt(bytes, count) else { return false }
        defer {
            if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
            xmlFreeParserCtxt(ctxt)
        }
        htmlCtxtUseOptions(ctxt, Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NODEFDTD.rawValue | HTML_PARSE_COMPACT.rawValue))
        // UTF-8, declared as htmlReadMemory does when given an encoding: with
        // none, libxml2 2.9 switches to ISO-8859-1 at the first byte it cannot
        // read as UTF-8, or follows a <meta charset> inside the summary.
        if let utf8 = xmlFindCharEncodingHandler("UTF-8"), let input = ctxt.pointee.input {
            xmlSwitchToEncoding(ctxt, utf8)
            // Freed with the input; a fresh context has none to replace.
            if input.pointee.encoding == nil { input.pointee.encoding = UnsafePointer(xmlStrdup("UTF-8")) }
        }
        guard let sax = ctxt.pointee.sax else { return false }
        var handler = xmlSAXHandler()
        handler.initialized = 1
        handler.startElement = { ctx, name, _ in HTMLTextSink.of(ctx)?.start(XMLName(name)) }
        handler.endElement = { ctx, name in HTMLTextSink.of(ctx)?.end(XMLName(name)) }
        handler.characters = { ctx, chars, len in HTMLTextSink.of(ctx)?.text(chars, len) }
        handler.cdataBlock = { ctx, chars, len in HTMLTextSink.of(ctx)?.text(chars, len) }
        sax.pointee = handler
        ctxt.pointee._private = Unmanaged.passUnretained(text).toOpaque()
        htmlParseDocument(ctxt)
        return withExtendedLifetime(text) { true }
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

    private static let blockNames: [StaticString] = [
        "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "table", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "blockquote", "pre", "hr",
        "section", "article", "aside", "header", "footer", "nav", "figure", "figcaption", "main",
        "address", "details", "summary", "form", "fieldset", "legend", "img", "iframe", "video",
        "audio", "object", "body", "html",
    ]

    static func isBlock(_ name: XMLName) -> Bool {
        for b in blockNames where name == b { return true }
        return false
    }
}
