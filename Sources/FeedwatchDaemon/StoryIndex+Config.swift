import AlertStore
import FeedModel
import FeedsConf
import Foundation
import Logging
import StoryMatcher
import TopicMatcher

extension StoryIndex {
    /// The open stories of `config`'s topics, as the store has them: a
    /// restart (or a reload) finds the stories it left open.
    static func open(_ config: FeedsConfig, store: any PollStore, logger: Logger, now: Date = Date()) -> StoryIndex {
        let index = StoryIndex(settings: settings(config))
        index.reconfigure(config, store: store, logger: logger, now: now)
        return index
    }

    /// `config`'s settings, and its open stories read again from the store
    /// between two commits (a reload: see `reconfigure(settings:read:)`).
    func reconfigure(_ config: FeedsConfig, store: any PollStore, logger: Logger, now: Date = Date()) {
        let settings = Self.settings(config)
        let widest = settings.values.map(\.window).max() ?? 0
        reconfigure(settings: settings) {
            guard config.topics.contains(where: { $0.stories.enabled == true }), widest > 0 else { return [] }
            do {
                return try store.openStoryArticles(since: now.addingTimeInterval(-widest))
            } catch {
                logger.error("\(error); stories open before this start are not continued (their next articles begin new stories)")
                return []
            }
        }
    }

    /// Only of the topics with stories (the only ones asked): a dictionary of
    /// all 10,000 topics of a large feeds.conf was half a MiB kept for nothing.
    private static func settings(_ config: FeedsConfig) -> [String: Settings] {
        var settings: [String: Settings] = [:]
        for t in config.topics where t.stories.enabled == true {
            let o = t.stories.over(.standard)
            settings[t.name] = Settings(window: o.window ?? 36 * 3600, updates: o.updates ?? [])
        }
        return settings
    }

    /// The print of an article that matched: its tokens as the matcher folded
    /// them, its entities as `index` tags them, its link as the store keys it.
    static func print(_ article: ArticleText, index: TopicIndex, link: String?) -> StoryPrint {
        StoryPrinter.print(index.tagged(article), link: link.flatMap(URLNormalizer.key))
    }
}
