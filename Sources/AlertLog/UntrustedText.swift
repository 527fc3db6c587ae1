/// Text from feeds on its way to a log line or a terminal. A title is
/// written by whoever publishes the feed: an escape sequence in it could
/// recolour or rewrite the user's terminal under `tail -f`, a newline could
/// forge an alert line, a bidi override could make a link read backwards.
package enum UntrustedText {
    /// `text` with escape sequences removed, control characters and line
    /// separators made spaces, bidi controls dropped, runs of spaces collapsed.
    package static func clean(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pendingSpace = false
        func emit(_ u: Unicode.Scalar) {
            if u == " " {
                pendingSpace = !out.isEmpty
                return
            }
            if pendingSpace { out.append(" ") }
            pendingSpace = false
            out.append(u)
        }
        while let u = scalars.next() {
            switch u.value {
            case 0x1B:
                skipEscape(&scalars)
                emit(" ")
            case 0x9B:
                // C1 CSI: the same as ESC [.
                skipParameters(&scalars)
                emit(" ")
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x85:
                emit(" ")
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C:
                continue
            default:
                emit(u)
            }
        }
        return String(out)
    }

    /// After ESC: a CSI (`[` … final byte), an OSC or other string (`]`, `P`,
    /// `X`, `^`, `_` … BEL or ESC \), or one more character.
    private static func skipEscape(_ it: inout String.UnicodeScalarView.Iterator) {
        guard let next = it.next() else { return }
        switch next {
        case "[":
            skipParameters(&it)
        case "]", "P", "X", "^", "_":
            while let u = it.next() {
                if u.value == 0x07 || u.value == 0x9C { return }
                if u.value == 0x1B {
                    _ = it.next()
                    return
                }
            }
        default:
            return
        }
    }

    /// CSI parameters and intermediates up to the final byte (0x40–0x7E).
    private static func skipParameters(_ it: inout String.UnicodeScalarView.Iterator) {
        while let u = it.next() {
            if (0x40...0x7E).contains(u.value) { return }
            if !(0x20...0x3F).contains(u.value) { return }
        }
    }
}
