import FeedModel
import Foundation
import GRDB
import Testing
@testable import AlertStore
import FeedwatchTestSupport

@Suite("The store: schema, new entries, duplicates, retention")
struct AlertStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    static func entry(_ id: String, _ title: String, link: String? = nil) -> Entry {
        Entry(id: id, title: title, link: link ?? "https://news.example/\(id)")
    }

    /// A matcher standing for the topic index: every title with "Kim" matches topic "kim".
    static func kim(_ entries: [Entry]) -> [[TopicMatch]] {
        entries.map { e in
            (e.title ?? "").contains("Kim") ? [TopicMatch(topic: "kim", matched: [MatchedTerm(term: "kim", field: "title", offset: 0)])] : []
        }
    }

    static func open(_ dir: TemporaryDirectory, feeds: [String] = ["a", "b"]) throws -> AlertStore {
        let store = try AlertStore(path: dir.file("feedwatch.sqlite"))
        try store.register(feeds: feeds.map { ($0, "https://\($0).example/rss") })
        return store
    }

    @Test("a new file gets the current schema, with its version readable in SQLite")
    func freshSchema() throws {
        let dir = TemporaryDirectory()
        let store = try Self.open(dir)
        #expect(try store.schemaVersion() == StoreSchema.version)
        let db = try DatabaseQueue(path: dir.file("feedwatch.sqlite"))
        let tables = try db.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") }
        #expect(Set(["feed", "entry", "article", "alert", "meta"]).isSubset(of: Set(tables)))
        #expect(try db.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test("an older file is upgraded and keeps its data")
    func upgrade() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("feedwatch.sqlite")
        do {
            let old = try DatabasePool(path: path)
            try StoreSchema.migrator.migrate(old, upTo: "v1")
            try old.write { db in
                try db.execute(sql: "INSERT INTO feed (name, config_url, url) VALUES ('a', 'https://a.example/rss', 'https://a.example/rss')")
            }
            #expect(try old.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 1)
        }
        let store = try AlertStore(path: path)
        #expect(try store.schemaVersion() == StoreSchema.version)
        #expect(try store.feedStates().map(\.name) == ["a"])
        let r = try store.ingest(feed: "a", entries: [Self.entry("1", "Kim arrives")], identity: .guid, now: Self.t0, match: Self.kim)
        #expect(r.alerts.count == 1)
    }

    @Test("a file from a newer feedwatch is refused with a message that says what to do")
    func newerRefused() throws {
        let dir = TemporaryDirectory()
        _ = try Self.open(dir)
        let db = try DatabaseQueue(path: dir.file("feedwatch.sqlite"))
        try db.write { try $0.execute(sql: "PRAGMA user_version = 99") }
        do {
            _ = try AlertStore(path: dir.file("feedwatch.sqlite"))
            Issue.record("expected the newer file to be refused")
        } catch {
            #expect(error.description.contains("newer feedwatch"))
            #expect(error.description.contains("schema version 99"))
        }
    }

    @Test("an entry is new once per feed; the next poll of the same items finds nothing new")
    func newOnce() throws {
        let dir = TemporaryDirectory()
        let store = try Self.open(dir)
        let items = [Self.entry("1", "Kim arrives"), Self.entry("2", "Weather")]
        let first = try store.ingest(feed: "a", entries: items, identity: .guid, now: Self.t0, match: Self.kim)
        #expect(first.new == 2)
        #expect(first.alerts.map(\.topic) == ["kim"])
        var asked = 0
        let second = try store.ingest(feed: "a", entries: items, identity: .guid, now: Self.t0 + 60) { asked += $0.count; return Self.kim($0) }
        #expect(second.new == 0 && second.alerts.isEmpty && asked == 0, "the matcher is asked about new entries only")
        #expect(try store.undelivered().count == 1)
    }

    @Test("identity = guid, link or title")
    func identityRules() throws {
        let e = Entry(id: "urn:1", title: "Kim arrives", link: "HTTPS://News.Example/story/?utm_source=rss")
        #expect(IdentityRule.guid.identity(of: e) == "urn:1")
        #expect(IdentityRule.link.identity(of: e) == "link:news.example/story")
        #expect(IdentityRule.title.identity(of: e) == "title:Kim arrives")
        let dir = TemporaryDirectory()
        let store = try Self.open(dir)
        // A feed that changes its guids on every poll: by title, the same items are not new.
        _ = try store.ingest(feed: "a", entries: [Entry(id: "x1", title: "Kim arrives")], identity: .title, now: Self.t0, match: Self.kim)
        let again = try store.ingest(feed: "a", entries: [Entry(id: "x2", title: "Kim arrives")], identity: .title, now: Self.t0 + 60, match: Self.kim)
        #expect(again.new == 0)
        let byGuid = try store.ingest(feed: "b", entries: [Entry(id: "x1", title: "Kim arrives")], identity: .guid, now: Self.t0, match: Self.kim)
        let newGuid = try store.ingest(feed: "b", entries: [Entry(id: "x2", title: "Kim arrives")], identity: .guid, now: Self.t0 + 60, match: Self.kim)
        #expect(byGuid.new == 1 && newGuid.new == 1)
    }

    @Test("the same article through two feeds alerts once per topic")
    func crossFeedDuplicate() throws {
        let dir = TemporaryDirectory()
        let store = try Self.open(dir)
        let one = try store.ingest(feed: "a", entries: [Self.entry("a-1", "Kim arrives", link: "https://News.example/kim/?utm_source=a")],
                                   identity: .guid, now: Self.t0, match: Self.kim)
        let two = try store.ingest(feed: "b", entries: [Self.entry("b-9", "Kim arrives in Vladivostok", link: "http://news.example/kim?utm_medium=feed#top")],
                                   identity: .guid, now: Self.t0 + 5, match: Self.kim)
        #expect(one.alerts.count == 1)
        #expect(two.new == 1 && two.duplicates == 1 && two.alerts.isEmpty)
        #expect(try store.alerts(AlertQuery()).count == 1)
    }

    @Test("a known entry with a new title is an update, not a new article")
    func updateNotNew() throws {
        let dir = TemporaryDirectory()
        let store = try Self.open(dir)
        _ = try store.ingest(feed: "a", entries: [Self.entry("1", "Kim arrives")], identity: .guid, now: Self.t0, match: Self.kim)
        let r = try store.ingest(feed: "a", entries: [Self.entry("1", "Kim arrives in Vladivostok (updated)")], identity: .guid,
                                 now: Self.t0 + 60, match: Self.kim)
        #expect(r.new == 0 && r.updated == 1 && r.alerts.isEmpty)
        #expect(try store.alerts(AlertQuery()).count == 1)
    }

    @Test("retention forgets entries gone from their feed, never one still in it, never a feed's that was not read since")
    func retention() throws {
        let dir = TemporaryDirectory()
        let store = try Self.open(dir)
        let day: TimeInterval = 86400
        let staying = Self.entry("stays", "Kim arrives"), leaving = Self.entry("leaves", "Weather")
        _ = try store.ingest(feed: "a", entries: [staying, leaving], identity: .guid, now: Self.t0, match: Self.kim)
        _ = try store.ingest(feed: "b", entries: [Self.entry("b1", "Talks")], identity: .guid, now: Self.t0, match: Self.kim)
        // Feed a is read for 100 days with `leaves` gone; feed b is not read at all (failing).
        for d in 1...100 {
            _ = try store.ingest(feed: "a", entries: [staying], identity: .guid, now: Self.t0 + Double(d) * day, match: Self.kim)
        }
        let dropped = try store.prune(now: Self.t0 + 100 * day, retention: 90 * day)
        #expect(dropped == 1, "only the entry that left feed a")
        let back = try store.ingest(feed: "a", entries: [staying], identity: .guid, now: Self.t0 + 101 * day, match: Self.kim)
        #expect(back.new == 0, "an entry still in its feed stays known")
        let b = try store.ingest(feed: "b", entries: [Self.entry("b1", "Talks")], identity: .guid, now: Self.t0 + 101 * day, match: Self.kim)
        #expect(b.new == 0, "a feed that was not read since keeps its entries")
        // An item deleted from the feed and back within the retention period is not new.
        let returning = try store.ingest(feed: "a", entries: [staying, Self.entry("leaves", "Weather")], identity: .guid,
                                         now: Self.t0 + 102 * day, match: Self.kim)
        #expect(returning.new == 1, "after retention it is new again: it was pruned")
        _ = try store.ingest(feed: "a", entries: [staying], identity: .guid, now: Self.t0 + 103 * day, match: Self.kim)
        let within = try store.ingest(feed: "a", entries: [staying, Self.entry("leaves", "Weather")], identity: .guid,
                                      now: Self.t0 + 110 * day, match: Self.kim)
        #expect(within.new == 0, "gone for 7 days and back: not new")
    }

    @Test("every poll of only unseen items at the usual size says items may have been missed")
    func possibleMiss() throws {
        let dir = TemporaryDirectory()
        let store = try Self.open(dir)
        let first = try store.ingest(feed: "a", entries: (1...3).map { Self.entry("\($0)", "n\($0)") }, identity: .guid, now: Self.t0, match: Self.kim)
        #expect(!first.possiblyMissed, "a first poll says nothing")
        let some = try store.ingest(feed: "a", entries: (2...4).map { Self.entry("\($0)", "n\($0)") }, identity: .guid, now: Self.t0 + 60, match: Self.kim)
        #expect(!some.possiblyMissed)
        let all = try store.ingest(feed: "a", entries: (10...12).map { Self.entry("\($0)", "n\($0)") }, identity: .guid, now: Self.t0 + 120, match: Self.kim)
        #expect(all.possiblyMissed)
    }

    @Test("alerts are selected by topic, feed and age, newest first")
    func alertQueries() throws {
        let dir = TemporaryDirectory()
        let store = try Self.open(dir)
        _ = try store.ingest(feed: "a", entries: [Self.entry("1", "Kim one")], identity: .guid, now: Self.t0, match: Self.kim)
        _ = try store.ingest(feed: "b", entries: [Self.entry("2", "Kim two")], identity: .guid, now: Self.t0 + 3600, match: Self.kim)
        #expect(try store.alerts(AlertQuery()).map(\.title) == ["Kim two", "Kim one"])
        #expect(try store.alerts(AlertQuery(feed: "a")).map(\.title) == ["Kim one"])
        #expect(try store.alerts(AlertQuery(since: Self.t0 + 60)).map(\.title) == ["Kim two"])
        #expect(try store.alerts(AlertQuery(topic: "other")).isEmpty)
        #expect(try store.alerts(AlertQuery(limit: 1)).count == 1)
        let a = try #require(store.alerts(AlertQuery(feed: "a")).first)
        #expect(a.matched == [MatchedTerm(term: "kim", field: "title", offset: 0)])
        #expect(a.time == Self.t0)
        #expect(a.id.hasPrefix(store.instance + "-"))
    }

    @Test("a reader in another connection never fails while the writer writes")
    func readerDuringWrites() async throws {
        let dir = TemporaryDirectory()
        let writer = try Self.open(dir, feeds: ["a"])
        let reader = try AlertStore(path: dir.file("feedwatch.sqlite"))
        async let writes: Void = {
            for i in 0..<200 {
                _ = try writer.ingest(feed: "a", entries: (0..<20).map { Self.entry("\(i)-\($0)", "Kim \(i) \($0)") }, identity: .guid,
                                      now: Self.t0 + Double(i), match: Self.kim)
            }
        }()
        var reads = 0
        for _ in 0..<200 {
            _ = try reader.alerts(AlertQuery(limit: 10))
            _ = try reader.feedStates()
            reads += 1
        }
        try await writes
        #expect(reads == 200)
        #expect(try reader.alerts(AlertQuery(limit: 10_000)).count == 4000)
    }

    @Test("feed state: polls, errors, moves and 410")
    func feedState() throws {
        let dir = TemporaryDirectory()
        let store = try Self.open(dir, feeds: ["a"])
        try store.record(feed: "a", PollRecord(time: Self.t0, status: 200, etag: "\"v1\"", lastModified: "Sat, 28 Nov 2026 10:00:00 GMT",
                                               nextDue: Self.t0 + 900))
        try store.record(feed: "a", PollRecord(time: Self.t0 + 900, status: 503, error: "HTTP 503", nextDue: Self.t0 + 1800))
        try store.record(feed: "a", PollRecord(time: Self.t0 + 1800, status: 503, error: "HTTP 503", nextDue: Self.t0 + 3600))
        var s = try #require(store.feedStates().first)
        #expect(s.errorCount == 2 && s.lastError == "HTTP 503" && s.etag == "\"v1\"" && s.nextDue == Self.t0 + 3600)
        try store.record(feed: "a", PollRecord(time: Self.t0 + 3600, status: 200, movedTo: "https://a.example/new-rss"))
        s = try #require(store.feedStates().first)
        #expect(s.errorCount == 0 && s.lastError == nil && s.url == "https://a.example/new-rss" && s.configURL == "https://a.example/rss")
        #expect(s.etag == nil && s.lastModified == nil, "the old place's validators are not kept for the new one")
        try store.record(feed: "a", PollRecord(time: Self.t0 + 3700, status: 200, etag: "\"n1\""))
        try store.record(feed: "a", PollRecord(time: Self.t0 + 3800, status: 304))
        #expect(try store.feedStates().first?.etag == "\"n1\"", "a poll without validators keeps the feed's")
        try store.register(feeds: [("a", "https://a.example/rss")])
        #expect(try store.feedStates().first?.url == "https://a.example/new-rss", "a reload keeps the moved URL")
        try store.register(feeds: [("a", "https://elsewhere.example/rss")])
        #expect(try store.feedStates().first?.url == "https://elsewhere.example/rss", "a new URL in feeds.conf wins")
        try store.record(feed: "a", PollRecord(time: Self.t0 + 7200, status: 410, error: "HTTP 410 Gone", disable: true))
        #expect(try store.feedStates().first?.enabled == false)
    }
}

