import AlertLog
import AlertStore
import ArgumentParser
import FeedModel
import FeedwatchDaemon
import FeedwatchSupport
import Foundation

/// `feedwatch stories`: the stories of the topics, newest first.
struct StoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stories",
        abstract: "List stories (one event across outlets and languages): first and last seen, sources, languages, first title.",
        discussion: "Show one with its articles: feedwatch story ID. Safe while the daemon runs."
    )

    @OptionGroup var state: StateOptions

    @Option(help: "Only this topic.")
    var topic: String?

    @Option(help: "Only stories seen since: 90s, 15m, 24h, 7d, or a time like 2026-11-29T08:00:00Z.")
    var since = "24h"

    @Option(help: "At most this many (the latest seen).")
    var limit = 100

    @Flag(help: "One JSON object per line.")
    var json = false

    func run() throws {
        let database = try state.existingDatabase("stories")
        guard let cutoff = AlertsCommand.parseSince(since, now: Date()) else {
            throw ValidationError("--since \(since): expected a duration like 24h or 7d, or a time like 2026-11-29T08:00:00Z")
        }
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        do {
            let stories = try AlertStore(path: database).stories(topic: topic, since: cutoff, limit: limit)
            for s in stories { print(json ? Self.json(s) : Self.text(s)) }
        } catch {
            FileHandle.standardError.write(Data("feedwatch stories: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    static func text(_ s: Story) -> String {
        let clean = UntrustedText.clean
        return "\(s.id)  \(clean(s.topic))  first \(UTCTime.iso8601(s.firstSeen))  last \(UTCTime.iso8601(s.lastSeen))  "
            + "\(s.sources) source\(s.sources == 1 ? "" : "s"), \(s.languages) language\(s.languages == 1 ? "" : "s")  "
            + clean(s.title ?? "(no title)")
    }

    static func json(_ s: Story) -> String {
        var w = JSONWriter(pretty: false)
        w.beginObject()
        w.key("id"); w.string(s.id)
        w.key("topic"); w.string(UntrustedText.clean(s.topic))
        w.key("first_seen"); w.string(UTCTime.iso8601(s.firstSeen))
        w.key("last_seen"); w.string(UTCTime.iso8601(s.lastSeen))
        w.key("sources"); w.number(s.sources)
        w.key("languages"); w.number(s.languages)
        w.key("title"); w.string(s.title.map(UntrustedText.clean))
        w.key("link"); w.string(s.link.map(UntrustedText.clean))
        if !s.articles.isEmpty {
            w.key("articles")
            w.beginArray()
            for a in s.articles {
                w.beginObject()
                w.key("seen"); w.string(UTCTime.iso8601(a.seen))
                w.key("feed"); w.string(UntrustedText.clean(a.feed))
                w.key("language"); w.string(a.language)
                w.key("title"); w.string(a.title.map(UntrustedText.clean))
                w.key("link"); w.string(a.link.map(UntrustedText.clean))
                w.endObject()
            }
            w.endArray()
        }
        w.endObject()
        return w.output
    }
}
