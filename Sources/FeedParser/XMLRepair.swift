import LibXML

/// A streaming filter between the UTF-8 decoder and libxml2 that fixes, at the
/// byte level, what publishers get wrong and libxml2's recovery mode handles badly.
///
/// libxml2 2.9 drops every later entity reference once a document has shown one
/// well-formedness error, and the commonest errors are entity errors: a bare `&`
/// ("AT&T") or an HTML entity XML does not define. So those are settled here,
/// before libxml2 sees them: HTML entities (`&eacute;`, `&nbsp;`) become their
/// characters, entities the document declares in its internal DTD subset their
/// replacement text (bounded: `DTDEntities`), unknown names and bare `&` literal
/// text, C1 numeric references the windows-1252 characters publishers meant. The
/// five XML entities pass through untouched (so a clean chunk is not copied at
/// all); for errors of other kinds `SAXPushParser` clears libxml2's error flag.
/// Also: characters XML forbids (C0 controls) are dropped, a `<` that cannot
/// start markup is escaped, whitespace or junk before the document is skipped,
/// and the declaration's encoding is made UTF-8 (the decoder already transcoded,
/// and libxml2 rejects names such as `437` that iconv reads). CDATA sections,
/// comments, processing instructions and the DOCTYPE pass untouched.
///
/// One method per state of the scan; each reads from `Cursor` until the state
/// changes or the chunk needs more bytes to decide.
package final class XMLRepair {
    enum State { case markup, comment, cdata, processingInstruction, doctype }

    /// Where the scan of one chunk is: `i` the next byte, `runStart` the first byte
    /// not yet copied to `out` (once something was changed: `dirty`).
    struct Cursor {
        let p: UnsafePointer<UInt8>
        let n: Int
        let final: Bool
        var i = 0
        var runStart = 0
        var dirty = false
    }

    private var state = State.markup
    private var carry: [UInt8] = []
    private var out: [UInt8] = []
    private var started = false
    /// Lines of the original document skipped before the root (junk), so that
    /// libxml2's line numbers can be mapped back.
    private(set) var skippedLines = 0
    private var line = 1
    private var notes = RepairNotes()
    private let entities = DTDEntities()
    private var doctype = DoctypeScan()

    package init() {}

    var warnings: [String] { notes.render() }

    /// Filters the next chunk; `emit` receives repaired bytes.
    package func repair(_ input: UnsafeBufferPointer<UInt8>, final: Bool, emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        if carry.isEmpty {
            run(input, final: final, emit: emit)
        } else {
            var joined = carry
            carry.removeAll(keepingCapacity: true)
            joined.append(contentsOf: input)
            joined.withUnsafeBufferPointer { run($0, final: final, emit: emit) }
        }
    }

    private func run(_ input: UnsafeBufferPointer<UInt8>, final: Bool, emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard var p = input.baseAddress, input.count > 0 else { return }
        var n = input.count
        if !started {
            // The document start must be seen whole to find the declaration.
            if n < 1024 && !final {
                carry.append(contentsOf: input)
                return
            }
            started = true
            let skip = startDocument(p, n, emit: emit)
            p += skip
            n -= skip
        }
        out.removeAll(keepingCapacity: true)
        var c = Cursor(p: p, n: n, final: final)
        while c.i < c.n {
            let more: Bool
            switch state {
            case .markup: more = scanMarkup(&c)
            case .comment, .cdata, .processingInstruction: more = scanRaw(&c)
            case .doctype: more = scanDoctype(&c)
            }
            if !more { break }
        }
        finishChunk(c, emit: emit)
    }

    /// Hands on what this chunk decided; bytes from `i` on (an undecided `&` or
    /// `<`) wait for the next chunk.
    private func finishChunk(_ c: Cursor, emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        var end = c.i
        if end < c.n {
            if c.final {
                end = c.n
            } else {
                carry.append(contentsOf: UnsafeBufferPointer(start: c.p + end, count: c.n - end))
            }
        }
        if c.dirty {
            if end > c.runStart { out.append(contentsOf: UnsafeBufferPointer(start: c.p + c.runStart, count: end - c.runStart)) }
            out.withUnsafeBufferPointer { emit($0) }
        } else if end > 0 {
            emit(UnsafeBufferPointer(start: c.p, count: end))
        }
    }

    /// Copies the unchanged bytes before `at` to `out`, from the first change on.
    @inline(__always)
    private func begin(_ c: inout Cursor, at: Int) {
        if !c.dirty {
            c.dirty = true
            out.reserveCapacity(c.n + 64)
        }
        if at > c.runStart { out.append(contentsOf: UnsafeBufferPointer(start: c.p + c.runStart, count: at - c.runStart)) }
    }

    /// Drops the byte at `i` (a control character).
    @inline(__always)
    private func dropControl(_ c: inout Cursor) {
        begin(&c, at: c.i)
        notes.controlCharacter.note(line: line)
        c.i += 1
        c.runStart = c.i
    }

    /// Tab, carriage return and line feed (counting lines): allowed anywhere,
    /// nothing to do. Every other byte below 0x20 is a control to remove.
    @inline(__always)
    private func countLayout(_ b: UInt8) -> Bool {
        if b == 10 {
            line += 1
            return true
        }
        return b == 9 || b == 13
    }

    // MARK: markup

    /// Text and tags. Returns false when the chunk needs more bytes.
    private func scanMarkup(_ c: inout Cursor) -> Bool {
        let p = c.p, n = c.n
        // Skip eight bytes at a time while none is '&', '<' or below 0x20. The
        // lowest flagged byte of each test is exact, so jump straight to it; line
        // ends and tabs (most of the flags in indented XML) are dealt with here
        // without leaving the loop, and so are the commonest flags needing
        // nothing: a reference fine as it is, or a tag opening.
        var i = c.i
        while true {
            i = ByteScan.markup(p, count: n, from: i)
            guard i < n else { break }
            let b = p[i]
            if countLayout(b) {
                i += 1
            } else if b == UInt8(ascii: "&"), case let k = XMLReferences.harmlessLength(p + i, n - i), k > 0 {
                i += k
            } else if b == UInt8(ascii: "<"), i + 2 < n, MarkupBytes.isPlainTagStart(p[i + 1], p[i + 2]) {
                i += 2
            } else {
                break
            }
        }
        c.i = i
        guard i < n else { return true }
        switch p[i] {
        case UInt8(ascii: "<"): return lessThan(&c)
        case UInt8(ascii: "&"): return ampersand(&c)
        default:
            dropControl(&c)
            return true
        }
    }

    private func lessThan(_ c: inout Cursor) -> Bool {
        let p = c.p + c.i
        let avail = c.n - c.i
        // "<![CDATA[", "<!--" or "<!DOCTYPE" may be cut by the chunk boundary.
        if !c.final && (avail < 2 || (p[1] == UInt8(ascii: "!") && avail < 9)) { return false }
        let next: UInt8 = avail > 1 ? p[1] : 0
        if next == UInt8(ascii: "!") {
            if MarkupBytes.matches(p, avail, "<!--") {
                state = .comment; c.i += 4
            } else if MarkupBytes.matches(p, avail, "<![CDATA[") {
                state = .cdata; c.i += 9
            } else if MarkupBytes.matches(p, avail, "<!DOCTYPE") {
                state = .doctype; doctype = DoctypeScan(); doctype.text = Array("<!DOCTYPE".utf8); c.i += 9
            } else {
                c.i += 2
            }
            return true
        }
        if next == UInt8(ascii: "?") { state = .processingInstruction; c.i += 2; return true }
        if MarkupBytes.mayBeVoidHTML(next) {
            // Raw HTML in a description: an unclosed <br> would make libxml2 close
            // the wrong elements from there on.
            switch MarkupBytes.voidTagEnd(p, avail) {
            case .needMore where !c.final:
                return false
            case .unclosed(let gt):
                begin(&c, at: c.i + gt)
                out.append(UInt8(ascii: "/"))
                notes.unclosedVoid.note(line: line)
                c.i += gt
                c.runStart = c.i
                return true
            default:
                c.i += 1
                return true
            }
        }
        if next == UInt8(ascii: "/") || MarkupBytes.isNameStart(next) { c.i += 1; return true }
        // A '<' that cannot open markup ("a < b", "<3") is text.
        begin(&c, at: c.i)
        out.append(contentsOf: XMLReferences.ltRef)
        notes.strayLessThan.note(line: line)
        c.i += 1
        c.runStart = c.i
        return true
    }

    private func ampersand(_ c: inout Cursor) -> Bool {
        let at = c.p + c.i
        var (consumed, action) = XMLReferences.classify(at, c.n - c.i, final: c.final)
        if consumed == 0 { return false }  // needs more bytes
        if case .named(let name) = action { action = resolve(name) }
        switch action {
        case .keep, .named:
            c.i += consumed
            return true
        case .replace(let bytes, let note):
            begin(&c, at: c.i)
            out.append(contentsOf: bytes)
            if let note { record(note, at: at, count: consumed) }
        case .scalar(let value, let note):
            begin(&c, at: c.i)
            InputDecoder.appendUTF8(value, to: &out)
            if let note { record(note, at: at, count: consumed) }
        }
        // A reference kept as text: only its '&' is escaped, the name stays.
        if case .replace(_, let note?) = action, note.keepsName { consumed = 1 }
        c.i += consumed
        c.runStart = c.i
        return true
    }

    /// `&name;` for a name XML does not predefine: the document's own declaration,
    /// else HTML's, else literal text.
    private func resolve(_ name: UnsafeBufferPointer<UInt8>) -> XMLReferences.Action {
        if !entities.isEmpty {
            switch entities.expansion(of: name) {
            case .text(let text): return .replace(text, nil)
            case .external: return .replace(XMLReferences.ampRef, .externalEntity)
            case .refused: return .replace(XMLReferences.ampRef, .refusedEntity)
            case .overBudget: return .replace(XMLReferences.ampRef, .entityBudget)
            case .undeclared: break
            }
        }
        if let scalar = HTMLEntities.scalar(named: name) {
            return .scalar(scalar, entities.declaresLatin1 && (0xA0...0xFF).contains(scalar) ? nil : .htmlEntity)
        }
        // Unknown name: keep the text as written, readable.
        return .replace(XMLReferences.ampRef, .undefinedEntity)
    }

    private func record(_ note: XMLReferences.Note, at p: UnsafePointer<UInt8>, count: Int) {
        func text(_ k: Int) -> String { String(decoding: UnsafeBufferPointer(start: p, count: k), as: UTF8.self) }
        switch note {
        case .bareAmpersand: notes.bareAmpersand.note(line: line)
        case .htmlEntity: notes.htmlEntity.note(line: line, detail: text(count))
        case .undefinedEntity: notes.undefinedEntity.note(line: line, detail: text(count))
        case .invalidCharacterReference: notes.invalidCharacterReference.note(line: line, detail: text(count))
        case .windows1252Reference: notes.windows1252Reference.note(line: line)
        case .externalEntity: notes.externalEntity.note(line: line, detail: text(count))
        case .refusedEntity: notes.refusedEntity.note(line: line, detail: text(count))
        case .entityBudget: notes.entityBudget.note(line: line)
        case .outOfRangeReference: notes.outOfRangeReference.note(line: line, detail: text(count))
        }
    }

    // MARK: comments, CDATA, processing instructions

    /// Passes bytes untouched up to the section's end (`-->`, `]]>`, `?>`); only
    /// control characters are dropped.
    private func scanRaw(_ c: inout Cursor) -> Bool {
        let p = c.p, n = c.n
        let closer: UInt8 = state == .comment ? UInt8(ascii: "-") : state == .cdata ? UInt8(ascii: "]") : UInt8(ascii: "?")
        var i = c.i
        while true {
            i = ByteScan.raw(p, count: n, from: i, closer: closer)
            // Line ends and tabs in CDATA content need nothing but counting.
            guard i < n, countLayout(p[i]) else { break }
            i += 1
        }
        c.i = i
        guard i < n else { return true }
        guard p[i] == closer else {
            dropControl(&c)
            return true
        }
        let need = state == .processingInstruction ? 2 : 3
        if n - i < need {
            if c.final { c.i = n }
            return false
        }
        let closed: Bool
        switch state {
        case .comment: closed = p[i + 1] == UInt8(ascii: "-") && p[i + 2] == UInt8(ascii: ">")
        case .cdata: closed = p[i + 1] == UInt8(ascii: "]") && p[i + 2] == UInt8(ascii: ">")
        default: closed = p[i + 1] == UInt8(ascii: ">")
        }
        if closed {
            c.i += need
            state = .markup
        } else {
            c.i += 1
        }
        return true
    }

    // MARK: the DOCTYPE

    /// Passes the DOCTYPE untouched, keeping its text to read the entity
    /// declarations of its internal subset once it ends.
    private func scanDoctype(_ c: inout Cursor) -> Bool {
        while c.i < c.n {
            let b = c.p[c.i]
            c.i += 1
            _ = countLayout(b)
            if doctype.consume(b, keepingAtMost: DTDEntities.maxDoctypeBytes) {
                entities.read(doctype: doctype.text)
                doctype = DoctypeScan()
                state = .markup
                return true
            }
        }
        return true
    }

    // MARK: the document start

    /// Skips what comes before the document (`DocumentStart.offset`), and writes
    /// the XML declaration up to its encoding's value, then UTF-8 in place of it.
    /// Returns how many bytes of `p` were consumed.
    private func startDocument(_ p: UnsafePointer<UInt8>, _ n: Int, emit: (UnsafeBufferPointer<UInt8>) -> Void) -> Int {
        let (skip, junk) = DocumentStart.offset(p, n)
        notes.leadingJunk = junk
        for k in 0..<skip where p[k] == 10 { skippedLines += 1 }
        line += skippedLines
        guard let value = DocumentStart.encodingValue(p + skip, n - skip) else { return skip }
        emit(UnsafeBufferPointer(start: p + skip, count: value.lowerBound))
        DocumentStart.utf8Name.withUnsafeBufferPointer { emit($0) }
        state = .processingInstruction
        return skip + value.upperBound
    }
}
