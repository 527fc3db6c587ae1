import FeedModel
import FeedwatchSupport
import Foundation

/// A `story` line of the alert log: a story grew past one of its topic's
/// `story-updates` figures. Like an alert line it starts with the time and
/// the id (reconciliation finds it the same way), then says what grew.
package enum StoryLine {
    /// `story s-41 · kim-putin-summit · now 10 sources in 4 languages · first: <title> · latest: <title> <link>`
    /// ("in N languages" left out when none of its articles said its language).
    package static func sentence(_ a: Alert, _ g: StoryGrowth) -> String {
        // Feeds that say no language count none: then the line says none.
        let languages = g.languages == 0 ? "" : g.languages == 1 ? " in 1 language" : " in \(g.languages) languages"
        let latest = [clean(a.title ?? ""), clean(a.link ?? "")].filter { !$0.isEmpty }.joined(separator: " ")
        return "story \(clean(a.story ?? "?")) · \(clean(a.topic)) · now \(g.sources) sources\(languages) · "
            + "first: \(clean(g.firstTitle ?? "")) · latest: \(latest)"
    }

    /// `2026-11-29T14:53:22Z<TAB>id<TAB>story s-41 · …`.
    package static func text(_ a: Alert, _ g: StoryGrowth) -> String {
        [UTCTime.iso8601(a.time), a.id, sentence(a, g)].joined(separator: "\t")
    }

    package static func json(_ a: Alert, _ g: StoryGrowth) -> String {
        var w = JSONWriter(pretty: false)
        w.beginObject()
        w.key("id"); w.string(a.id)
        w.key("time"); w.string(UTCTime.iso8601(a.time))
        w.key("kind"); w.string("story")
        w.key("story"); w.string(a.story.map(clean))
        w.key("topic"); w.string(clean(a.topic))
        w.key("sources"); w.number(g.sources)
        w.key("languages"); w.number(g.languages)
        w.key("first_title"); w.string(g.firstTitle.map(clean))
        w.key("feed"); w.string(clean(a.feed))
        w.key("title"); w.string(a.title.map(clean))
        w.key("link"); w.string(a.link.map(clean))
        w.endObject()
        return w.output
    }

    /// A text story line read back: its id, time and sentence.
    static func parse(_ fields: [String]) -> AlertLine.Parsed? {
        guard fields.count == 3, fields[2].hasPrefix("story "), let time = UTCTime.parse(fields[0]) else { return nil }
        let story = fields[2].dropFirst(6).prefix { $0 != " " }
        return AlertLine.Parsed(id: fields[1], time: time, topic: "", feed: "", title: fields[2], link: "", matched: "", story: String(story),
                                isStoryLine: true)
    }

    private static func clean(_ s: String) -> String { UntrustedText.clean(s) }
}
