import ArgumentParser
import FeedParser
import FeedsConf
import Foundation
import TopicMatcher

/// `feedwatch-bench quality`: precision, recall and F1 of topics on labelled
/// news items (`../shared/eval/dev/dev.jsonl`: title, summary, lang, date,
/// labels per topic), with every miss and false alarm and what matched.
struct QualityBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Topic quality on labelled items: precision, recall, F1, misses and false alarms."
    )

    @Option(help: "Labelled items, one JSON object per line ({title, summary, lang, date, labels: {topic: 0|1}}).")
    var items: String = "../shared/eval/dev/dev.jsonl"

    @Option(help: "A feeds.conf whose [topic] (and [entity]) sections to judge; topics without labels are skipped.")
    var topics: String = "bench/quality-topics.conf"

    @Flag(help: "Only the figures, not the misses and false alarms.")
    var quiet = false

    struct Item {
        var id: String
        var title: String
        var lang: String?
        var labels: [String: Int]
        var article: ArticleText
    }

    func run() throws {
        let config = try FeedsConf.load(topics, feedsRequired: false)
        let index = config.topicIndex
        let items = try Self.read(items)
        var rows: [String] = []
        for topic in config.topics {
            let labelled = items.filter { $0.labels[topic.name] != nil }
            guard !labelled.isEmpty else { continue }
            var tp = 0, fp = 0, fn = 0
            var misses: [String] = [], alarms: [String] = []
            for item in labelled {
                let tagged = index.tagged(item.article)
                let match = index.match(tagged).first { $0.topic == topic.name }
                let truth = item.labels[topic.name] == 1
                switch (match != nil, truth) {
                case (true, true): tp += 1
                case (true, false):
                    fp += 1
                    alarms.append(Self.line(item, match!.hits.map { "\($0.field.rawValue):\($0.term)" }))
                case (false, true):
                    fn += 1
                    misses.append(Self.line(item, tagged.entitiesFound.map { "\($0.id) \"\($0.text)\"" }))
                default: break
                }
            }
            let p = tp + fp == 0 ? 0 : Double(tp) / Double(tp + fp)
            let r = tp + fn == 0 ? 0 : Double(tp) / Double(tp + fn)
            let f1 = p + r == 0 ? 0 : 2 * p * r / (p + r)
            rows.append(String(format: "%-28@ precision %.3f  recall %.3f  F1 %.3f  (%d items, %d true, %d found, %d missed, %d false alarms)",
                               topic.name as NSString, p, r, f1, labelled.count, tp + fn, tp, fn, fp))
            if !quiet {
                print("== \(topic.name): \(fn) missed")
                misses.forEach { print("  - " + $0) }
                print("== \(topic.name): \(fp) false alarms (matched terms)")
                alarms.forEach { print("  + " + $0) }
            }
        }
        print("quality on \(items.count) items of \(self.items), topics of \(topics):")
        rows.forEach { print($0) }
    }

    private static func line(_ item: Item, _ found: [String]) -> String {
        "[\(item.lang ?? "?")] \(item.id) \(item.title.prefix(90)) — \(found.isEmpty ? "nothing found" : found.joined(separator: ", "))"
    }

    static func read(_ path: String) throws -> [Item] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var out: [Item] = []
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = TimeZone(secondsFromGMT: 0)
        day.dateFormat = "yyyy-MM-dd"
        for (n, line) in text.split(separator: "\n").enumerated() {
            guard let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw MatchBench.Mismatch(description: "\(path):\(n + 1): not a JSON object")
            }
            let title = o["title"] as? String ?? ""
            let lang = o["lang"] as? String
            let article = ArticleText(id: o["id"] as? String ?? "\(n + 1)", title: title,
                                      summary: (o["summary"] as? String).map(PlainText.fromHTML), content: nil, link: nil,
                                      feed: o["publisher"] as? String, language: lang,
                                      date: (o["date"] as? String).flatMap(day.date(from:)))
            out.append(Item(id: article.id, title: title, lang: lang, labels: o["labels"] as? [String: Int] ?? [:], article: article))
        }
        return out
    }
}
