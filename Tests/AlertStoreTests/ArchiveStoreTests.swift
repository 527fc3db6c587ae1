import FeedModel
import Foundation
import GRDB
import Testing
@testable import AlertStore
import FeedwatchTestSupport

@Suite("The archive in the store: written with the entries, pruned with them, upgraded from v3")
struct ArchiveStoreTests {
    static let t0 = AlertStoreTests.t0

    /// What the pipeline would keep of an entry.
    static func kept(_ e: Entry, level: ArchiveLevel = .full) -> ArchivedArticle {
        ArchivedArticle(title: e.title, link: e.link, summary: e.summary, content: e.content, published: e.published,
                        updated: e.updated, language: e.language, authors: e.authors, categories: e.categories, level: level)
    }

    /// The matcher's folding, by hand: lower case, words joined by spaces.
    static func fold(_ a: ArchivedArticle) -> ArchivedArticle.Folded {
        func f(_ s: String?) -> String { (s ?? "").lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ") }
        return ArchivedArticle.Folded(title: f(a.title), summary: a.level == .full ? f(a.summary) : "", content: a.level == .full ? f(a.content) : "")
    }

    static func commit(_ store: AlertStore, feed: String = "a", _ entries: [Entry], at t: Date, level: ArchiveLevel? = .full) throws -> IngestResult {
        var archive: [String: ArchivedArticle] = [:]
        if let level { for e in entries { archive[e.id] = kept(e, level: level) } }
        var matches: [String: [TopicMatch]] = [:]
        for (e, m) in zip(entries, AlertStoreTests.kim(entries)) { matches[e.id] = m }
        return try store.commit(feed: feed, entries: entries, identity: .guid, now: t, matches: matches, archive: archive)
    }

    /// The articles the pre-filter `fts` leaves, after the index has caught up.
    static func indexed(_ store: AlertStore, _ fts: String) throws -> [Int64] {
        while try store.indexArchive(limit: 1, fold: fold) > 0 {}
        var ids: [Int64] = []
        try store.forEachArchived(AlertStore.ArchiveFilter(fullText: fts)) { a in
            ids.append(a.id)
            return true
        }
        return ids
    }

    static let story = Entry(id: "s1", title: "Kim arrives in Vladivostok", link: "https://news.example/s1",
                             summary: "The leader came by train.", content: "Long text about the visit.",
                             published: Date(timeIntervalSince1970: 1_789_999_000.5), updated: nil,
                             authors: ["Anna Nowak", "Jan \"J\" Kowalski"], categories: ["world", "asia"], language: "en")

    @Test("every field of a new entry's article is kept as given, with its feed and first-seen time, and indexed")
    func roundTrip() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir)
        let r = try Self.commit(store, [Self.story], at: Self.t0)
        #expect(r.new == 1 && r.alerts.count == 1)
        var got: [ArchivedArticle] = []
        try store.forEachArchived(AlertStore.ArchiveFilter()) { a in
            got.append(a)
            return true
        }
        var want = Self.kept(Self.story)
        want.id = try #require(got.first).id
        want.feed = "a"
        want.firstSeen = Self.t0
        #expect(got == [want])
        #expect(try Self.indexed(store, "\"vladivostok\"") == [want.id])
        #expect(try Self.indexed(store, "content : \"visit\"") == [want.id])
        #expect(try Self.indexed(store, "title : \"visit\"").isEmpty)
    }

    @Test("articles the index does not hold yet are read whatever the pre-filter, and indexed later in batches")
    func unindexedTail() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir)
        _ = try Self.commit(store, [Self.story, AlertStoreTests.entry("2", "Weather"), AlertStoreTests.entry("3", "Rain")], at: Self.t0)
        #expect(try store.unindexedCount() == 3)
        var seen: [Int64] = []
        try store.forEachArchived(AlertStore.ArchiveFilter(fullText: "\"nothing\"")) { a in
            seen.append(a.id)
            return true
        }
        #expect(seen == [3, 2, 1], "not yet indexed: every one is read, newest first")
        #expect(try store.indexArchive(limit: 2, fold: Self.fold) == 2)
        #expect(try store.unindexedCount() == 1)
        seen = []
        try store.forEachArchived(AlertStore.ArchiveFilter(fullText: "\"weather\"")) { a in
            seen.append(a.id)
            return true
        }
        #expect(seen == [3, 2], "the indexed one that has the word, and the one not indexed yet")
        #expect(try Self.indexed(store, "\"weather\"") == [2])
        #expect(try store.indexArchive(limit: 10, fold: Self.fold) == 0)
    }

    @Test("archive = titles keeps no summary or content, and indexes the title alone")
    func titlesOnly() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir)
        _ = try Self.commit(store, [Self.story], at: Self.t0, level: .titles)
        let a = try #require(try store.archivedArticles(ids: [1]).first)
        #expect(a.title == Self.story.title && a.summary == nil && a.content == nil && a.level == .titles)
        #expect(try Self.indexed(store, "\"train\"").isEmpty)
        #expect(try Self.indexed(store, "\"kim\"").count == 1)
    }

    @Test("archive = off keeps today's behaviour: the same result, entries and alerts, and no article text")
    func off() throws {
        let on = TemporaryDirectory(), off = TemporaryDirectory()
        let a = try AlertStoreTests.open(on), b = try AlertStoreTests.open(off)
        let items = [Self.story, AlertStoreTests.entry("2", "Weather")]
        let ra = try Self.commit(a, items, at: Self.t0)
        let rb = try Self.commit(b, items, at: Self.t0, level: nil)
        #expect(ra.new == rb.new && ra.alerts.map(\.topic) == rb.alerts.map(\.topic) && ra.duplicates == rb.duplicates)
        #expect(try b.archivedCount() == 0)
        #expect(try a.archivedCount() == 2)
        #expect(try Self.indexed(b, "\"kim\"").isEmpty)
        let db = try DatabaseQueue(path: off.file("feedwatch.sqlite"))
        #expect(try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM entry") } == 2)
    }

    @Test("an article a second feed brings again is archived once, as the first feed had it")
    func duplicateOnce() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir)
        _ = try Self.commit(store, [Self.story], at: Self.t0)
        var again = Self.story
        again.id = "other-guid"
        again.title = "Kim arrives (updated)"
        let r = try Self.commit(store, feed: "b", [again], at: Self.t0 + 60)
        #expect(r.duplicates == 1)
        #expect(try store.archivedCount() == 1)
        #expect(try store.archivedArticles(ids: [1]).first?.feed == "a")
    }

    @Test("retention prunes the archive and its index with the entries; articles still listed stay")
    func retention() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir)
        let day: TimeInterval = 86400
        let staying = AlertStoreTests.entry("stays", "Summit stays"), leaving = AlertStoreTests.entry("leaves", "Summit leaves")
        _ = try Self.commit(store, [staying, leaving], at: Self.t0)
        _ = try Self.commit(store, [staying], at: Self.t0 + 100 * day)
        #expect(try Self.indexed(store, "\"summit\"").count == 2)
        try store.prune(now: Self.t0 + 100 * day, retention: 90 * day, refold: Self.fold)
        #expect(try store.archivedCount() == 1)
        #expect(try Self.indexed(store, "\"summit\"") == [1])
        #expect(try Self.indexed(store, "\"leaves\"").isEmpty)
        // The index forgot it (not only the join): its integrity holds.
        let db = try DatabaseQueue(path: dir.file("feedwatch.sqlite"))
        try db.write { try $0.execute(sql: "INSERT INTO article_fts (article_fts, rank) VALUES ('integrity-check', 0)") }
    }

    @Test("upgrading a v3 store keeps every row of every table, and the views read it")
    func upgradeFromV3() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("feedwatch.sqlite")
        var before: [String: [Row]] = [:]
        let tables = ["meta", "feed", "article", "entry", "alert"]
        do {
            let old = try DatabasePool(path: path)
            try StoreSchema.migrator.migrate(old, upTo: "v3")
            try old.write { db in
                try db.execute(sql: """
                    INSERT INTO feed (name, config_url, url, etag, entry_count) VALUES ('a', 'https://a.example/rss', 'https://a.example/rss', 'x', 3);
                    INSERT INTO article (url_hash, first_seen) VALUES (11, 1790000000), (12, 1790000100);
                    INSERT INTO entry VALUES (1, 'g1', 1, 5, 1790000000, 1790000000), (1, 'g2', 2, NULL, 1790000100, 1790000200);
                    INSERT INTO alert (topic, article_id, feed_id, feed, title, link, matched, created, delivered, held)
                        VALUES ('kim', 1, 1, 'a', 'Kim', 'https://a.example/1', '[{"term":"kim","field":"title","offset":0}]',
                                '2026-09-21T14:13:20Z', '2026-09-21T14:13:21Z', 0),
                               ('kim', 2, 1, 'a', 'Kim again', NULL, '[]', '2026-09-21T14:15:00Z', NULL, 1);
                    """)
                before = try UpgradeRows.snapshot(db, tables)
            }
        }
        let store = try AlertStore(path: path)
        #expect(try store.schemaVersion() == StoreSchema.version)
        let db = try DatabaseQueue(path: path)
        try db.read { db in
            try UpgradeRows.expectKept(db, tables, before)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM alert WHERE backfilled") == 0)
            let view = try Row.fetchAll(db, sql: "SELECT title, matched FROM alerts ORDER BY id")
            #expect(view.map { $0["title"] as String? } == ["Kim", "Kim again"])
            #expect(view.first?["matched"] as String? == "title:kim")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM articles") == 0)
        }
    }
}