@Suite("The store's file")
struct StoreFileTests {
    @Test("verifyFile passes on the file opened and fails once it is deleted or replaced by another file")
    func replacedOrDeleted() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStore(path: dir.file("feedwatch.sqlite"))
        try store.verifyFile()
        try FileManager.default.copyItem(atPath: store.path, toPath: dir.file("copy.sqlite"))
        _ = rename(dir.file("copy.sqlite"), store.path)
        #expect(throws: StoreError.self) { try store.verifyFile() }
        try FileManager.default.removeItem(atPath: store.path)
        let deleted = #expect(throws: StoreError.self) { try store.verifyFile() }
        #expect(deleted?.description.contains("deleted or moved") == true)
    }

    @Test("a feed with nothing stored has every entry unseen, each identity once, while another feed's entries stay known to it")
    func firstPollUnseen() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir)
        let entries = [AlertStoreTests.entry("e1", "Kim visits"), AlertStoreTests.entry("e2", "Weather")]
        #expect(try store.unseen(feed: "a", entries: entries + [entries[0]], identity: .guid, isCancelled: { false }).map(\.id) == ["e1", "e2"])
        _ = try store.commit(feed: "b", entries: [entries[0]], identity: .guid, now: AlertStoreTests.t0, matches: [:], floodLimit: 0)
        // b's entry is b's: a, which still has none, sees both.
        #expect(try store.unseen(feed: "a", entries: entries, identity: .guid, isCancelled: { false }).map(\.id) == ["e1", "e2"])
        #expect(try store.unseen(feed: "b", entries: entries, identity: .guid, isCancelled: { false }).map(\.id) == ["e2"])
    }

    @Test("after its caches and readers are given back the store reads and commits as before, and knows what it had seen")
    func releasedMemory() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir)
        let first = [AlertStoreTests.entry("e1", "Kim visits"), AlertStoreTests.entry("e2", "Weather")]
        let r = try store.commit(feed: "a", entries: first, identity: .guid, now: AlertStoreTests.t0,
                                 matches: Dictionary(uniqueKeysWithValues: zip(first.map(\.id), AlertStoreTests.kim(first))), floodLimit: 0)
        #expect(r.alerts.count == 1)
        store.releaseMemory()
        let again = first + [AlertStoreTests.entry("e3", "Kim again")]
        #expect(try store.unseen(feed: "a", entries: again, identity: .guid, isCancelled: { false }).map(\.id) == ["e3"])
        let next = try store.commit(feed: "a", entries: [again[2]], identity: .guid, now: AlertStoreTests.t0.addingTimeInterval(60),
                                    matches: ["e3": AlertStoreTests.kim([again[2]])[0]], floodLimit: 0)
        #expect(next.alerts.count == 1)
        store.releaseMemory()
        #expect(try store.undelivered().count == 2)
    }
}

