import FeedModel
import Foundation
import GRDB
import StoryMatcher
import Testing
@testable import AlertStore
import FeedwatchTestSupport

/// Stories in the store: the first article of a story alerts with its story
/// id, later ones are recorded under it, a story line when it grows past a
/// `story-updates` figure; open stories come back after a restart.
@Suite("The store's stories")
struct StoryStoreTests {
    static let t0 = AlertStoreTests.t0

    /// A print whose signature stands for its text: the same `text`, the same
    /// shingles (similarity 1); another, nothing shared.
    static func print(_ text: Int, lang: String = "en", link: String? = nil) -> StoryPrint {
        StoryPrint(link: link, signature: (0..<StoryPrint.signatureLength).map { UInt32(text * 1000 + $0) }, concepts: [], names: [],
                   language: lang, words: 20)
    }

    /// One entry per feed, all of story text `text`, each on its own link.
    func commit(_ store: AlertStore, _ stories: StoryIndex?, feed: String, id: String, text: Int, at t: Date, lang: String = "en",
                link: String? = nil) throws -> IngestResult {
        let e = AlertStoreTests.entry(id, "Kim story \(text) via \(feed)", link: link)
        let m = TopicMatch(topic: "kim", matched: [MatchedTerm(term: "kim", field: "title", offset: 0)],
                           story: stories == nil ? nil : Self.print(text, lang: lang, link: link.flatMap(URLNormalizer.key)))
        return try store.commit(feed: feed, entries: [e], identity: .guid, now: t, matches: [id: [m]], stories: stories)
    }

