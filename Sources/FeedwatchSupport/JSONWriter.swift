import Foundation

/// A small streaming JSON writer: Foundation's encoders do not keep key order.
package struct JSONWriter {
    package private(set) var output = ""
    private let pretty: Bool
    private var level = 0
    private var needsComma: [Bool] = [false]
    private var afterKey = false

    package init(pretty: Bool) { self.pretty = pretty }

    private mutating func valuePrefix() {
        if afterKey {
            afterKey = false
            return
        }
        if needsComma[needsComma.count - 1] { output += "," }
        needsComma[needsComma.count - 1] = true
        newline()
    }

    private mutating func newline() {
        guard pretty, level > 0 else { return }
        output += "\n" + String(repeating: "  ", count: level)
    }

    package mutating func beginObject() { valuePrefix(); output += "{"; level += 1; needsComma.append(false) }
    package mutating func beginArray() { valuePrefix(); output += "["; level += 1; needsComma.append(false) }

    package mutating func endObject() { close("}") }
    package mutating func endArray() { close("]") }

    private mutating func close(_ bracket: String) {
        let had = needsComma.removeLast()
        level -= 1
        if had, pretty { output += "\n" + String(repeating: "  ", count: level) }
        output += bracket
    }

    package mutating func key(_ k: String) {
        valuePrefix()
        output += JSONWriter.quote(k) + (pretty ? ": " : ":")
        afterKey = true
    }

    package mutating func string(_ s: String?) {
        valuePrefix()
        output += s.map(JSONWriter.quote) ?? "null"
    }

    package mutating func strings(_ list: [String]) {
        if list.isEmpty {
            valuePrefix()
            output += "[]"
            return
        }
        beginArray()
        for s in list { string(s) }
        endArray()
    }

    package mutating func number(_ n: Int) { valuePrefix(); output += String(n) }

    package mutating func bool(_ b: Bool) { valuePrefix(); output += b ? "true" : "false" }

    /// One matched term as every JSON output of feedwatch writes it (the alert
    /// log, the store's `matched` column, `match`, `backtest`).
    package mutating func matchedTerm(term: String, field: String, offset: Int) {
        beginObject()
        key("term"); string(term)
        key("field"); string(field)
        key("offset"); number(offset)
        endObject()
    }

    package static func quote(_ s: String) -> String {
        var out = "\""
        out.unicodeScalars.reserveCapacity(s.unicodeScalars.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
