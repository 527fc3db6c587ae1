import AlertStore
import FeedModel
import FeedwatchDaemon
import FeedwatchSupport
import Foundation

/// What `feedwatch backtest` prints: hits per day as a small histogram, the
/// hits (newest first), and the difference from the topic's real alerts.
struct BacktestReport {
    var name: String
    var since: Date
    var now: Date
    var hits: [ArchiveSearch.Hit]
    /// Hits the topic has no alert for.
    var added: [ArchiveSearch.Hit]
    /// Archived articles it alerted on that it no longer matches.
    var gone: [ArchivedArticle]
    /// Whether there were real alerts to compare with (a topic, not a bare query).
    var compared: Bool

    /// Hits per UTC day, every day of the window (oldest first).
    var days: [(day: String, hits: Int)] {
        var counts: [String: Int] = [:]
        for h in hits { counts[Self.day(h.article.firstSeen), default: 0] += 1 }
        var out: [(String, Int)] = []
        var t = since
        while t <= now {
            out.append((Self.day(t), counts[Self.day(t)] ?? 0))
            t += 86400
        }
        if let last = out.last, last.0 != Self.day(now) { out.append((Self.day(now), counts[Self.day(now)] ?? 0)) }
        return out
    }

    func text(renderer: AlertRenderer) -> String {
        var out = ["backtest of \(name) since \(UTCTime.iso8601(since)): \(hits.count) hit(s)"]
        let perDay = days
        let most = max(perDay.map(\.hits).max() ?? 0, 1)
        for d in perDay {
            let bar = String(repeating: "#", count: d.hits == 0 ? 0 : max(1, d.hits * 40 / most))
            out.append("\(d.day) \(String(repeating: " ", count: max(0, 5 - String(d.hits).count)))\(d.hits) \(bar)")
        }
        if compared { out.append("compared with the alerts it produced: +\(added.count) new, -\(gone.count) no longer") }
        out.append("")
        let newIDs = Set(added.map(\.article.id))
        for h in hits {
            let mark = compared && newIDs.contains(h.article.id) ? "+ " : ""
            out.append(mark + renderer.render(ArchiveOptions.alert(h)))
        }
        for a in gone {
            out.append("- \(UTCTime.iso8601(a.firstSeen))  \(a.feed)  \(a.title ?? "(no title)")  (no longer matches)")
        }
        return out.joined(separator: "\n")
    }

    func json() -> String {
        var w = JSONWriter(pretty: false)
        w.beginObject()
        w.key("topic"); w.string(name)
        w.key("since"); w.string(UTCTime.iso8601(since))
        w.key("days")
        w.beginArray()
        for d in days {
            w.beginObject()
            w.key("day"); w.string(d.day)
            w.key("hits"); w.number(d.hits)
            w.endObject()
        }
        w.endArray()
        w.key("hits")
        w.beginArray()
        let newIDs = Set(added.map(\.article.id))
        for h in hits { Self.write(h, new: compared && newIDs.contains(h.article.id), into: &w) }
        w.endArray()
        w.key("new"); w.number(added.count)
        w.key("noLonger")
        w.beginArray()
        for a in gone {
            w.beginObject()
            w.key("article"); w.number(Int(a.id))
            w.key("feed"); w.string(a.feed)
            w.key("title"); w.string(a.title)
            w.key("link"); w.string(a.link)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.output
    }

    private static func write(_ h: ArchiveSearch.Hit, new: Bool, into w: inout JSONWriter) {
        w.beginObject()
        w.key("article"); w.number(Int(h.article.id))
        w.key("firstSeen"); w.string(UTCTime.iso8601(h.article.firstSeen))
        w.key("feed"); w.string(h.article.feed)
        w.key("title"); w.string(h.article.title)
        w.key("link"); w.string(h.article.link)
        w.key("new"); w.bool(new)
        w.key("matched")
        w.beginArray()
        for t in h.match.matched { w.matchedTerm(term: t.term, field: t.field, offset: t.offset) }
        w.endArray()
        w.endObject()
    }

    static func day(_ t: Date) -> String { String(UTCTime.iso8601(t).prefix(10)) }
}
