import Foundation
import FeedModel

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org), through Foundation's JSON parser.
/// Reported as "json1.1": 1.1 only added fields to 1.0.
enum JSONFeedReader {
    static func read(_ bytes: [UInt8], baseURL: String?) throws -> ParsedFeed {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            throw FeedParserError.invalidJSONFeed(reason: "the JSON does not parse (\(error.localizedDescription))")
        }
        guard let top = object as? [String: Any] else {
            throw FeedParserError.invalidJSONFeed(reason: "the top level is not an object")
        }
        var warnings: [String] = []
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
            link: home.map { URLResolver.resolve($0, against: baseURL) ?? $0 },
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
            let link = (string(item["url"]) ?? string(item["external_url"])).map { URLResolver.resolve($0, against: base) ?? $0 }
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
            feed.entries.append(Entry(
                id: id, title: title, link: link,
                summary: string(item["summary"]).map(Text.trimmed).flatMap(nonEmpty),
                content: (string(item["content_html"]) ?? string(item["content_text"])).map(Text.trimmed).flatMap(nonEmpty),
                published: published, updated: updated, authors: itemAuthors,
                categories: (item["tags"] as? [Any] ?? []).compactMap { string($0) }))
        }
        return ParsedFeed(feed: feed, warnings: warnings, encoding: "UTF-8")
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
