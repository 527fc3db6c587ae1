import FeedModel
import Foundation
import GRDB
import Testing
@testable import AlertStore
import FeedwatchTestSupport

@Suite("The outbox: one row per alert and sink, in the alert's transaction")
struct OutboxTests {
    static let t0 = AlertStoreTests.t0

    static func topics(_ entries: [Entry]) -> [[TopicMatch]] {
        entries.map { e in
            var out: [TopicMatch] = []
            if (e.title ?? "").contains("Kim") { out.append(TopicMatch(topic: "kim", matched: [])) }
            if (e.title ?? "").contains("Putin") { out.append(TopicMatch(topic: "putin", matched: [])) }
            return out
        }
    }

    @Test("an alert gets one row for each sink of its topic; an alert not stored (a duplicate) gets none")
    func rowsPerSink() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir)
        try store.setSinkRoutes([("kim", "hook"), ("kim", "mail"), ("putin", "hook")])
        let items = [AlertStoreTests.entry("1", "Kim meets Putin"), AlertStoreTests.entry("2", "Kim again"), AlertStoreTests.entry("3", "Weather")]
        let r = try store.ingest(feed: "a", entries: items, identity: .guid, now: Self.t0, match: Self.topics)
        #expect(r.alerts.count == 3)
        // The same articles through another feed: no new alert, so no new row.
        _ = try store.ingest(feed: "b", entries: items, identity: .guid, now: Self.t0, match: Self.topics)
        let counts = try store.sinkCounts()
        #expect(counts.map(\.sink) == ["hook", "mail"])
        #expect(counts.map(\.pending) == [3, 2])
        let first = try #require(try store.nextOutbox(sink: "hook"))
        #expect(first.alert.id == r.alerts[0].id, "in the order stored")
        try store.markOutboxDelivered(first.id, at: Self.t0)
        #expect(try store.nextOutbox(sink: "hook")?.alert.id == r.alerts[1].id)
        #expect(try store.sinkCounts().first?.delivered == 1)
    }

    @Test("a row that keeps failing is parked after its tries, shown with its error, and put back by retry")
    func parking() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir)
        try store.setSinkRoutes([("kim", "hook")])
        _ = try store.ingest(feed: "a", entries: [AlertStoreTests.entry("1", "Kim")], identity: .guid, now: Self.t0, match: Self.topics)
        let item = try #require(try store.nextOutbox(sink: "hook"))
        #expect(try !store.markOutboxFailed(item.id, error: "HTTP 500", retryAt: Self.t0 + 10, maxTries: 3, at: Self.t0))
        let again = try #require(try store.nextOutbox(sink: "hook"))
        #expect(again.tries == 1 && again.notBefore == Self.t0 + 10)
        #expect(try !store.markOutboxFailed(item.id, error: "HTTP 500", retryAt: Self.t0 + 20, maxTries: 3, at: Self.t0))
        #expect(try store.markOutboxFailed(item.id, error: "HTTP 503 at last", retryAt: Self.t0 + 40, maxTries: 3, at: Self.t0))
        #expect(try store.nextOutbox(sink: "hook") == nil, "parked: not delivered again by itself")
        let counts = try #require(try store.sinkCounts().first)
        #expect(counts.failed == 1 && counts.pending == 0 && counts.lastError == "HTTP 503 at last")
        #expect(try store.outboxRows(sink: "hook", failed: true).count == 1)
        #expect(try store.retryFailed(sink: "hook") == 1)
        #expect(try store.nextOutbox(sink: "hook")?.tries == 0)
    }

    @Test("a held alert waits in the outbox until its feed is released")
    func held() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir)
        try store.setSinkRoutes([("kim", "hook")])
        let items = [AlertStoreTests.entry("1", "Kim one"), AlertStoreTests.entry("2", "Kim two")]
        let r = try store.commit(feed: "a", entries: items, identity: .guid, now: Self.t0,
                                 matches: ["1": [TopicMatch(topic: "kim", matched: [])], "2": [TopicMatch(topic: "kim", matched: [])]],
                                 floodLimit: 1)
        #expect(r.held == 1)
        let first = try #require(try store.nextOutbox(sink: "hook"))
        try store.markOutboxDelivered(first.id, at: Self.t0)
        #expect(try store.nextOutbox(sink: "hook") == nil)
        _ = try store.release(feed: "a")
        #expect(try store.nextOutbox(sink: "hook") != nil)
    }

    @Test("a v3 file upgraded to the outbox keeps every row of every table")
    func upgradeFromV3() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("feedwatch.sqlite")
        let tables = ["meta": "key", "feed": "id", "article": "id", "entry": "feed_id, identity", "alert": "id"]
        var before: [String: [Row]] = [:]
        do {
            let old = try DatabasePool(path: path)
            try StoreSchema.migrator.migrate(old, upTo: "v3")
            try old.write { db in
                try db.execute(sql: """
                    INSERT INTO feed (name, config_url, url, etag) VALUES ('a', 'https://a.example/rss', 'https://a.example/rss', '"e1"');
                    INSERT INTO article (id, url_hash, first_seen) VALUES (1, 11, 1790000000), (2, 22, 1790000001);
                    INSERT INTO entry (feed_id, identity, article_id, title_hash, first_seen, last_seen)
                        VALUES (1, 'g1', 1, 5, 1790000000, 1790000000), (1, 'g2', 2, 6, 1790000001, 1790000001);
                    INSERT INTO alert (topic, article_id, feed_id, feed, title, link, matched, created, delivered, held)
                        VALUES ('kim', 1, 1, 'a', 'Kim', 'https://a.example/1', '[]', '2026-09-21T10:00:00Z', '2026-09-21T10:00:01Z', 0),
                               ('kim', 2, 1, 'a', 'Kim 2', 'https://a.example/2', '[]', '2026-09-21T10:00:00Z', NULL, 1);
                    """)
            }
            #expect(try old.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 3)
            for (t, key) in tables { before[t] = try old.read { try Row.fetchAll($0, sql: "SELECT * FROM \(t) ORDER BY \(key)") } }
        }
        let store = try AlertStore(path: path)
        #expect(try store.schemaVersion() == StoreSchema.version)
        let after = try DatabaseQueue(path: path)
        for (t, key) in tables {
            // The columns v3 had: later migrations may add others (the archive adds `alert.backfilled`).
            let columns = before[t]?.first.map { Array($0.columnNames).joined(separator: ", ") } ?? "*"
            let rows = try after.read { try Row.fetchAll($0, sql: "SELECT \(columns) FROM \(t) ORDER BY \(key)") }
            #expect(rows.count == before[t]?.count && !rows.isEmpty, "table \(t)")
            #expect(rows == before[t], "table \(t)")
        }
        #expect(try after.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM outbox") } == 0, "old alerts are not sent to sinks")
        #expect(try store.undelivered().map(\.title) == [], "the held one stays held")
    }
}