    @Test("the first article alerts with its story id; copies are quiet until 3 sources make one story line, then quiet again")
    func growth() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir, feeds: ["a", "b", "c", "d"])
        let stories = StoryIndex(settings: ["kim": .init(window: 36 * 3600, updates: [3, 10])])
        let first = try commit(store, stories, feed: "a", id: "1", text: 1, at: Self.t0)
        #expect(first.alerts.count == 1 && first.alerts[0].story == "s-1" && first.alerts[0].growth == nil)
        #expect(try commit(store, stories, feed: "b", id: "2", text: 1, at: Self.t0 + 60, lang: "de").alerts.isEmpty)
        let third = try commit(store, stories, feed: "c", id: "3", text: 1, at: Self.t0 + 120, lang: "fr")
        #expect(third.alerts.count == 1)
        #expect(third.alerts.first?.growth == StoryGrowth(sources: 3, languages: 3, firstTitle: "Kim story 1 via a"))
        #expect(third.alerts.first?.story == "s-1" && third.alerts.first?.title == "Kim story 1 via c")
        #expect(try commit(store, stories, feed: "d", id: "4", text: 1, at: Self.t0 + 180).alerts.isEmpty)
        let other = try commit(store, stories, feed: "a", id: "5", text: 2, at: Self.t0 + 240)
        #expect(other.alerts.map(\.story) == ["s-2"], "another text is another story")
        let s = try #require(try store.story("s-1"))
        #expect(s.sources == 4 && s.languages == 3 && s.articles.map(\.feed) == ["a", "b", "c", "d"])
        #expect(try store.stories(topic: "kim", since: nil, limit: 10).map(\.id) == ["s-2", "s-1"])
        #expect(try store.undelivered().count == 3, "two alerts and one story line reach the log")
    }

    @Test("the same link through another feed joins its story, even after the window")
    func sameLink() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir)
        let stories = StoryIndex(settings: ["kim": .init(window: 3600, updates: [2])])
        _ = try commit(store, stories, feed: "a", id: "1", text: 1, at: Self.t0, link: "https://news.example/x?utm_source=a")
        let later = try commit(store, stories, feed: "b", id: "2", text: 9, at: Self.t0 + 7200, link: "https://news.example/x?utm_source=b")
        #expect(later.alerts.isEmpty, "the article has its alert row already: the 2-sources line waits for the next article")
        #expect(try store.story("s-1")?.sources == 2)
    }

    @Test("after the window a copy begins a new story")
    func windowBoundary() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir)
        let stories = StoryIndex(settings: ["kim": .init(window: 3600, updates: [])])
        _ = try commit(store, stories, feed: "a", id: "1", text: 1, at: Self.t0)
        #expect(try commit(store, stories, feed: "b", id: "2", text: 1, at: Self.t0 + 3599).alerts.isEmpty)
        #expect(try commit(store, stories, feed: "a", id: "3", text: 1, at: Self.t0 + 3599 + 3601).alerts.map(\.story) == ["s-2"])
    }

    @Test("open stories come back from the store after a restart")
    func restart() throws {
        let dir = TemporaryDirectory()
        do {
            let store = try AlertStoreTests.open(dir)
            _ = try commit(store, StoryIndex(), feed: "a", id: "1", text: 1, at: Self.t0)
        }
        let store = try AlertStore(path: dir.file("feedwatch.sqlite"))
        let reopened = StoryIndex()
        reopened.restore(try store.openStoryArticles(since: Self.t0 - 36 * 3600))
        #expect(reopened.size.stories == 1)
        #expect(try commit(store, reopened, feed: "b", id: "2", text: 1, at: Self.t0 + 600).alerts.isEmpty)
        #expect(try store.story("s-1")?.sources == 2)
    }

    @Test("a print's names, kinds of event and other ids come back from the store as they went in; a row stored before events were kept reads with none")
    func printRoundTrip() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir)
        var print = Self.print(1)
        (print.concepts, print.names, print.events) = (["arrival", "kim-jong-un", "kremlin", "meeting", "russia"], ["kim-jong-un"], ["arrival", "meeting"])
        let m = TopicMatch(topic: "kim", matched: [MatchedTerm(term: "kim", field: "title", offset: 0)], story: print)
        _ = try store.commit(feed: "a", entries: [AlertStoreTests.entry("1", "Kim arrives")], identity: .guid, now: Self.t0, matches: ["1": [m]],
                             stories: StoryIndex())
        #expect(try store.openStoryArticles(since: Self.t0 - 60).map(\.print) == [print])
        try DatabaseQueue(path: dir.file("feedwatch.sqlite")).write { db in
            try db.execute(sql: "UPDATE story_article SET concepts = 'kim-jong-un|arrival kremlin meeting russia'")
        }
        let old = try #require(try store.openStoryArticles(since: Self.t0 - 60).first?.print)
        #expect(old.concepts == print.concepts && old.names == print.names && old.events.isEmpty)
        // Empty parts (nobody named, no kind of event) and an empty list.
        let bare = AlertStore.concepts("|russia north-korea|")
        #expect(bare.all == ["north-korea", "russia"] && bare.names.isEmpty && bare.events.isEmpty)
        #expect(AlertStore.concepts("").all.isEmpty && AlertStore.concepts("||meeting").events == ["meeting"])
    }

    @Test("a rolled-back commit leaves no story behind, in the store or in memory")
    func rollback() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir)
        let stories = StoryIndex()
        let entries = (0..<1024).map { AlertStoreTests.entry("e\($0)", "Kim \($0)") }
        let m = TopicMatch(topic: "kim", matched: [], story: Self.print(1))
        var asked = 0
        #expect(throws: StoreError.self) {
            try store.commit(feed: "a", entries: entries, identity: .guid, now: Self.t0,
                             matches: Dictionary(uniqueKeysWithValues: entries.map { ($0.id, [m]) }), stories: stories) {
                asked += 1
                return asked > 0
            }
        }
        #expect(stories.story(of: Self.print(1), topic: "kim", at: Self.t0) == nil)
        #expect(try store.stories(topic: nil, since: nil, limit: 10).isEmpty)
    }

    @Test("retention prunes a story's articles with their entries; articles still listed stay, and the story keeps its alert")
    func retention() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir, feeds: ["a", "b"])
        let day: TimeInterval = 86400
        let stories = StoryIndex()
        _ = try commit(store, stories, feed: "a", id: "1", text: 1, at: Self.t0)
        _ = try commit(store, stories, feed: "b", id: "2", text: 1, at: Self.t0 + 60)
        let e1 = AlertStoreTests.entry("1", "Kim story 1 via a")
        // Feed a lists its article again later; b's is gone from b.
        _ = try store.commit(feed: "a", entries: [e1], identity: .guid, now: Self.t0 + 100 * day, matches: [:], stories: stories)
        _ = try store.commit(feed: "b", entries: [], identity: .guid, now: Self.t0 + 100 * day, matches: [:], stories: stories)
        try store.prune(now: Self.t0 + 100 * day, retention: 90 * day)
        let s = try #require(try store.story("s-1"))
        #expect(s.articles.map(\.feed) == ["a"], "b's article is past retention and out of its feed: forgotten")
        #expect(s.sources == 2, "the story keeps what it came to")
        #expect(try store.alerts(AlertQuery()).map(\.story) == ["s-1"])
        _ = try store.commit(feed: "a", entries: [], identity: .guid, now: Self.t0 + 200 * day, matches: [:], stories: stories)
        try store.prune(now: Self.t0 + 200 * day, retention: 90 * day)
        #expect(try store.story("s-1")?.articles.isEmpty == true)
        #expect(try store.openStoryArticles(since: .distantPast).isEmpty)
        let db = try DatabaseQueue(path: dir.file("feedwatch.sqlite"))
        #expect(try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM article") } == 1, "only the alerted article is kept")
    }

    @Test("a backfilled copy joins a story older than the open window: the store's articles around the chunk are consulted")
    func backfillConsultsTheStore() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir, feeds: ["a", "b"])
        let old = Self.t0 - 5 * 86400
        for (feed, id) in [("a", "1"), ("b", "2")] {
            let e = AlertStoreTests.entry(id, "Kim story 1 via \(feed)")
            _ = try store.commit(feed: feed, entries: [e], identity: .guid, now: old + (feed == "a" ? 0 : 600), matches: [:],
                                 archive: [id: ArchiveStoreTests.kept(e)])
        }
        let articles = try store.archivedArticles(ids: [1, 2])
        try #require(articles.count == 2)
        let stories = StoryIndex(settings: ["kim": .init(window: 36 * 3600, updates: [])])
        let m = TopicMatch(topic: "kim", matched: [], story: Self.print(1))
        try store.beginBackfill(topic: "kim", version: "v", since: old - 86400, until: Self.t0)
        #expect(try store.storeBackfill(topic: "kim", version: "v", hits: [(articles[0], m)], doneThrough: 1, finished: false, now: Self.t0,
                                        stories: stories) == 1)
        // A poll of now in between: the open stories forget what is older than their window.
        #expect(stories.story(of: Self.print(9), topic: "kim", at: Self.t0) == nil)
        #expect(stories.size.stories == 0)
        #expect(try store.storeBackfill(topic: "kim", version: "v", hits: [(articles[1], m)], doneThrough: 2, finished: true, now: Self.t0,
                                        stories: stories) == 0, "the copy joins s-1 and writes no line")
        let s = try #require(try store.story("s-1"))
        #expect(s.sources == 2 && s.articles.map(\.feed) == ["a", "b"])
        #expect(try store.alerts(AlertQuery()).map { $0.backfilled && $0.story == "s-1" } == [true])
    }

    @Test("without stories (stories = no) every article alerts, with no story id")
    func storiesOff() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir)
        let a = try commit(store, nil, feed: "a", id: "1", text: 1, at: Self.t0)
        let b = try commit(store, nil, feed: "b", id: "2", text: 1, at: Self.t0 + 60)
        #expect(a.alerts.count == 1 && b.alerts.count == 1 && a.alerts[0].story == nil)
    }

    @Test("upgrading a v3 file keeps every existing row, and its alerts have no story")
    func upgradeFromV3() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("feedwatch.sqlite")
        do {
            let old = try DatabasePool(path: path)
            try StoreSchema.migrator.migrate(old, upTo: "v3")
            try old.write { db in
                try db.execute(sql: "INSERT INTO feed (name, config_url, url, etag) VALUES ('a', 'https://a.example/rss', 'https://a.example/rss', 'e1')")
                try db.execute(sql: "INSERT INTO article (url_hash, first_seen) VALUES (42, 100)")
                try db.execute(sql: "INSERT INTO entry (feed_id, identity, article_id, title_hash, first_seen, last_seen) VALUES (1, 'g1', 1, 7, 100, 200)")
                try db.execute(sql: """
                    INSERT INTO alert (topic, article_id, feed_id, feed, title, link, matched, created, delivered, held)
                    VALUES ('kim', 1, 1, 'a', 'Kim', 'https://a.example/1', '[]', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', 1)
                    """)
            }
            #expect(try old.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 3)
        }
        let store = try AlertStore(path: path)
        #expect(try store.schemaVersion() == StoreSchema.version)
        let db = try DatabaseQueue(path: path)
        try db.read { db in
            #expect(try String.fetchOne(db, sql: "SELECT etag FROM feed WHERE name = 'a'") == "e1")
            #expect(try Int.fetchOne(db, sql: "SELECT url_hash FROM article") == 42)
            #expect(try Int.fetchOne(db, sql: "SELECT last_seen FROM entry WHERE identity = 'g1'") == 200)
            let alert = try #require(try Row.fetchOne(db, sql: "SELECT * FROM alert"))
            #expect(alert["title"] as String == "Kim" && alert["delivered"] as String == "2026-01-01T00:00:01Z" && alert["held"] as Bool)
            #expect((alert["story_id"] as Int64?) == nil && (alert["story_sources"] as Int?) == nil)
        }
        #expect(try store.alerts(AlertQuery(held: true)).map(\.story) == [nil])
    }
}
