/// Finds where a DOCTYPE ends — the `>` outside quotes, comments and the
/// internal subset's brackets — one byte at a time (DOCTYPEs are short), and
/// keeps its text for `DTDEntities`.
struct DoctypeScan {
    private var quote: UInt8 = 0
    private var bracketDepth = 0
    private var inComment = false
    /// The DOCTYPE's bytes so far (up to the limit given to `consume`).
    var text: [UInt8] = []

    /// Takes the next byte; true when it closed the DOCTYPE.
    mutating func consume(_ b: UInt8, keepingAtMost limit: Int) -> Bool {
        if text.count < limit { text.append(b) }
        if inComment {
            if b == UInt8(ascii: ">"), text.count >= 3, text[text.count - 2] == UInt8(ascii: "-"), text[text.count - 3] == UInt8(ascii: "-") {
                inComment = false
            }
            return false
        }
        if quote != 0 {
            if b == quote { quote = 0 }
            return false
        }
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            quote = b
        case UInt8(ascii: "["):
            bracketDepth += 1
        case UInt8(ascii: "]"):
            bracketDepth = max(0, bracketDepth - 1)
        case UInt8(ascii: "-"):
            let k = text.count
            if k >= 4, text[k - 2] == UInt8(ascii: "-"), text[k - 3] == UInt8(ascii: "!"), text[k - 4] == UInt8(ascii: "<") {
                inComment = true
            }
        case UInt8(ascii: ">"):
            return bracketDepth == 0
        default:
            break
        }
        return false
    }
}
