import Foundation
import FeedModel
import FeedwatchSupport
#if canImport(FoundationXML)
import FoundationXML
#endif

/// OPML, the feed lists other readers import and export: reading one into
/// feeds.conf sections (folder names and `category` attributes become tags),
/// and writing feeds.conf's feeds as one.
package enum OPML {
    /// A feed found in an OPML file.
    package struct Outline: Sendable, Equatable {
        package var title: String
        package var url: String
        package var tags: [String]
    }

    /// What could not be read.
    package struct ReadError: Error, CustomStringConvertible {
        package var description: String
    }

    /// The feeds of an OPML document, in order; folders (outlines without
    /// `xmlUrl` around others) and `category` attributes become tags.
    package static func read(_ data: Data, file: String) throws(ReadError) -> [Outline] {
        let collector = Collector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        parser.shouldResolveExternalEntities = false
        let parsed = parser.parse()
        if let refused = collector.refused { throw ReadError(description: "\(file):\(refused)") }
        guard parsed else {
            let e = parser.parserError.map { "\($0.localizedDescription)" } ?? "not XML"
            throw ReadError(description: "\(file):\(parser.lineNumber):\(parser.columnNumber): cannot read the OPML file: \(e)")
        }
        guard collector.sawOPML else { throw ReadError(description: "\(file): not an OPML file (no <opml> element)") }
        return collector.outlines
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var outlines: [Outline] = []
        var sawOPML = false
        /// Folder titles around the current outline (nil for a feed outline).
        var folders: [String?] = []
        /// Why reading stopped: an outline whose values could not be written into feeds.conf safely.
        var refused: String?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes a: [String: String] = [:]) {
            if name.lowercased() == "opml" { sawOPML = true }
            guard name.lowercased() == "outline" else { return }
            // A newline (`&#10;` survives XML's attribute normalisation) in a URL or
            // title would start a line of its own in feeds.conf: a section or key
            // the user never wrote.
            for key in ["xmlUrl", "xmlurl", "title", "text", "category"] {
                guard let value = a[key], let bad = value.unicodeScalars.first(where: OPML.isControl) else { continue }
                let label = a["title"] ?? a["text"] ?? a["xmlUrl"] ?? a["xmlurl"] ?? ""
                refused = "\(parser.lineNumber): the outline '\(OPML.visible(label))' has a control character "
                    + "(U+\(String(format: "%04X", bad.value))) in its \(key): refused, as it would break feeds.conf's lines; "
                    + "fix or remove that outline and import again"
                parser.abortParsing()
                return
            }
            let title = (a["title"] ?? a["text"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if let url = (a["xmlUrl"] ?? a["xmlurl"])?.trimmingCharacters(in: .whitespacesAndNewlines), !url.isEmpty {
                var tags = folders.compactMap { $0 }.map(OPML.tag)
                for c in (a["category"] ?? "").split(whereSeparator: { $0 == "," || $0 == "/" }) {
                    let t = OPML.tag(String(c))
                    if !t.isEmpty { tags.append(t) }
                }
                var unique: [String] = []
                for t in tags where !t.isEmpty && !unique.contains(t) { unique.append(t) }
                outlines.append(Outline(title: title.isEmpty ? url : title, url: url, tags: unique))
                folders.append(nil)
            } else {
                folders.append(title.isEmpty ? nil : title)
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name.lowercased() == "outline", !folders.isEmpty { folders.removeLast() }
        }
    }

    /// C0 and C1 controls, DEL and the Unicode line and paragraph separators.
    static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029
    }

    /// `text` with its control characters shown as `\u{…}`, to quote it in a message.
    static func visible(_ text: String) -> String {
        var out = ""
        for u in text.unicodeScalars.prefix(80) {
            if isControl(u) { out += "\\u{\(String(u.value, radix: 16))}" } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    /// A tag or name from free text: lower case, letters and digits, `-` between words.
    package static func tag(_ text: String) -> String {
        var out = ""
        var dash = false
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber {
                if dash && !out.isEmpty { out.append("-") }
                out.append(ch)
                dash = false
            } else {
                dash = true
            }
        }
        return out
    }

    /// feeds.conf sections for the outlines whose URL is not there yet, with
    /// names made unique against `taken`.
    package static func sections(for outlines: [Outline], existing config: FeedsConfig, source: String) -> (text: String, added: Int, skipped: Int) {
        var taken = Set(config.feeds.map(\.name))
        var urls = Set(config.feeds.map(\.url))
        var text = ""
        var added = 0, skipped = 0
        for o in outlines {
            guard !urls.contains(o.url) else {
                skipped += 1
                continue
            }
            urls.insert(o.url)
            let base = tag(o.title).isEmpty ? "feed" : String(tag(o.title).prefix(40))
            var name = base
            var n = 2
            while taken.contains(name) {
                name = "\(base)-\(n)"
                n += 1
            }
            taken.insert(name)
            text += "\n[feed \(name)]\nurl = \(o.url)\n"
            if !o.tags.isEmpty { text += "tags = \(o.tags.joined(separator: " "))\n" }
            added += 1
        }
        if added > 0 { text = "\n# --- Imported from \(source) on \(UTCTime.iso8601(Date())) ---\n" + text }
        return (text, added, skipped)
    }

    /// The configuration's feeds as OPML 2.0, their tags as `category`.
    package static func write(_ config: FeedsConfig) -> String {
        func esc(_ s: String) -> String {
            var out = ""
            for ch in s {
                switch ch {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                default: out.append(ch)
                }
            }
            return out
        }
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<opml version=\"2.0\">",
                     "  <head><title>feedwatch feeds</title><dateCreated>\(UTCTime.iso8601(Date()))</dateCreated></head>", "  <body>"]
        for f in config.feeds {
            var line = "    <outline type=\"rss\" text=\"\(esc(f.name))\" title=\"\(esc(f.name))\" xmlUrl=\"\(esc(f.url))\""
            if !f.tags.isEmpty { line += " category=\"\(esc(f.tags.joined(separator: ",")))\"" }
            lines.append(line + "/>")
        }
        lines += ["  </body>", "</opml>"]
        return lines.joined(separator: "\n") + "\n"
    }
}
