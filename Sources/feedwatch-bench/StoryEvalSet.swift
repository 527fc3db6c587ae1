import AlertStore
import FeedParser
import FeedwatchSupport
import Foundation
import TopicMatcher

/// The labelled items of `feedwatch-bench stories`: real items of the dev set
/// and of the real captures, read where they are (only ids and story labels
/// are in bench/stories/), and the rewrites we wrote ourselves.
struct StoryEvalSet {
    struct Item {
        var set: String
        var id: String
        var story: String
        var lang: String?
        var time: Date
        var title: String
        var article: ArticleText
        var link: String?
    }

    var items: [Item] = []

    /// Dev items: `id<TAB>story` labels for `dev.jsonl`; their dates are days,
    /// so items of a day are spread over it in file order (noon onwards).
    mutating func addDev(_ path: String, labels: String) throws {
        let story = try Self.labels(labels, keyColumns: 1)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for (n, line) in text.split(separator: "\n").enumerated() {
            guard let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let id = o["id"] as? String,
                  let day = (o["date"] as? String).flatMap({ UTCTime.parse($0 + "T00:00:00Z") })
            else { throw MatchBench.Mismatch(description: "\(path):\(n + 1): not a dev item (id, date)") }
            guard let label = story[id] else { throw MatchBench.Mismatch(description: "\(labels): no story for dev item \(id)") }
            let time = day.addingTimeInterval(12 * 3600 + Double(n) * 60)
            append(set: "dev", id: id, story: label, lang: o["lang"] as? String, time: time, title: o["title"] as? String ?? "",
                   summary: o["summary"] as? String, link: o["source"] as? String)
        }
    }

    /// Our rewrites: JSON lines with id, story, lang, time, title, summary.
    mutating func addWritten(_ path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for (n, line) in text.split(separator: "\n").enumerated() {
            guard let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let id = o["id"] as? String,
                  let story = o["story"] as? String, let time = (o["time"] as? String).flatMap(UTCTime.parse)
            else { throw MatchBench.Mismatch(description: "\(path):\(n + 1): not a written item (id, story, time)") }
            append(set: "written", id: id, story: story, lang: o["lang"] as? String, time: time, title: o["title"] as? String ?? "",
                   summary: o["summary"] as? String, link: nil)
        }
    }

    /// Every item of every capture in `folder`: a story of its own unless
    /// `labels` (`file<TAB>link<TAB>story`) puts it with others.
    mutating func addCaptures(_ folder: String, labels: String) throws {
        let story = try Self.labels(labels, keyColumns: 2)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".xml") || $0.hasSuffix(".atom") }.sorted()
        for file in files {
            guard let data = FileManager.default.contents(atPath: folder + "/" + file) else { continue }
            let parsed: ParsedFeed
            do {
                parsed = try FeedParser.parse([UInt8](data))
            } catch {
                // Some captures are kept for their breakage: no items to judge.
                FileHandle.standardError.write(Data("skipped \(file): \(error)\n".utf8))
                continue
            }
            for (n, e) in parsed.feed.entries.enumerated() {
                let key = "\(file)\t\(e.link ?? e.id)"
                let time = e.published ?? e.updated ?? Date(timeIntervalSince1970: Double(n))
                append(set: "real", id: key, story: story[key] ?? key, lang: e.language ?? parsed.feed.language, time: time,
                       title: e.title ?? "", summary: e.summary.map(PlainText.fromHTML), link: e.link)
            }
        }
    }

    private mutating func append(set: String, id: String, story: String, lang: String?, time: Date, title: String, summary: String?,
                                 link: String?) {
        let article = ArticleText(id: id, title: title, summary: summary.map(PlainText.fromHTML), content: nil, link: nil, feed: nil,
                                  language: lang, date: time)
        items.append(Item(set: set, id: id, story: story, lang: lang, time: time, title: title, article: article,
                          link: link.flatMap(URLNormalizer.key)))
    }

    /// `key…<TAB>story` lines (`#` comments), keyed by the first `keyColumns` columns.
    static func labels(_ path: String, keyColumns: Int) throws -> [String: String] {
        var out: [String: String] = [:]
        for (n, line) in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").enumerated() where !line.hasPrefix("#") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == keyColumns + 1 else { throw MatchBench.Mismatch(description: "\(path):\(n + 1): want \(keyColumns + 1) columns") }
            out[f[0..<keyColumns].joined(separator: "\t")] = f[keyColumns]
        }
        return out
    }
}
