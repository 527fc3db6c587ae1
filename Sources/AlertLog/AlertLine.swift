import FeedModel
import FeedwatchSupport
import Foundation

/// One alert as one line of the alert log, and back. Every line starts with
/// what reconciliation needs (the id) at a fixed place, and holds no raw
/// control character: feed text goes through `UntrustedText`.
package enum AlertLine {
    package static func format(_ a: Alert, as format: AlertLogFormat) -> String {
        switch (format, a.growth) {
        case (.text, nil): return text(a)
        case (.json, nil): return json(a)
        case (.text, let g?): return StoryLine.text(a, g)
        case (.json, let g?): return StoryLine.json(a, g)
        }
    }

    /// `2026-11-29T14:53:22Z<TAB>id<TAB>topic<TAB>feed<TAB>title<TAB>link<TAB>matched`,
    /// matched as `field:term@offset` joined by ", " (a phrase quoted; an entity
    /// as `title:@kim-jong-un "Kim Dzong Unem"@3`, its form already quoted);
    /// then `<TAB>s-41` when the article began a story, and a last
    /// `<TAB>backfilled` field for an alert found by a backfill.
    package static func text(_ a: Alert) -> String {
        ([UTCTime.iso8601(a.time), a.id, clean(a.topic), clean(a.feed), clean(a.title ?? ""), clean(a.link ?? ""),
          matchedText(a.matched)] + (a.story.map { [clean($0)] } ?? [])).joined(separator: "\t") + (a.backfilled ? "\t" + backfilledField : "")
    }

    package static func matchedText(_ terms: [MatchedTerm]) -> String {
        terms.map { t in
            let term = clean(t.term)
            let shown = term.hasPrefix("@") || !term.contains(" ") ? term : "\"\(term)\""
            return "\(clean(t.field)):\(shown)@\(t.offset)"
        }.joined(separator: ", ")
    }

    package static func json(_ a: Alert) -> String {
        var w = JSONWriter(pretty: false)
        write(a, into: &w)
        return w.output
    }

    /// The alert as one JSON object: the log's JSON line, and what sinks send.
    package static func write(_ a: Alert, into w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(a.id)
        w.key("time"); w.string(UTCTime.iso8601(a.time))
        w.key("topic"); w.string(clean(a.topic))
        w.key("feed"); w.string(clean(a.feed))
        w.key("title"); w.string(a.title.map(clean))
        w.key("link"); w.string(a.link.map(clean))
        w.key("matched")
        w.beginArray()
        for t in a.matched { w.matchedTerm(term: clean(t.term), field: clean(t.field), offset: t.offset) }
        w.endArray()
        if let story = a.story { w.key("story"); w.string(clean(story)) }
        if a.backfilled {
            w.key("backfilled"); w.bool(true)
        }
        w.endObject()
    }

    /// The alert id of a log line in either format; nil for anything else.
    package static func id(of line: Substring) -> String? {
        if line.hasPrefix("{\"id\":\"") {
            let rest = line.dropFirst(7)
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            return String(rest[..<end])
        }
        let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count >= 2, UTCTime.parse(String(fields[0])) != nil, !fields[1].isEmpty else { return nil }
        return String(fields[1])
    }

    /// An alert line read back for display (`feedwatch tail`).
    package struct Parsed: Sendable, Hashable {
        package var id: String
        package var time: Date
        package var topic: String
        package var feed: String
        package var title: String
        package var link: String
        /// As the text form writes it.
        package var matched: String
        /// The story id (`s-41`), and whether the line is a `story` line (its sentence in `title`).
        package var story: String?
        package var isStoryLine = false
        /// Found by a topic's backfill over the archive, not by a poll.
        package var backfilled = false

        package init(id: String, time: Date, topic: String, feed: String, title: String, link: String, matched: String,
                     story: String? = nil, isStoryLine: Bool = false, backfilled: Bool = false) {
            self.story = story
            self.isStoryLine = isStoryLine
            self.backfilled = backfilled
            self.id = id
            self.time = time
            self.topic = topic
            self.feed = feed
            self.title = title
            self.link = link
            self.matched = matched
        }
    }

    /// The text form's last field for an alert a backfill found.
    static let backfilledField = "backfilled"

    /// A log line read back; nil for a line that is not an alert.
    package static func parse(_ line: Substring) -> Parsed? {
        if line.hasPrefix("{") {
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let id = o["id"] as? String, let time = (o["time"] as? String).flatMap(UTCTime.parse)
            else { return nil }
            let matched = (o["matched"] as? [[String: Any]] ?? []).map {
                MatchedTerm(term: $0["term"] as? String ?? "", field: $0["field"] as? String ?? "", offset: $0["offset"] as? Int ?? 0)
            }
            // Cleaned again: the file may have been written by something else.
            if o["kind"] as? String == "story" { return StoryLine.parse([UTCTime.iso8601(time), clean(id), storySentence(o)]) }
            return Parsed(id: clean(id), time: time, topic: clean(o["topic"] as? String ?? ""), feed: clean(o["feed"] as? String ?? ""),
                          title: clean(o["title"] as? String ?? ""), link: clean(o["link"] as? String ?? ""), matched: matchedText(matched),
                          story: (o["story"] as? String).map(clean), backfilled: o["backfilled"] as? Bool ?? false)
        }
        let f = line.split(separator: "\t", omittingEmptySubsequences: false).map { clean(String($0)) }
        if let story = StoryLine.parse(f) { return story }
        guard f.count >= 7, let time = UTCTime.parse(f[0]) else { return nil }
        // After the seven fields: the story id, when the alert has one, then
        // `backfilled`, when a backfill found it (so an eighth field may be either).
        let extra = f.dropFirst(7)
        var parsed = Parsed(id: f[1], time: time, topic: f[2], feed: f[3], title: f[4], link: f[5], matched: f[6],
                            story: extra.first { $0 != Self.backfilledField })
        parsed.backfilled = extra.contains(Self.backfilledField)
        return parsed
    }

    /// A JSON story line said as the text form says it.
    private static func storySentence(_ o: [String: Any]) -> String {
        let a = Alert(id: "", time: Date(), topic: o["topic"] as? String ?? "", feed: "", title: o["title"] as? String,
                      link: o["link"] as? String, matched: [], story: o["story"] as? String)
        return StoryLine.sentence(a, StoryGrowth(sources: o["sources"] as? Int ?? 0, languages: o["languages"] as? Int ?? 0,
                                                 firstTitle: o["first_title"] as? String))
    }

    private static func clean(_ s: String) -> String { UntrustedText.clean(s) }
}
