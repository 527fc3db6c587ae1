import LibXML

/// A streaming filter between the UTF-8 decoder and libxml2 that fixes, at the
/// byte level, what publishers get wrong and libxml2's recovery mode handles badly.
///
/// libxml2 2.9 drops every later entity reference once a document has shown one
/// well-formedness error, and the commonest errors are entity errors: a bare `&`
/// ("AT&T") or an HTML entity XML does not define. So those are settled here,
/// before libxml2 sees them: HTML entities (`&eacute;`, `&nbsp;`) become their
/// characters, unknown names and bare `&` become literal text, C1 numeric
/// references become the windows-1252 characters publishers meant. The five XML
/// entities pass through untouched (so a clean chunk is not copied at all); for
/// errors of other kinds `SAXPushParser` clears libxml2's error flag. Also: characters XML forbids (C0 controls) are
/// dropped, a `<` that cannot start markup is escaped, and whitespace or junk
/// before the document is skipped. CDATA sections, comments and processing
/// instructions pass untouched.
package final class XMLRepair {
    private enum State { case markup, comment, cdata, processingInstruction }

    private var state = State.markup
    private var carry: [UInt8] = []
    private var out: [UInt8] = []
    private var started = false
    /// Lines of the original document skipped before the root (junk), so that
    /// libxml2's line numbers can be mapped back.
    private(set) var skippedLines = 0
    private var line = 1

    private var notes = RepairNotes()

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
        guard let base = input.baseAddress, input.count > 0 else { return }
        var p = base
        var n = input.count
        if !started {
            // The document start must be seen whole to find the declaration.
            if n < 1024 && !final {
                carry.append(contentsOf: input)
                return
            }
            started = true
            let skip = startOffset(p, n)
            if skip > 0 {
                for k in 0..<skip where p[k] == 10 { skippedLines += 1 }
                line += skippedLines
            }
            p += skip
            n -= skip
        }
        var dirty = false
        var runStart = 0
        var i = 0
        out.removeAll(keepingCapacity: true)

        @inline(__always) func begin(_ at: Int) {
            if !dirty {
                dirty = true
                out.reserveCapacity(n + 64)
            }
            if at > runStart { out.append(contentsOf: UnsafeBufferPointer(start: p + runStart, count: at - runStart)) }
        }

        scan: while i < n {
            switch state {
            case .markup:
                // Skip eight bytes at a time while none is '&', '<' or below 0x20.
                // The lowest flagged byte of each test is exact, so jump straight to
                // it; line ends and tabs (most of the flags in indented XML) are
                // dealt with here without leaving the loop.
                fast: while true {
                    i = ByteScan.markup(p, count: n, from: i)
                    guard i < n else { break }
                    let c = p[i]
                    if countLayout(c) {
                        i += 1
                        continue fast
                    }
                    // The commonest flags need nothing: a reference that is fine as
                    // it is (escaped HTML is full of them), or a tag opening.
                    if c == UInt8(ascii: "&") {
                        let k = XMLRepair.harmlessReferenceLength(p + i, n - i)
                        if k > 0 {
                            i += k
                            continue fast
                        }
                    } else if c == UInt8(ascii: "<"), i + 2 < n, XMLRepair.isPlainTagStart(p[i + 1], p[i + 2]) {
                        i += 2
                        continue fast
                    }
                    break
                }
                guard i < n else { break scan }
                let b = p[i]
                if b == UInt8(ascii: "<") {
                    let avail = n - i
                    // "<![CDATA[" or "<!--" may be cut by the chunk boundary.
                    if !final && (avail < 2 || (p[i + 1] == UInt8(ascii: "!") && avail < 9)) { break scan }
                    let next: UInt8 = avail > 1 ? p[i + 1] : 0
                    if next == UInt8(ascii: "!") {
                        if XMLRepair.matches(p + i, avail, "<!--") {
                            state = .comment; i += 4; continue
                        }
                        if XMLRepair.matches(p + i, avail, "<![CDATA[") {
                            state = .cdata; i += 9; continue
                        }
                        i += 2
                        continue
                    }
                    if next == UInt8(ascii: "?") { state = .processingInstruction; i += 2; continue }
                    if XMLRepair.mayBeVoidHTML(next) {
                        // Raw HTML in a description: an unclosed <br> would make
                        // libxml2 close the wrong elements from there on.
                        switch XMLRepair.voidTagEnd(p + i, n - i) {
                        case .needMore where !final:
                            break scan
                        case .unclosed(let gt):
                            begin(i + gt)
                            out.append(UInt8(ascii: "/"))
                            notes.unclosedVoid.note(line: line)
                            i += gt
                            runStart = i
                            continue
                        default:
                            i += 1
                            continue
                        }
                    }
                    if next == UInt8(ascii: "/") || XMLRepair.isNameStart(next) { i += 1; continue }
                    // A '<' that cannot open markup ("a < b", "<3") is text.
                    begin(i)
                    out.append(contentsOf: XMLRepair.ltRef)
                    notes.strayLessThan.note(line: line)
                    i += 1
                    runStart = i
                } else if b == UInt8(ascii: "&") {
                    let (consumed, action) = XMLRepair.classifyReference(p + i, n - i, final: final)
                    if consumed == 0 { break scan }  // needs more bytes
                    switch action {
                    case .keep:
                        i += consumed
                    case .replace(let bytes, let note):
                        begin(i)
                        out.append(contentsOf: bytes)
                        note.map { record($0, at: p + i, count: consumed) }
                        i += consumed
                        runStart = i
                    case .scalar(let value, let note):
                        begin(i)
                        InputDecoder.appendUTF8(value, to: &out)
                        record(note, at: p + i, count: consumed)
                        i += consumed
                        runStart = i
                    }
                } else if countLayout(b) {
                    i += 1
                } else if b < 0x20 {
                    begin(i)
                    notes.controlCharacter.note(line: line)
                    i += 1
                    runStart = i
                } else {
                    i += 1
                }
            case .comment, .cdata, .processingInstruction:
                let closer: UInt8 = state == .comment ? UInt8(ascii: "-") : state == .cdata ? UInt8(ascii: "]") : UInt8(ascii: "?")
                rawFast: while true {
                    i = ByteScan.raw(p, count: n, from: i, closer: closer)
                    guard i < n else { break }
                    // Line ends and tabs in CDATA content need nothing but counting.
                    let c = p[i]
                    if countLayout(c) {
                        i += 1
                        continue rawFast
                    }
                    break
                }
                guard i < n else { break scan }
                let b = p[i]
                if b == closer {
                    let need = state == .processingInstruction ? 2 : 3
                    if n - i < need {
                        if final { i = n; break scan }
                        break scan
                    }
                    let closed: Bool
                    switch state {
                    case .comment: closed = p[i + 1] == UInt8(ascii: "-") && p[i + 2] == UInt8(ascii: ">")
                    case .cdata: closed = p[i + 1] == UInt8(ascii: "]") && p[i + 2] == UInt8(ascii: ">")
                    default: closed = p[i + 1] == UInt8(ascii: ">")
                    }
                    if closed {
                        i += need
                        state = .markup
                    } else {
                        i += 1
                    }
                } else if countLayout(b) {
                    i += 1
                } else if b < 0x20 {
                    begin(i)
                    notes.controlCharacter.note(line: line)
                    i += 1
                    runStart = i
                } else {
                    i += 1
                }
            }
        }
        // Bytes from i on wait for the next chunk (an undecided '&' or '<').
        if i < n {
            if final {
                i = n
            } else {
                carry.append(contentsOf: UnsafeBufferPointer(start: p + i, count: n - i))
            }
        }
        if dirty {
            if i > runStart { out.append(contentsOf: UnsafeBufferPointer(start: p + runStart, count: i - runStart)) }
            out.withUnsafeBufferPointer { emit($0) }
        } else if i > 0 {
            emit(UnsafeBufferPointer(start: p, count: i))
        }
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

    // MARK: the document start

    /// How many leading bytes to skip: a BOM, whitespace, or junk before the XML
    /// declaration (a PHP warning, a stray line) or before the first '<'.
    private func startOffset(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var start = 0
        if n >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { start = 3 }
        let window = min(n, 4096)
        // The declaration somewhere in the first bytes: everything before it goes.
        var k = start
        while k + 5 <= window {
            if p[k] == UInt8(ascii: "<"), XMLRepair.matches(p + k, n - k, "<?xml"),
               k + 5 < n, p[k + 5] == 32 || p[k + 5] == 9 || p[k + 5] == 10 || p[k + 5] == 13 {
                if k > start {
                    let allSpace = (start..<k).allSatisfy { p[$0] == 32 || p[$0] == 9 || p[$0] == 10 || p[$0] == 13 }
                    notes.leadingJunk = allSpace
                        ? "whitespace before the XML declaration ignored"
                        : "\(k - start) bytes of junk before the XML declaration ignored"
                }
                return k
            }
            k += 1
        }
        var j = start
        while j < n, p[j] == 32 || p[j] == 9 || p[j] == 10 || p[j] == 13 { j += 1 }
        if j < n, p[j] != UInt8(ascii: "<") {
            var lt = j
            while lt < window, p[lt] != UInt8(ascii: "<") { lt += 1 }
            if lt < window {
                notes.leadingJunk = "\(lt - j) bytes of junk before the document ignored"
                return lt
            }
        }
        return j
    }

    // MARK: references

    private enum Action {
        case keep
        /// Replacement bytes (always one of the static arrays: no allocation).
        case replace([UInt8], Note?)
        case scalar(UInt32, Note)
    }

    private enum Note {
        case bareAmpersand, htmlEntity, undefinedEntity, invalidCharacterReference, windows1252Reference
    }

    private static let ltRef: [UInt8] = Array("&#60;".utf8)
    private static let ampRef: [UInt8] = Array("&#38;".utf8)
    private static let nothing: [UInt8] = []

    /// Decides what to do with the '&' at `p`. Returns 0 consumed when more input
    /// is needed to decide.
    private static func classifyReference(_ p: UnsafePointer<UInt8>, _ avail: Int, final: Bool) -> (Int, Action) {
        let maxLen = 40
        var k = 1
        if avail > 1, p[1] == UInt8(ascii: "#") {
            k = 2
            var hex = false
            if avail > 2, p[2] == UInt8(ascii: "x") || p[2] == UInt8(ascii: "X") { hex = true; k = 3 }
            var value: UInt32 = 0
            let digitsStart = k
            while k < avail, k < maxLen {
                let c = p[k]
                var d: UInt32
                if c >= 48 && c <= 57 { d = UInt32(c - 48) }
                else if hex, c >= 97 && c <= 102 { d = UInt32(c - 87) }
                else if hex, c >= 65 && c <= 70 { d = UInt32(c - 55) }
                else { break }
                value = min(value &* (hex ? 16 : 10) &+ d, 0x11_0000)
                k += 1
            }
            if k >= avail && !final { return (0, .keep) }
            if k > digitsStart, k < avail, p[k] == UInt8(ascii: ";") {
                if value >= 0x80 && value <= 0x9F {
                    return (k + 1, .scalar(InputDecoder.windows1252Scalar(forC1: value), .windows1252Reference))
                }
                if isXMLChar(value) { return (k + 1, .keep) }
                return (k + 1, .replace(nothing, .invalidCharacterReference))
            }
            return (1, .replace(ampRef, .bareAmpersand))
        }
        while k < avail, k < maxLen, isNameByte(p[k]) { k += 1 }
        if k >= avail && !final && k < maxLen { return (0, .keep) }
        guard k > 1, k < avail, p[k] == UInt8(ascii: ";") else {
            return (1, .replace(ampRef, .bareAmpersand))
        }
        let name = UnsafeBufferPointer(start: p + 1, count: k - 1)
        // The five XML entities pass untouched (no copy of the chunk): the SAX
        // parser keeps libxml2 from dropping them after an error (see SAXPushParser).
        if isPredefined(name) { return (k + 1, .keep) }
        if let scalar = HTMLEntities.scalar(named: name) { return (k + 1, .scalar(scalar, .htmlEntity)) }
        // Unknown name: keep the text as written, readable.
        return (1, .replace(ampRef, .undefinedEntity))
    }

    private static func isPredefined(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        switch name.count {
        case 2: return name[1] == UInt8(ascii: "t") && (name[0] == UInt8(ascii: "l") || name[0] == UInt8(ascii: "g"))
        case 3: return name[0] == UInt8(ascii: "a") && name[1] == UInt8(ascii: "m") && name[2] == UInt8(ascii: "p")
        case 4:
            return (name[0] == UInt8(ascii: "q") && name[1] == UInt8(ascii: "u") && name[2] == UInt8(ascii: "o") && name[3] == UInt8(ascii: "t"))
                || (name[0] == UInt8(ascii: "a") && name[1] == UInt8(ascii: "p") && name[2] == UInt8(ascii: "o") && name[3] == UInt8(ascii: "s"))
        default: return false
        }
    }

    private func record(_ note: Note, at p: UnsafePointer<UInt8>, count: Int) {
        switch note {
        case .bareAmpersand: notes.bareAmpersand.note(line: line)
        case .htmlEntity:
            notes.htmlEntity.note(line: line, detail: String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self))
        case .undefinedEntity:
            var k = 1
            while k < 40, p[k] != UInt8(ascii: ";") { k += 1 }
            notes.undefinedEntity.note(line: line, detail: String(decoding: UnsafeBufferPointer(start: p, count: k + 1), as: UTF8.self))
        case .invalidCharacterReference:
            notes.invalidCharacterReference.note(line: line, detail: String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self))
        case .windows1252Reference:
            notes.windows1252Reference.note(line: line)
        }
    }

    // MARK: fast paths

    /// The length of a reference that passes untouched — one of the five XML
    /// entities, or a numeric reference to an allowed character outside the C1
    /// range — or 0 when the full check must decide.
    @inline(__always)
    static func harmlessReferenceLength(_ p: UnsafePointer<UInt8>, _ avail: Int) -> Int {
        guard avail >= 6 else { return 0 }
        let w = UnsafeRawPointer(p + 1).loadUnaligned(as: UInt32.self)  // little-endian
        if w & 0x00FF_FFFF == 0x003B_746C || w & 0x00FF_FFFF == 0x003B_7467 { return 4 }  // lt; gt;
        if w == 0x3B70_6D61 { return 5 }  // amp;
        if w == 0x746F_7571 || w == 0x736F_7061 { return p[5] == UInt8(ascii: ";") ? 6 : 0 }  // quot apos
        guard p[1] == UInt8(ascii: "#") else { return 0 }
        var k = 2
        var v: UInt32 = 0
        while k < avail, k < 9, p[k] >= 48, p[k] <= 57 {
            v = v * 10 + UInt32(p[k] - 48)
            k += 1
        }
        guard k > 2, k < avail, p[k] == UInt8(ascii: ";") else { return 0 }
        if (v >= 0x20 && v < 0x80) || (v >= 0xA0 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF)
            || v == 9 || v == 10 || v == 13 {
            return k + 1
        }
        return 0
    }

    /// `<` then a character that opens an element or an end tag and cannot be
    /// one of the HTML void elements the repair closes (br, hr, img, wbr).
    @inline(__always)
    static func isPlainTagStart(_ c1: UInt8, _ c2: UInt8) -> Bool {
        if c1 == UInt8(ascii: "/") { return true }
        let l1 = c1 | 0x20, l2 = c2 | 0x20
        guard (l1 >= 97 && l1 <= 122) || c1 == UInt8(ascii: "_") else { return false }
        switch l1 {
        case UInt8(ascii: "b"), UInt8(ascii: "h"): return l2 != UInt8(ascii: "r")
        case UInt8(ascii: "i"): return l2 != UInt8(ascii: "m")
        case UInt8(ascii: "w"): return l2 != UInt8(ascii: "b")
        default: return true
        }
    }

    // MARK: HTML void elements

    private enum VoidTag { case notVoid, closed, unclosed(Int), needMore }

    @inline(__always) static func mayBeVoidHTML(_ b: UInt8) -> Bool {
        let l = b | 0x20
        return l == UInt8(ascii: "b") || l == UInt8(ascii: "h") || l == UInt8(ascii: "i") || l == UInt8(ascii: "w")
    }

    /// For `<br>`, `<hr>`, `<img ...>` and `<wbr>` (no prefix, any case): whether the
    /// tag at `p` is already self-closed, or the offset of its '>' when it is not.
    /// Other HTML void elements share names with feed elements (link, meta,
    /// source) and are left alone.
    private static func voidTagEnd(_ p: UnsafePointer<UInt8>, _ avail: Int) -> VoidTag {
        var k = 1
        while k < avail, k < 6, (p[k] | 0x20) >= 97 && (p[k] | 0x20) <= 122 { k += 1 }
        guard k < avail else { return .needMore }
        let a = p[1] | 0x20, b = p[2] | 0x20
        let isVoid: Bool
        switch k - 1 {
        case 2: isVoid = (a == UInt8(ascii: "b") || a == UInt8(ascii: "h")) && b == UInt8(ascii: "r")
        case 3:
            let c = p[3] | 0x20
            isVoid = (a == UInt8(ascii: "i") && b == UInt8(ascii: "m") && c == UInt8(ascii: "g"))
                || (a == UInt8(ascii: "w") && b == UInt8(ascii: "b") && c == UInt8(ascii: "r"))
        default: isVoid = false
        }
        guard isVoid else { return .notVoid }
        let after = p[k]
        guard after == UInt8(ascii: ">") || after == UInt8(ascii: "/") || after == 32 || after == 9 || after == 10 || after == 13
        else { return .notVoid }
        var quote: UInt8 = 0
        while k < avail, k < 4096 {
            let c = p[k]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: ">") {
                return p[k - 1] == UInt8(ascii: "/") ? .closed : .unclosed(k)
            } else if c == UInt8(ascii: "<") {
                return .notVoid
            }
            k += 1
        }
        return k >= avail ? .needMore : .notVoid
    }

    // MARK: byte tests

    @inline(__always) static func hasByte(_ w: UInt64, _ b: UInt8) -> UInt64 {
        let x = w ^ (0x0101_0101_0101_0101 &* UInt64(b))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    @inline(__always) static func hasLess(_ w: UInt64, _ n: UInt8) -> UInt64 {
        (w &- 0x0101_0101_0101_0101 &* UInt64(n)) & ~w & 0x8080_8080_8080_8080
    }

    @inline(__always) static func isNameStart(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b >= 0x80
    }

    @inline(__always) static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || (b >= 48 && b <= 57)
    }

    static func isXMLChar(_ v: UInt32) -> Bool {
        v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD)
            || (v >= 0x10000 && v <= 0x10FFFF)
    }

    static func matches(_ p: UnsafePointer<UInt8>, _ avail: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard avail >= count else { return false }
        let l = literal.utf8Start
        for k in 0..<count where p[k] != l[k] { return false }
        return true
    }
}
