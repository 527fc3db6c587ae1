import Foundation
import FeedModel

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org), through Foundation's JSON parser.
/// Reported as "json1.1": 1.1 only added fields to 1.0.
enum JSONFeedReader {
    static func read(_ bytes: [UInt8], baseURL: String?) throws -> ParsedFeed {
        var warnings: [String] = []
        let (repaired, lone) = repairLoneSurrogates(bytes)
        if let first = lone.first {
            warnings.append("\(lone.count) lone UTF-16 surrogate escape(s) (the first at byte \(first + 1)) replaced with U+FFFD")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(repaired), options: [])
        } catch {
            throw FeedParserError.invalidJSONFeed(reason: "the JSON does not parse (\(error.localizedDescription))")
        }
        guard let top = object as? [String: Any] else {
            throw FeedParserError.invalidJSONFeed(reason: "the top level is not an object")
        }
        let version = top["version"] as? String ?? ""
        if !version.hasPrefix("https://jsonfeed.org/version/") && !version.hasPrefix("http://jsonfeed.org/version/") {
            guard top["items"] is [Any] else {
                throw FeedParserError.invalidJSONFeed(reason: "no \"version\" naming jsonfeed.org and no \"items\" array")
            }
            warnings.append("\"version\" does not name a JSON Feed version: read as JSON Feed 1.1")
        }
        let home = string(top["home_page_url"])
        let base = baseURL ?? string(top["feed_url"]) ?? home
        var feed = Feed(
            format: .json11,
            title: string(top["title"]).map { Text.collapseWhitespace($0) }.flatMap(nonEmpty),
            link: home.flatMap { URLResolver.link($0, against: baseURL) },
            subtitle: string(top["description"]).map { Text.collapseWhitespace($0) }.flatMap(nonEmpty),
            language: string(top["language"]),
            updated: nil)
        let feedAuthors = authors(top)
        let items = top["items"] as? [Any] ?? []
        for (index, any) in items.enumerated() {
            guard let item = any as? [String: Any] else {
                warnings.append("item \(index + 1) is not an object: skipped")
                continue
            }
            feed.entries.append(entry(item, index: index, base: base, feedAuthors: feedAuthors, warnings: &warnings))
        }
        return ParsedFeed(feed: feed, warnings: warnings, encoding: "UTF-8")
    }

    /// Item `index` (0-based) of the feed.
    private static func entry(_ item: [String: Any], index: Int, base: String?, feedAuthors: [String], warnings: inout [String]) -> Entry {
        let link = (string(item["url"]) ?? string(item["external_url"])).flatMap { URLResolver.link($0, against: base) }
        let title = string(item["title"]).map { Text.collapseWhitespace($0) }.flatMap(nonEmpty)
        var published: Date?, updated: Date?
        for (key, target) in [("date_published", 0), ("date_modified", 1)] {
            guard let raw = string(item[key]) else { continue }
            if let d = DateParser.parse(raw) {
                if target == 0 { published = d } else { updated = d }
            } else {
                warnings.append("item \(index + 1): unreadable date '\(raw)' in \(key)")
            }
        }
        let id: String
        if let s = item["id"] as? String, !s.isEmpty {
            id = s
        } else if let n = item["id"] as? NSNumber {
            id = n.stringValue
        } else {
            id = link ?? "hash:item-\(index + 1)"
        }
        var itemAuthors = authors(item)
        if itemAuthors.isEmpty { itemAuthors = feedAuthors }
        return Entry(
            id: id, title: title, link: link,
            summary: string(item["summary"]).map(Text.trimmed).flatMap(nonEmpty),
            content: (string(item["content_html"]) ?? string(item["content_text"])).map(Text.trimmed).flatMap(nonEmpty),
            published: published, updated: updated, authors: itemAuthors,
            categories: (item["tags"] as? [Any] ?? []).compactMap { string($0) })
    }

    /// `\uD83D` without its low half (or a low half alone) makes the whole
    /// document unreadable to JSONSerialization; publishers produce it by
    /// cutting a string between the two halves of an emoji. Each such escape
    /// becomes `\uFFFD` (the same six bytes); returns the bytes and where each
    /// repair was. Escapes are only looked for inside strings, and `\\u` is a
    /// backslash followed by text, not an escape.
    static func repairLoneSurrogates(_ bytes: [UInt8]) -> (bytes: [UInt8], at: [Int]) {
        var out = bytes
        var at: [Int] = []
        var i = 0
        var inString = false
        func hex4(_ start: Int) -> Int? {
            guard start + 4 <= bytes.count else { return nil }
            var v = 0
            for b in bytes[start..<start + 4] {
                guard let d = hexDigit(b) else { return nil }
                v = v * 16 + d
            }
            return v
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x22 { inString.toggle() }
            guard inString, b == 0x5C, i + 1 < bytes.count else {
                i += 1
                continue
            }
            guard bytes[i + 1] == 0x75, let unit = hex4(i + 2) else {
                i += 2  // \", \\, \n ...: the escaped byte is not looked at again
                continue
            }
            if (0xD800...0xDBFF).contains(unit), i + 7 < bytes.count, bytes[i + 6] == 0x5C, bytes[i + 7] == 0x75,
               let low = hex4(i + 8), (0xDC00...0xDFFF).contains(low) {
                i += 12
                continue
            }
            if (0xD800...0xDFFF).contains(unit) {
                out.replaceSubrange(i + 2..<i + 6, with: Array("fffd".utf8))
                at.append(i)
            }
            i += 6
        }
        return (at.isEmpty ? bytes : out, at)
    }

    private static func hexDigit(_ b: UInt8) -> Int? {
        switch b {
        case 0x30...0x39: return Int(b - 0x30)
        case 0x41...0x46: return Int(b - 0x41 + 10)
        case 0x61...0x66: return Int(b - 0x61 + 10)
        default: return nil
        }
    }

    private static func authors(_ object: [String: Any]) -> [String] {
        var names: [String] = []
        if let list = object["authors"] as? [Any] {
            for a in list { if let n = (a as? [String: Any]).flatMap({ string($0["name"]) }) { names.append(n) } }
        }
        if names.isEmpty, let a = object["author"] as? [String: Any], let n = string(a["name"]) { names.append(n) }
        return names
    }

    private static func string(_ any: Any?) -> String? {
        guard let s = any as? String else { return nil }
        let t = Text.trimmed(s)
        return t.isEmpty ? nil : t
    }

    private static func nonEmpty(_ s: String) -> String? { s.isEmpty ? nil : s }
}
