import FeedModel
import Foundation
import GRDB
import Testing
@testable import AlertStore
import FeedwatchTestSupport

@Suite("Time windows over the archive as ranges of ids (no index on first_seen)")
struct ArchiveSpanTests {
    static let day = 86_400.0

    /// Polls over ten days, one with the clock set back by two days, then
    /// every window read through the store against a filter of all articles.
    @Test("every since/until window gives exactly the articles first seen in it, also after the clock went back, and after pruning")
    func windows() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir)
        var times = (0..<40).map { AlertStoreTests.t0 + Double($0) * Self.day / 4 }
        times.insert(AlertStoreTests.t0 + 3 * Self.day + 100, at: 30)
        for (p, t) in times.enumerated() {
            let entries = (0..<3).map { Entry(id: "p\(p)-\($0)", title: "Poll \(p) item \($0)", link: "https://news.example/\(p)/\($0)") }
            _ = try ArchiveStoreTests.commit(store, entries, at: t)
        }
        try Self.check(store)
        // Entries no feed lists any more are pruned with their articles; the windows stay exact.
        _ = try store.commit(feed: "a", entries: [], identity: .guid, now: AlertStoreTests.t0 + 20 * Self.day, matches: [:])
        #expect(try store.prune(now: AlertStoreTests.t0 + 20 * Self.day, retention: 15 * Self.day) > 0)
        #expect(try store.archivedCount() > 0 && store.archivedCount() < 123)
        try Self.check(store)
    }

    static func check(_ store: AlertStore) throws {
        var all: [ArchivedArticle] = []
        try store.forEachArchived(AlertStore.ArchiveFilter()) { all.append($0); return true }
        var rng = SystemRandomNumberGenerator()
        let edges = (-2...44).map { AlertStoreTests.t0 + Double($0) * Self.day / 4 + 50 } + [AlertStoreTests.t0, AlertStoreTests.t0 + 3 * Self.day + 100]
        for _ in 0..<200 {
            let since = Bool.random(using: &rng) ? edges.randomElement(using: &rng) : nil
            let until = Bool.random(using: &rng) ? edges.randomElement(using: &rng) : nil
            var got: [Int64] = []
            try store.forEachArchived(AlertStore.ArchiveFilter(since: since, until: until)) { got.append($0.id); return true }
            let want = all.filter { a in (since.map { a.firstSeen >= $0 } ?? true) && (until.map { a.firstSeen < $0 } ?? true) }.map(\.id)
            #expect(got == want, "since \(String(describing: since)), until \(String(describing: until))")
        }
    }

    @Test("upgrading a v6 store keeps every archived article and alert, and gives each day its range of ids")
    func upgradeFromV6() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("feedwatch.sqlite")
        let tables = ["meta", "feed", "article", "entry", "alert", "article_text", "backfill", "story", "story_article"]
        var before: [String: [Row]] = [:]
        do {
            let old = try DatabasePool(path: path)
            try StoreSchema.migrator.migrate(old, upTo: "v6")
            try old.write { db in
                try db.execute(sql: """
                    INSERT INTO feed (name, config_url, url) VALUES ('a', 'https://a.example/rss', 'https://a.example/rss');
                    INSERT INTO article (url_hash, first_seen) VALUES (11, 1790000000), (12, 1790000100), (13, 1790090000);
                    INSERT INTO entry VALUES (1, 'g1', 1, 5, 1790000000, 1790000000), (1, 'g2', 2, NULL, 1790000100, 1790000200),
                        (1, 'g3', 3, 7, 1790090000, 1790090000);
                    INSERT INTO article_text (article_id, feed, level, title, link, summary, content, first_seen)
                        VALUES (1, 'a', 'full', 'Kim', 'https://a.example/1', 'text', NULL, 1790000000),
                               (2, 'a', 'titles', 'Kim again', NULL, NULL, NULL, 1790000100),
                               (3, 'a', 'full', 'Next day', 'https://a.example/3', 's', 'c', 1790090000);
                    INSERT INTO alert (topic, article_id, feed_id, feed, title, link, matched, created)
                        VALUES ('kim', 1, 1, 'a', 'Kim', 'https://a.example/1', '[]', '2026-09-21T14:13:20Z');
                    INSERT INTO backfill (topic, version, since, until, done_through) VALUES ('kim', 'v', 0, 1, 2);
                    INSERT INTO story (topic, first_seen, last_seen) VALUES ('kim', '2026-09-21T14:13:20Z', '2026-09-21T14:13:20Z');
                    INSERT INTO story_article VALUES (1, 1, 1, 'a', 'Kim', NULL, 'en', 1790000000, x'00', '[]', NULL, 3);
                    """)
                before = try UpgradeRows.snapshot(db, tables)
            }
        }
        let store = try AlertStore(path: path)
        #expect(try store.schemaVersion() == 7)
        let db = try DatabaseQueue(path: path)
        try db.read { db in
            try UpgradeRows.expectKept(db, tables, before)
            let spans = try Row.fetchAll(db, sql: "SELECT day, first_id, last_id FROM archive_span ORDER BY day")
            #expect(spans.map { [$0[0], $0[1], $0[2]] as [Int64] } == [[1_790_000_000 / 86_400, 1, 2], [1_790_090_000 / 86_400, 3, 3]])
            #expect(try !db.indexes(on: "article_text").contains { $0.name == "article_text_seen" })
        }
        var since: [Int64] = []
        try store.forEachArchived(AlertStore.ArchiveFilter(since: Date(timeIntervalSince1970: 1_790_000_050))) { since.append($0.id); return true }
        #expect(since == [3, 2])
    }
}
