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
        let (settings, fallback) = settings(config)
        let index = StoryIndex(settings: settings, fallback: fallback)
        index.reconfigure(config, store: store, logger: logger, now: now)
        return index
    }

    /// `config`'s settings, and its open stories read again from the store
    /// between two commits (a reload: see `reconfigure(settings:read:)`).
    func reconfigure(_ config: FeedsConfig, store: any PollStore, logger: Logger, now: Date = Date()) {
        let (settings, fallback) = Self.settings(config)
        let widest = max(fallback.window, settings.values.map(\.window).max() ?? 0)
        reconfigure(settings: settings, fallback: fallback) {
            guard config.topics.contains(where: { $0.stories.enabled == true }), widest > 0 else { return [] }
            do {
                return try store.openStoryArticles(since: now.addingTimeInterval(-widest))
            } catch {
                logger.error("\(error); stories open before this start are not continued (their next articles begin new stories)")
                return []
            }
        }
    }

    /// Only of the topics with stories (the only ones asked), and of those
    /// only the ones whose settings are not the most common (the fallback,
    /// most often the defaults'): a dictionary of all 10,000 topics of a large
    /// feeds.conf was half a MiB, and 10,000 arrays, kept for nothing.
    private static func settings(_ config: FeedsConfig) -> (settings: [String: Settings], fallback: Settings) {
        var all: [(topic: String, settings: Settings)] = [], counts: [Settings: Int] = [:]
        for t in config.topics where t.stories.enabled == true {
            let o = t.stories.over(.standard)
            let s = Settings(window: o.window ?? 36 * 3600, updates: o.updates ?? [])
            all.append((t.name, s))
            counts[s, default: 0] += 1
        }
        // Any of the most common does: each topic's settings come out the same.
        guard let fallback = counts.max(by: { $0.value < $1.value })?.key else { return ([:], Settings()) }
        return (Dictionary(all.filter { $0.settings != fallback }, uniquingKeysWith: { $1 }), fallback)
    }

    /// The print of an article that matched: its tokens as the matcher folded
    /// them, its entities as `index` tags them, its link as the store keys it.
    static func print(_ article: ArticleText, index: TopicIndex, link: String?) -> StoryPrint {
        StoryPrinter.print(index.tagged(article), link: link.flatMap(URLNormalizer.key))
    }
}
