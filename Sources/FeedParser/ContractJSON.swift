import Foundation
import FeedModel

/// The JSON of the `feedwatch parse` contract (DESIGN.md), keys in the
/// contract's order, absent values as `null`, dates as ISO 8601 UTC.
extension ParsedFeed {
    package func contractJSON(pretty: Bool = true) -> String {
        var w = JSONWriter(pretty: pretty)
        w.beginObject()
        w.key("format"); w.string(feed.format.rawValue)
        w.key("title"); w.string(feed.title)
        w.key("link"); w.string(feed.link)
        w.key("subtitle"); w.string(feed.subtitle)
        w.key("language"); w.string(feed.language)
        w.key("updated"); w.string(feed.updated.map(DateParser.iso8601))
        w.key("entries")
        w.beginArray()
        for e in feed.entries {
            w.beginObject()
            w.key("id"); w.string(e.id)
            w.key("title"); w.string(e.title)
            w.key("link"); w.string(e.link)
            w.key("summary"); w.string(e.summary)
            w.key("content"); w.string(e.content)
            w.key("published"); w.string(e.published.map(DateParser.iso8601))
            w.key("updated"); w.string(e.updated.map(DateParser.iso8601))
            w.key("authors"); w.strings(e.authors)
            w.key("categories"); w.strings(e.categories)
            w.endObject()
        }
        w.endArray()
        w.key("warnings"); w.strings(warnings)
        w.endObject()
        return w.output
    }
}

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