@Suite("The store's flood guard")
struct FloodGuardStoreTests {
    @Test("past the hourly limit alerts are stored held: not undelivered, listed with held, released to delivery; an hour later the count starts again")
    func heldAlerts() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStoreTests.open(dir)
        let t0 = AlertStoreTests.t0
        let entries = (0..<5).map { AlertStoreTests.entry("e\($0)", "Kim \($0)", link: "https://a.example/\($0)") }
        let matches = Dictionary(uniqueKeysWithValues: zip(entries.map(\.id), AlertStoreTests.kim(entries)))
        let r = try store.commit(feed: "a", entries: entries, identity: .guid, now: t0, matches: matches, floodLimit: 3)
        #expect(r.alerts.count == 3 && r.held == 2)
        #expect(try store.undelivered().count == 3)
        #expect(try store.alerts(AlertQuery(held: true)).count == 2)
        #expect(try store.feedStates(seenCounts: true).first { $0.name == "a" }?.held == 2)
        #expect(try store.release(feed: "a") == 2)
        #expect(try store.undelivered().count == 5)
        #expect(try store.alerts(AlertQuery(held: true)).isEmpty)
        let later = [AlertStoreTests.entry("e9", "Kim 9", link: "https://a.example/9")]
        let next = try store.commit(feed: "a", entries: later, identity: .guid, now: t0.addingTimeInterval(3601),
                                    matches: Dictionary(uniqueKeysWithValues: zip(["e9"], AlertStoreTests.kim(later))), floodLimit: 3)
        #expect(next.alerts.count == 1 && next.held == 0)
    }
}
