import Foundation
import LibXML

/// The element whose text `FeedBuilder` is collecting: how its content is read
/// (text, markup re-serialised, inline XHTML, base64), and the markup of its
/// child elements written back into the captured text as they stream past.
///
/// The text itself goes from libxml2 straight into `CapturedText`; this type
/// adds the tags of child elements, and turns the bytes into a value at the end.
final class ElementCapture {
    enum Mode { case text, markup, xhtml, base64 }

    struct Capture {
        var field: ElementRule.Field
        var rank: Int
        var depth: Int
        var mode: Mode
        var stripTags: Bool
        var isEntry: Bool
        /// libxml2's interned name, alive as long as the parser; made a String only
        /// for a warning.
        var elementNamePointer: UnsafePointer<UInt8>?
        var elementName: String { XMLName(elementNamePointer).string }
        var skipDepth: Int?  // the XHTML wrapper div, not serialised
        var sawChildElement = false
    }

    /// Where the parser collects the text (shared with the `SAXPushParser`; a
    /// `let`, so reading it costs no retain).
    let captured: CapturedText
    private(set) var current: Capture?
    /// Mirrors of `current` read on every SAX event: copying the optional struct
    /// there showed in the profile. -1 when nothing is captured.
    private(set) var depth = -1
    private var mode = Mode.text
    /// A category's child element whose text (and its children's) is left out:
    /// `<category>News<image><url>…</url></image></category>` is "News".
    private var pausedAt: Int?
    /// Child elements are written back as markup: markup and inline XHTML,
    /// and a summary or content read as text that holds elements anyway
    /// (`<summary>Example <b>Atom</b></summary>`: markup as found, as feedparser keeps it).
    private var keepsChildTags = false

    init(captured: CapturedText) {
        self.captured = captured
    }

    /// Starts capturing the element at `depth` into `field`, read as `textMode`
    /// says (in an Atom document, `inAtom`, titles, summaries and content are
    /// Atom text constructs).
    func begin(_ field: ElementRule.Field, rank: Int, isEntry: Bool, depth: Int, name: XMLName,
               attributes: XMLAttributes, textMode: ElementRule.TextMode, inAtom: Bool) {
        let (mode, strip) = ElementCapture.mode(textMode, field: field, attributes: attributes, inAtom: inAtom)
        captured.removeAll()
        captured.isActive = true
        captured.escapesMarkup = mode == .xhtml
        self.depth = depth
        self.mode = mode
        pausedAt = nil
        keepsChildTags = mode == .markup || mode == .xhtml || (mode == .text && (field == .summary || field == .content))
        current = Capture(field: field, rank: rank, depth: depth, mode: mode, stripTags: strip, isEntry: isEntry,
                          elementNamePointer: name.pointer)
    }

    /// Ends the capture; the caller reads `captured` for the value.
    func end() -> Capture? {
        let c = current
        current = nil
        depth = -1
        captured.isActive = false
        return c
    }

    private static func mode(_ textMode: ElementRule.TextMode, field: ElementRule.Field, attributes: XMLAttributes,
                             inAtom: Bool) -> (Mode, Bool) {
        let isTitle = textMode == .title
        let atomText = textMode == .atomText || textMode == .atomContent
        if atomText || (inAtom && (isTitle || field == .summary || field == .content)) {
            return atomConstruct(attributes, isContent: textMode == .atomContent)
        }
        switch textMode {
        case .title: return (.markup, true)
        case .markup: return (.markup, false)
        case .xhtml: return (.xhtml, false)
        case .mediaText:
            let html = attributes.value("type") == "html"
            return html ? (.markup, true) : (.text, false)
        case .plain, .atomText, .atomContent: return (.text, false)
        }
    }

    /// RFC 4287 §3.1 (and 0.3's `mode`): how an Atom text construct is read.
    private static func atomConstruct(_ attributes: XMLAttributes, isContent: Bool) -> (Mode, Bool) {
        let type = attributes.value("type").map(Text.trimmed)?.lowercased() ?? "text"
        var result: (Mode, Bool)
        switch type {
        case "html", "text/html": result = (.markup, true)
        case "xhtml", "application/xhtml+xml": result = (.xhtml, true)
        case "text", "text/plain", "": result = (.text, false)
        default:
            if type.hasPrefix("text/") || type.hasSuffix("+xml") || type.hasSuffix("/xml") {
                result = (.markup, false)
            } else {
                result = (isContent ? .base64 : .text, false)
            }
        }
        if attributes.value("mode").map(Text.trimmed)?.lowercased() == "base64" { result.0 = .base64 }
        return result
    }

