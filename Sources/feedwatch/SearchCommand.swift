import AlertLog
import AlertStore
import ArgumentParser
import FeedModel
import FeedsConf
import FeedwatchDaemon
import Foundation

/// `feedwatch search QUERY`: the topic language over the archived articles,
/// newest first, each hit explained as the alert log explains an alert.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the archived articles with the topic language (entities and concepts included), newest first.",
        discussion: """
            The matcher the daemon uses decides, so a hit is exactly what a poll of that article would have
            alerted on; the full-text index only narrows the articles down. feeds.conf, when there is one,
            gives the [entity] sections and the feeds' tags. Safe while the daemon runs.
            """
    )

    @Argument(help: "A query, as in a [topic]'s query = line.")
    var query: String

    @OptionGroup var options: ArchiveOptions

    @Option(help: "Only articles first seen since: 90s, 15m, 24h, 7d, or a time like 2026-11-29T08:00:00Z.")
    var since = "7d"

    @Option(help: "Only articles first seen before this (same forms as --since).")
    var until: String?

    @Option(help: "Only articles of this feed.")
    var feed: String?

    @Option(help: "Only articles of feeds with this tag (feeds.conf).")
    var tag: String?

    @Option(help: "Only articles in this language (pl, ru, ...).")
    var lang: String?

    @Option(help: "At most this many hits.")
    var limit = 50

    @Flag(help: "One JSON object per line, as in a JSON alert log.")
    var json = false

    func run() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        let now = Date()
        guard let from = AlertsCommand.parseSince(since, now: now) else {
            throw ValidationError("--since \(since): expected a duration like 24h or 7d, or a time like 2026-11-29T08:00:00Z")
        }
        let to = try until.map { u in
            guard let t = AlertsCommand.parseSince(u, now: now) else {
                throw ValidationError("--until \(u): expected a duration like 24h or 7d, or a time like 2026-11-29T08:00:00Z")
            }
            return t
        }
        do {
            let config = try options.configuration()
            let search = try ArchiveOptions.search(query: query, store: try options.store("search"), config: config)
            var filter = AlertStore.ArchiveFilter(since: from, until: to, language: lang?.lowercased())
            filter.feeds = try feeds(config)
            let renderer = AlertRenderer.forStandardOutput()
            try search.run(filter, limit: limit) { h in
                let a = ArchiveOptions.alert(h)
                print(json ? AlertLine.json(a) : renderer.render(a))
                return true
            }
        } catch let e as ExitCode {
            throw e
        } catch {
            throw ArchiveOptions.fail("search", error)
        }
    }

    /// The feeds --feed and --tag leave (nil: every feed).
    private func feeds(_ config: FeedsConfig?) throws -> Set<String>? {
        var names: Set<String>?
        if let feed { names = [feed] }
        if let tag {
            let tagged = Set((config?.feeds ?? []).filter { $0.tags.contains(tag) }.map(\.name))
            guard !tagged.isEmpty else {
                throw ValidationError("--tag \(tag): no feed of \(options.state.paths.config) has that tag")
            }
            names = names.map { $0.intersection(tagged) } ?? tagged
        }
        return names
    }
}
