#if canImport(Glibc)
import Glibc
#endif
import AlertStore
import FeedModel
import FeedwatchSupport
import FeedsConf
import Foundation
import Logging
import StoryMatcher
import Synchronization
import TopicMatcher

/// `backfill = 7d` in a [topic]: a topic that is new, or whose query or scope
/// changed, is matched against that much of the archive once, on a thread of
/// its own (polling goes on), its hits stored as backfilled alerts and
/// delivered. Progress is stored with each chunk's alerts, so a backfill
/// killed halfway resumes where it was; the (topic, article) key keeps an
/// article to one alert, so a redone chunk, or an article a poll already
/// alerted on, adds nothing.
package final class Backfill: Sendable {
    /// The running backfills' stop flag: a reload stops them and starts anew.
    private let running = Mutex<CancelFlag?>(nil)
    /// Archived articles per chunk (one write transaction each);
    /// FEEDWATCH_BACKFILL_CHUNK sets it, for the crash tests to kill a
    /// backfill between chunks of a small archive.
    package static let chunk: Int = {
        guard let raw = getenv("FEEDWATCH_BACKFILL_CHUNK"), let n = Int(String(cString: raw)), n > 0 else { return 2000 }
        return n
    }()

    package init() {}

    /// Starts the backfills `config` asks for, after stopping any still running.
    /// `stories`: the daemon's open stories, which a backfilled alert joins
    /// or begins like a poll's (nil: no stories, one alert per article).
    package func start(config: FeedsConfig, store: AlertStore, delivery: AlertDelivery, stories: StoryIndex?, logger: Logger) {
        let stop = CancelFlag()
        running.withLock { old in
            old?.set()
            old = stop
        }
        guard config.topics.contains(where: { $0.backfill != nil }) else { return }
        let thread = Thread {
            // Behind the polls, as nice as their parsing threads.
            WorkerPool.lowerPriority(by: WorkerPool.backgroundNice)
            Self.run(config: config, store: store, delivery: delivery, stories: stories, logger: logger, stop: stop)
        }
        thread.name = "feedwatch-backfill"
        thread.start()
    }

    /// Stops the running backfills between chunks (what they stored stays).
    package func stop() {
        running.withLock { $0?.set() }
    }

    /// Every topic's backfill that is due, one after the other.
    package static func run(config: FeedsConfig, store: AlertStore, delivery: AlertDelivery, stories: StoryIndex? = nil, logger: Logger,
                            stop: CancelFlag, now: @Sendable () -> Date = Date.init) {
        let tags = Dictionary(config.feeds.map { ($0.name, $0.tags) }, uniquingKeysWith: { a, _ in a })
        for topic in config.topics {
            guard let window = topic.backfill, !stop.isSet else { continue }
            do {
                let search = ArchiveSearch(store: store, topic: TopicIndex.Topic(name: topic.name, query: topic.compiled,
                                                                                  feeds: Set(topic.feeds), tags: Set(topic.tags)),
                                           entities: config.entities, feedTags: tags)
                let grouped = topic.stories.enabled == true ? stories : nil
                let stored = try backfill(topic, window: window, search: search, delivery: delivery, stories: grouped, stop: stop, now: now)
                if let stored { logger.info("backfill of topic \(topic.name) over the last \(Int(window / 3600))h: \(stored) alert(s)") }
            } catch {
                logger.error("backfill of topic \(topic.name): \(error); tried again at the next start or reload")
            }
        }
    }

    /// What identifies the version of a topic a backfill ran for.
    package static func version(of topic: FeedsConfig.Topic) -> String {
        "\(topic.compiled) feeds=\(topic.feeds.sorted().joined(separator: ",")) tags=\(topic.tags.sorted().joined(separator: ","))"
    }

    /// One topic's backfill, begun or resumed; nil when it was done before.
    private static func backfill(_ topic: FeedsConfig.Topic, window: TimeInterval, search: ArchiveSearch, delivery: AlertDelivery,
                                 stories: StoryIndex?, stop: CancelFlag, now: () -> Date) throws -> Int? {
        let store = search.store
        let version = version(of: topic)
        var state = try store.backfillState(topic: topic.name)
        if let s = state, s.version == version, s.finished != nil { return nil }
        if state == nil || state?.version != version {
            let t = now()
            try store.beginBackfill(topic: topic.name, version: version, since: t.addingTimeInterval(-window), until: t)
            state = try store.backfillState(topic: topic.name)
        }
        guard let state else { return nil }
        var filter = AlertStore.ArchiveFilter(since: state.since, until: state.until)
        filter.fullText = try search.fullText()
        filter.ascending = true
        filter.afterID = state.doneThrough
        filter.limit = chunk
        var stored = 0
        while !stop.isSet {
            var hits: [(article: ArchivedArticle, match: TopicMatch)] = []
            var looked = 0
            try store.forEachArchived(filter) { a in
                looked += 1
                filter.afterID = a.id
                if let m = search.match(a, print: stories != nil) { hits.append((a, m)) }
                return true
            }
            let finished = looked < chunk
            stored += try store.storeBackfill(topic: topic.name, version: version, hits: hits, doneThrough: filter.afterID, finished: finished,
                                              now: now(), stories: stories)
            CrashPoint.reached("backfill-stored")
            if !hits.isEmpty { try delivery.deliverSoon(now: now()) }
            if finished { break }
        }
        return stored
    }
}
