/// Byte tests for `XMLRepair`'s markup scan: tag starts, the HTML void tags it
/// closes, names.
enum MarkupBytes {
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

    enum VoidTag { case notVoid, closed, unclosed(Int), needMore }

    @inline(__always) static func mayBeVoidHTML(_ b: UInt8) -> Bool {
        let l = b | 0x20
        return l == UInt8(ascii: "b") || l == UInt8(ascii: "h") || l == UInt8(ascii: "i") || l == UInt8(ascii: "w")
    }

    /// For `<br>`, `<hr>`, `<img ...>` and `<wbr>` (no prefix, any case): whether the
    /// tag at `p` is already self-closed, or the offset of its '>' when it is not.
    /// Other HTML void elements share names with feed elements (link, meta,
    /// source) and are left alone.
    static func voidTagEnd(_ p: UnsafePointer<UInt8>, _ avail: Int) -> VoidTag {
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

    @inline(__always) static func isNameStart(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b >= 0x80
    }

    static func matches(_ p: UnsafePointer<UInt8>, _ avail: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard avail >= count else { return false }
        let l = literal.utf8Start
        for k in 0..<count where p[k] != l[k] { return false }
        return true
    }
}
