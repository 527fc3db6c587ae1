import FeedModel
import Foundation
import GRDB
import StoryMatcher
import Testing
@testable import AlertStore
import FeedwatchTestSupport

/// A story's sources and languages are kept in its row and added to as
/// articles join (`StorySources` tells what is new to it): they stay the
/// story's distinct feeds and languages when another store on the file adds
/// to the story, and when a commit that added to it is rolled back.
@Suite("A story's sources and languages as articles join it")
struct StorySourcesTests {
    static let t0 = AlertStoreTests.t0
    static let link = "https://news.example/summit"

    /// An article of the same link (so that it joins the link's story through
    /// the store, whatever the open stories know) from `feed`.
    func commit(_ store: AlertStore, _ stories: StoryIndex, feed: String, id: String, lang: String, at t: Date) throws {
        let e = AlertStoreTests.entry(id, "Kim story via \(feed)", link: Self.link)
        let m = TopicMatch(topic: "kim", matched: [MatchedTerm(term: "kim", field: "title", offset: 0)],
                           story: StoryStoreTests.print(1, lang: lang, link: URLNormalizer.key(Self.link)))
        _ = try store.commit(feed: feed, entries: [e], identity: .guid, now: t, matches: [id: [m]], stories: stories)
    }

    /// The story's row counts next to its distinct feeds and languages counted from its articles.
    func counts(_ path: String) throws -> [Int] {
        try DatabaseQueue(path: path).read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT sources, languages, (SELECT count(DISTINCT feed_id) FROM story_article WHERE story_id = 1),
                       (SELECT count(DISTINCT language) FROM story_article WHERE story_id = 1) FROM story WHERE id = 1
                """)
            return [row?[0] ?? -1, row?[1] ?? -1, row?[2] ?? -1, row?[3] ?? -1]
        }
    }

    @Test("another store on the same file adding to a story: the next article is counted against what the file holds")
    func anotherWriter() throws {
        let dir = TemporaryDirectory()
        let one = try AlertStoreTests.open(dir, feeds: ["a", "b", "c", "d", "e"])
        let other = try AlertStore(path: dir.file("feedwatch.sqlite"))
        let stories = StoryIndex(), otherStories = StoryIndex()
        try commit(one, stories, feed: "a", id: "1", lang: "en", at: Self.t0)
        try commit(one, stories, feed: "b", id: "2", lang: "de", at: Self.t0 + 60)
        try commit(other, otherStories, feed: "c", id: "3", lang: "fr", at: Self.t0 + 120)
        try commit(one, stories, feed: "d", id: "4", lang: "es", at: Self.t0 + 180)
        try commit(one, stories, feed: "a", id: "5", lang: "en", at: Self.t0 + 240)
        #expect(try counts(dir.file("feedwatch.sqlite")) == [4, 4, 4, 4])
    }

    @Test("a commit rolled back after adding to a story: the feed it brought is new again to the next commit")
    func rolledBack() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir)
        let stories = StoryIndex()
        let path = dir.file("feedwatch.sqlite")
        try commit(store, stories, feed: "a", id: "1", lang: "en", at: Self.t0)
        // Fails the commit once the story has been counted with feed b (after its article was stored).
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TRIGGER fail AFTER UPDATE ON story WHEN NEW.sources = 2 BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        #expect(throws: StoreError.self) { try commit(store, stories, feed: "b", id: "2", lang: "de", at: Self.t0 + 60) }
        #expect(try counts(path) == [1, 1, 1, 1])
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "DROP TRIGGER fail") }
        try commit(store, stories, feed: "b", id: "3", lang: "de", at: Self.t0 + 120)
        #expect(try counts(path) == [2, 2, 2, 2])
    }
}
