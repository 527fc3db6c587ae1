/// The start of a document as `XMLRepair` sees it: what to skip before the
/// markup, and where the XML declaration names its encoding.
enum DocumentStart {
    static let utf8Name: [UInt8] = Array("UTF-8".utf8)

    /// How many leading bytes to skip — a BOM, whitespace, or junk before the XML
    /// declaration (a PHP warning, a stray line) or before the first '<' — and
    /// the note to give when they were more than a BOM and line ends.
    static func offset(_ p: UnsafePointer<UInt8>, _ n: Int) -> (Int, String?) {
        var start = 0
        if n >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { start = 3 }
        let window = min(n, 4096)
        // The declaration somewhere in the first bytes: everything before it goes.
        var k = start
        while k + 5 <= window {
            if p[k] == UInt8(ascii: "<"), MarkupBytes.matches(p + k, n - k, "<?xml"), k + 5 < n, isSpace(p[k + 5]) {
                guard k > start else { return (k, nil) }
                let allSpace = (start..<k).allSatisfy { isSpace(p[$0]) }
                return (k, allSpace ? "whitespace before the XML declaration ignored" : "\(k - start) bytes of junk before the XML declaration ignored")
            }
            k += 1
        }
        var j = start
        while j < n, isSpace(p[j]) { j += 1 }
        if j < n, p[j] != UInt8(ascii: "<") {
            var lt = j
            while lt < window, p[lt] != UInt8(ascii: "<") { lt += 1 }
            if lt < window { return (lt, "\(lt - j) bytes of junk before the document ignored") }
        }
        return (j, nil)
    }

    /// Where the value of `encoding="…"` lies in an XML declaration at `p`, when
    /// it names anything but UTF-8.
    static func encodingValue(_ p: UnsafePointer<UInt8>, _ n: Int) -> Range<Int>? {
        guard MarkupBytes.matches(p, n, "<?xml"), n > 5, isSpace(p[5]) else { return nil }
        let limit = min(n, 1024)
        var end = 5
        while end + 1 < limit, !(p[end] == UInt8(ascii: "?") && p[end + 1] == UInt8(ascii: ">")) { end += 1 }
        var i = 5
        while i + 8 <= end, !MarkupBytes.matches(p + i, end - i, "encoding") { i += 1 }
        guard i + 8 <= end else { return nil }
        i += 8
        while i < end, isSpace(p[i]) { i += 1 }
        guard i < end, p[i] == UInt8(ascii: "=") else { return nil }
        i += 1
        while i < end, isSpace(p[i]) { i += 1 }
        guard i < end, p[i] == UInt8(ascii: "\"") || p[i] == UInt8(ascii: "'") else { return nil }
        let quote = p[i]
        let start = i + 1
        var close = start
        while close < end, p[close] != quote { close += 1 }
        guard close < end else { return nil }
        let value = UnsafeBufferPointer(start: p + start, count: close - start)
        if value.count == 5, value.elementsEqual(utf8Name, by: { $0 | 0x20 == $1 | 0x20 }) { return nil }
        return start..<close
    }

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool {
        b == 32 || b == 9 || b == 10 || b == 13
    }
}
