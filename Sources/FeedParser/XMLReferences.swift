import LibXML

/// How `XMLRepair` reads the `&` it meets in markup: which references pass to
/// libxml2 untouched, which it rewrites, and which need a name looked up.
enum XMLReferences {
    enum Action {
        case keep
        /// Replacement bytes (always one of the static arrays: no allocation).
        case replace([UInt8], Note?)
        /// A character, with the note to record (none for a reference that is
        /// only spelled unusually, such as `&#X41;`).
        case scalar(UInt32, Note?)
        /// `&name;` with a name that is not one of XML's five: the bytes of the
        /// name, to be looked up among the document's declarations and HTML's names.
        case named(UnsafeBufferPointer<UInt8>)
    }

    enum Note {
        case bareAmpersand, htmlEntity, undefinedEntity, invalidCharacterReference, windows1252Reference
        case externalEntity, refusedEntity, entityBudget, outOfRangeReference

        /// Whether the reference stays as text, name and all.
        var keepsName: Bool {
            switch self {
            case .undefinedEntity, .externalEntity, .refusedEntity, .entityBudget: return true
            default: return false
            }
        }
    }

    static let ltRef: [UInt8] = Array("&#60;".utf8)
    static let ampRef: [UInt8] = Array("&#38;".utf8)
    static let nothing: [UInt8] = []
    static let maxLength = 40

    /// Decides what to do with the '&' at `p`. Returns 0 consumed when more input
    /// is needed to decide.
    static func classify(_ p: UnsafePointer<UInt8>, _ avail: Int, final: Bool) -> (Int, Action) {
        if avail > 1, p[1] == UInt8(ascii: "#") { return classifyNumeric(p, avail, final: final) }
        var k = 1
        while k < avail, k < maxLength, isDeclaredNameByte(p[k]) { k += 1 }
        if k >= avail && !final && k < maxLength { return (0, .keep) }
        guard k > 1, k < avail, p[k] == UInt8(ascii: ";") else {
            return (1, .replace(ampRef, .bareAmpersand))
        }
        let name = UnsafeBufferPointer(start: p + 1, count: k - 1)
        // The five XML entities pass untouched (no copy of the chunk): the SAX
        // parser keeps libxml2 from dropping them after an error (see SAXPushParser).
        if isPredefined(name) { return (k + 1, .keep) }
        return (k + 1, .named(name))
    }

    /// `&#123;`, `&#x7B;` and `&#X7B;`: the upper-case X is not XML's spelling
    /// but is HTML's, and publishers write it; libxml2 would reject it, so the
    /// character is written out instead.
    private static func classifyNumeric(_ p: UnsafePointer<UInt8>, _ avail: Int, final: Bool) -> (Int, Action) {
        var k = 2
        var hex = false
        var upperX = false
        if avail > 2, p[2] == UInt8(ascii: "x") || p[2] == UInt8(ascii: "X") {
            hex = true
            upperX = p[2] == UInt8(ascii: "X")
            k = 3
        }
        var value: UInt32 = 0
        let digitsStart = k
        while k < avail, k < maxLength {
            let c = p[k]
            let d: UInt32
            if c >= 48 && c <= 57 { d = UInt32(c - 48) }
            else if hex, c >= 97 && c <= 102 { d = UInt32(c - 87) }
            else if hex, c >= 65 && c <= 70 { d = UInt32(c - 55) }
            else { break }
            value = min(value &* (hex ? 16 : 10) &+ d, 0x11_0000)
            k += 1
        }
        if k >= avail && !final { return (0, .keep) }
        guard k > digitsStart, k < avail, p[k] == UInt8(ascii: ";") else {
            return (1, .replace(ampRef, .bareAmpersand))
        }
        if value >= 0x80 && value <= 0x9F {
            return (k + 1, .scalar(InputDecoder.windows1252Scalar(forC1: value), .windows1252Reference))
        }
        // Past Unicode or a surrogate: a character was meant, which cannot be
        // known (U+FFFD, as feedparser and HTML read it); a control XML forbids
        // is dropped, like the raw byte would be.
        if value > 0x10_FFFF || (value >= 0xD800 && value <= 0xDFFF) { return (k + 1, .scalar(0xFFFD, .outOfRangeReference)) }
        guard isXMLChar(value) else { return (k + 1, .replace(nothing, .invalidCharacterReference)) }
        return (k + 1, upperX ? .scalar(value, nil) : .keep)
    }

    static func isPredefined(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        switch name.count {
        case 2: return name[1] == UInt8(ascii: "t") && (name[0] == UInt8(ascii: "l") || name[0] == UInt8(ascii: "g"))
        case 3: return name[0] == UInt8(ascii: "a") && name[1] == UInt8(ascii: "m") && name[2] == UInt8(ascii: "p")
        case 4:
            return (name[0] == UInt8(ascii: "q") && name[1] == UInt8(ascii: "u") && name[2] == UInt8(ascii: "o") && name[3] == UInt8(ascii: "t"))
                || (name[0] == UInt8(ascii: "a") && name[1] == UInt8(ascii: "p") && name[2] == UInt8(ascii: "o") && name[3] == UInt8(ascii: "s"))
        default: return false
        }
    }

    /// The length of a reference that passes untouched — one of the five XML
    /// entities, or a decimal reference to an allowed character outside the C1
    /// range — or 0 when the full check must decide.
    @inline(__always)
    static func harmlessLength(_ p: UnsafePointer<UInt8>, _ avail: Int) -> Int {
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

    @inline(__always) static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || (b >= 48 && b <= 57)
    }

    /// Bytes an entity name declared in a DTD may hold (XML's NameChar, ASCII
    /// part, and any non-ASCII byte).
    @inline(__always) static func isDeclaredNameByte(_ b: UInt8) -> Bool {
        isNameByte(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b == UInt8(ascii: "-")
            || b == UInt8(ascii: ".") || b >= 0x80
    }

    static func isXMLChar(_ v: UInt32) -> Bool {
        v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD)
            || (v >= 0x10000 && v <= 0x10FFFF)
    }
}