    // MARK: child elements

    private static let voidElements: Set<String> = [
        "br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "param", "source", "track", "wbr",
    ]

    /// A child element of the captured one starts at `depth`: its start tag is
    /// written into the text where markup is kept.
    func childStart(depth: Int, localName: XMLName, namespaceURI: XMLName, attributes: XMLAttributes) {
        if pausedAt == nil, current?.field == .category {
            pausedAt = depth
            captured.isActive = false
        }
        if !keepsChildTags || pausedAt != nil { return }
        guard var c = current else { return }
        if c.mode == .xhtml, depth == c.depth + 1, !c.sawChildElement, localName == "div",
           Namespace.classify(namespaceURI) == .xhtml {
            c.skipDepth = depth
            c.sawChildElement = true
            current = c
            return
        }
        c.sawChildElement = true
        current = c
        let name = localName.bytes
        captured.append(UInt8(ascii: "<"))
        name.withUnsafeBufferPointer { captured.append($0) }
        for i in 0..<attributes.count {
            captured.append(32)
            if Namespace.classify(attributes.namespaceURI(at: i)) == .xml { captured.append("xml:") }
            attributes.localName(at: i).bytes.withUnsafeBufferPointer { captured.append($0) }
            captured.append("=\"")
            var value = attributes.value(at: i)
            value.withUTF8 { captured.appendEscaped($0, quotes: true) }
            captured.append(UInt8(ascii: "\""))
        }
        if ElementCapture.isVoidElement(name) { captured.append(UInt8(ascii: "/")) }
        captured.append(UInt8(ascii: ">"))
    }

    /// A child element ends at `depth`: its end tag, unless it is void.
    func childEnd(depth: Int, localName: XMLName) {
        if let p = pausedAt {
            if p == depth {
                pausedAt = nil
                captured.isActive = true
            }
            return
        }
        guard keepsChildTags else { return }
        if current?.skipDepth == depth { return }
        let name = localName.bytes
        if ElementCapture.isVoidElement(name) { return }
        captured.append("</")
        name.withUnsafeBufferPointer { captured.append($0) }
        captured.append(UInt8(ascii: ">"))
    }

    /// HTML elements that never have an end tag, in any letter case.
    private static func isVoidElement(_ name: [UInt8]) -> Bool {
        guard name.count >= 2, name.count <= 6 else { return false }
        return voidElements.contains(String(decoding: name.map { $0 | 0x20 }, as: UTF8.self))
    }

    // MARK: values

    /// The captured text of `c` as the string its field keeps: plain text for
    /// titles (tags removed where they are markup), decoded base64, or the text
    /// as found, trimmed. Nil when empty; `badBase64` is called when base64 does
    /// not decode (the text is then kept as found).
    func value(of c: Capture, badBase64: () -> Void) -> String? {
        let isTitle = c.field == .title || c.field == .subtitle
        if isTitle && c.mode != .base64 {
            return nonEmpty(captured.withBytes { Text.plain(utf8: $0, stripTags: c.stripTags) })
        }
        var raw: String
        if c.mode == .base64 {
            let text = captured.withBytes(String.init(validUTF8:))
            if let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) {
                raw = Text.trimmed(String(decoding: data, as: UTF8.self))
            } else {
                badBase64()
                raw = text
            }
        } else {
            // Trimmed before the String is made: one copy of large content, not two.
            raw = captured.withBytes(ElementCapture.trimmedString)
        }
        if isTitle { raw = Text.plain(raw, stripTags: c.stripTags) }
        return nonEmpty(raw)
    }

    static func trimmedString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C }
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        // libxml2's text of input `InputDecoder` made valid UTF-8: not validated again.
        return String(validUTF8: UnsafeBufferPointer(rebasing: bytes[start..<end]))
    }

    private func nonEmpty(_ s: String) -> String? { s.isEmpty ? nil : s }
}
