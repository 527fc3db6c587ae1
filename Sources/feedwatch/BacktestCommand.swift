import AlertStore
import ArgumentParser
import FeedModel
import FeedsConf
import FeedwatchDaemon
import FeedwatchSupport
import Foundation
import TopicMatcher

/// `feedwatch backtest TOPIC`: what a topic (as feeds.conf has it now, or a
/// query) would have alerted on in the archive, day by day, and how that
/// differs from the alerts the topic really produced: an edit checked before
/// it is reloaded.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Match a topic (or --query) against the archive: hits per day, the hits, and the change from its real alerts.",
        discussion: """
            Decided by the daemon's matcher with the topic's scope (feeds =, tags =), so the hits are what a poll
            would have alerted on. "+N new" are hits it has no alert for; "-N no longer" are archived articles it
            alerted on that it would not match now.
            """
    )

    @Argument(help: "A [topic NAME] of feeds.conf.")
    var topic: String?

    @Option(help: "A query instead of a topic (compared with the alerts of the topic named, if any).")
    var query: String?

    @OptionGroup var options: ArchiveOptions

    @Option(help: "How far back: 90s, 15m, 24h, 30d, or a time like 2026-11-01T00:00:00Z.")
    var since = "30d"

    @Flag(help: "One JSON object: days, hits, new and no-longer article ids.")
    var json = false

    func validate() throws {
        guard topic != nil || query != nil else { throw ValidationError("name a topic, or give --query") }
    }

    func run() throws {
        let now = Date()
        guard let from = AlertsCommand.parseSince(since, now: now) else {
            throw ValidationError("--since \(since): expected a duration like 30d, or a time like 2026-11-01T00:00:00Z")
        }
        do {
            let config = try options.configuration()
            let store = try options.store("backtest")
            let search = try makeSearch(store: store, config: config)
            let hits = try search.hits(AlertStore.ArchiveFilter(since: from))
            let alerted = try topic.map { try store.alertedArticles(topic: $0, since: from) } ?? []
            let found = Set(hits.map(\.article.id))
            let added = hits.filter { !alerted.contains($0.article.id) }
            let gone = try store.archivedArticles(ids: alerted.subtracting(found).sorted())
            let report = BacktestReport(name: topic ?? "query", since: from, now: now, hits: hits, added: added, gone: gone,
                                        compared: topic != nil)
            print(json ? report.json() : report.text(renderer: AlertRenderer.forStandardOutput()))
        } catch let e as ExitCode {
            throw e
        } catch let e as ValidationError {
            throw e
        } catch {
            throw ArchiveOptions.fail("backtest", error)
        }
    }

    private func makeSearch(store: AlertStore, config: FeedsConfig?) throws -> ArchiveSearch {
        if let query { return try ArchiveOptions.search(query: query, store: store, config: config) }
        guard let topic, let t = config?.topics.first(where: { $0.name == topic }) else {
            let known = (config?.topics ?? []).map(\.name).joined(separator: ", ")
            throw ValidationError("no [topic \(topic ?? "")] in \(options.state.paths.config) (topics: \(known.isEmpty ? "none" : known))")
        }
        return ArchiveSearch(store: store, topic: TopicIndex.Topic(name: t.name, query: t.compiled, feeds: Set(t.feeds), tags: Set(t.tags)),
                             entities: config?.entities ?? .builtIn, feedTags: ArchiveOptions.feedTags(config))
    }
}
