import AlertStore
import ArgumentParser
import FeedModel
import FeedsConf
import FeedwatchDaemon
import Foundation
import TopicMatcher

/// What `search` and `backtest` share: the store, feeds.conf (its entities,
/// its feeds' tags and its topics), and a search over the archive built from them.
struct ArchiveOptions: ParsableArguments {
    @OptionGroup var state: StateOptions

    /// feeds.conf when there is one (for its [entity] sections, tags and
    /// topics), else nothing: the built-in entities, no tags.
    func configuration() throws -> FeedsConfig? {
        let path = state.paths.config
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try FeedsConf.load(path, feedsRequired: false)
    }

    func store(_ command: String) throws -> AlertStore {
        try AlertStore(path: try state.existingDatabase(command))
    }

    /// A search for `query` (the topic "query", every feed).
    static func search(query: String, store: AlertStore, config: FeedsConfig?) throws -> ArchiveSearch {
        let entities = config?.entities ?? .builtIn
        let node = try QueryParser.parse(query, entities: entities)
        return ArchiveSearch(store: store, topic: TopicIndex.Topic(name: "query", query: node), entities: entities,
                             feedTags: feedTags(config))
    }

    static func feedTags(_ config: FeedsConfig?) -> [String: [String]] {
        Dictionary((config?.feeds ?? []).map { ($0.name, $0.tags) }, uniquingKeysWith: { a, _ in a })
    }

    /// A hit as an alert (its id the article's), for the alert log's forms.
    static func alert(_ h: ArchiveSearch.Hit) -> Alert {
        Alert(id: "article-\(h.article.id)", time: h.article.firstSeen, topic: h.match.topic, feed: h.article.feed,
              title: h.article.title, link: h.article.link, matched: h.match.matched)
    }

    /// Prints the error as `feedwatch COMMAND: ...` and exits 1.
    static func fail(_ command: String, _ error: any Error) -> ExitCode {
        FileHandle.standardError.write(Data("feedwatch \(command): \(error)\n".utf8))
        return ExitCode.failure
    }
}
