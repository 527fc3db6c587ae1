import AlertLog
import AlertStore
import FeedModel
import FeedsConf
import FeedwatchDaemon
import FeedwatchTestSupport
import Foundation
import Logging
import StoryMatcher
import Testing
import TopicMatcher

/// A backfill of a topic with stories places its hits in stories as a poll
/// does: copies of one event are one alert line, and a backfilled copy of a
/// live story's article joins that story.
@Suite("Backfill under stories")
struct BackfillStoryTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static let summit = "Kim Jong Un arrives at the Vostochny cosmodrome for talks with Vladimir Putin on rockets and grain"
    static let factory = "Kim Jong Un tours a tractor factory in Pyongyang and praises the workers for beating the plan"

    static func config() throws -> FeedsConfig {
        try FeedsConf.parse("""
            [feed a]
            url = https://a.example/rss
            [feed b]
            url = https://b.example/rss
            [feed c]
            url = https://c.example/rss
            [topic t]
            query = kim
            backfill = 7d
            story-updates = none
            """, file: "feeds.conf")
    }

    /// Archives `entries` of `feed` at `time`, matched by no topic (as before the topic existed).
    static func archive(_ store: AlertStore, feed: String, _ entries: [Entry], at time: Date) throws {
        var kept: [String: ArchivedArticle] = [:]
        for e in entries { kept[e.id] = ArchiveText.prepare(e, feed: feed, language: "en", level: .full).1 }
        _ = try store.commit(feed: feed, entries: entries, identity: .guid, now: time, matches: [:], archive: kept)
    }

    static func setUp(_ dir: TemporaryDirectory) throws -> (AlertStore, AlertDelivery, StoryIndex) {
        let store = try AlertStore(path: dir.file("feedwatch.sqlite"))
        try store.register(feeds: ["a", "b", "c"].map { ($0, "https://\($0).example/rss") })
        let delivery = AlertDelivery(store: store, log: try AlertLog(path: dir.file("alerts.log"), format: .text))
        return (store, delivery, StoryIndex(settings: ["t": .init(window: 36 * 3600, updates: [])]))
    }

    static func lines(_ dir: TemporaryDirectory) -> [Substring] {
        ((try? String(contentsOfFile: dir.file("alerts.log"), encoding: .utf8)) ?? "").split(separator: "\n")
    }

    @Test("backfilled copies of one event are one story and one alert line; another event about the same man is another")
    func groups() throws {
        let dir = TemporaryDirectory()
        let (store, delivery, stories) = try Self.setUp(dir)
        let now = Date()
        try Self.archive(store, feed: "a", [Entry(id: "a1", title: Self.summit, link: "https://a.example/1"),
                                            Entry(id: "a2", title: Self.factory, link: "https://a.example/2")], at: now - 7200)
        try Self.archive(store, feed: "b", [Entry(id: "b1", title: Self.summit + ".", link: "https://b.example/1")], at: now - 3600)
        Backfill.run(config: try Self.config(), store: store, delivery: delivery, stories: stories, logger: Self.logger, stop: CancelFlag())
        let lines = Self.lines(dir)
        #expect(lines.count == 2, "the summit once, the factory once: \(lines)")
        #expect(lines.allSatisfy { $0.hasSuffix("\tbackfilled") })
        let summit = try #require(try store.stories(topic: "t", since: nil, limit: 10).first { $0.title == Self.summit })
        #expect(summit.sources == 2 && summit.articles.isEmpty)
        #expect(try store.story(summit.id)?.articles.map(\.feed) == ["a", "b"])
        #expect(lines.contains { $0.contains(summit.id) && $0.contains("Vostochny") })
        #expect(stories.size.stories == 2, "both stories are open in memory for the polls that follow")
    }

    @Test("a backfilled copy joins the story a live article began, and the story's first seen goes back to it")
    func joinsLive() throws {
        let dir = TemporaryDirectory()
        let (store, delivery, stories) = try Self.setUp(dir)
        let now = Date()
        try Self.archive(store, feed: "b", [Entry(id: "b1", title: Self.summit + ".", link: "https://b.example/1")], at: now - 3600)
        // The live article, as a poll would commit it once the topic exists.
        let config = try Self.config()
        let live = Entry(id: "a1", title: Self.summit, link: "https://a.example/1")
        let search = ArchiveSearch(store: store, topic: TopicIndex.Topic(name: "t", query: config.topics[0].compiled), entities: config.entities,
                                   feedTags: [:])
        let kept = try #require(ArchiveText.prepare(live, feed: "a", language: "en", level: .full).1)
        let m = try #require(search.match(kept, print: true))
        let first = try store.commit(feed: "a", entries: [live], identity: .guid, now: now, matches: ["a1": [m]], stories: stories)
        let story = try #require(first.alerts.first?.story)
        Backfill.run(config: config, store: store, delivery: delivery, stories: stories, logger: Self.logger, stop: CancelFlag())
        #expect(try store.alerts(AlertQuery()).count == 1, "the backfilled copy is recorded under the live story, no line")
        let s = try #require(try store.story(story))
        #expect(s.sources == 2 && s.articles.map(\.feed) == ["b", "a"])
        #expect(abs(s.firstSeen.timeIntervalSince(now - 3600)) < 2)
    }
}
