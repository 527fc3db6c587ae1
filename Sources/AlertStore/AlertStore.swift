import FeedModel
import FeedwatchSupport
import Foundation
import GRDB

/// The SQLite store (one file, WAL): feeds and their state, the entries seen
/// on each feed, articles, and alerts with what matched. One writer (the
/// daemon) and any number of readers (`feedwatch alerts`, `feedwatch feeds`)
/// at once: readers never block the writer, and a busy timeout covers the rest.
package final class AlertStore: Sendable {
    package let path: String
    /// Names this database in alert ids.
    package let instance: String
    let pool: DatabasePool
    /// The file opened (device and inode): a store deleted or replaced under
    /// the daemon would take its writes into a file nobody will read again.
    let opened: StoreFile
    /// Checkpoints off the commits, once `checkpointInBackground` starts it.
    let checkpointer: WALCheckpointer
    /// The feeds and languages of stories' articles, for the commits that add to them.
    let storySources = StorySources()
    /// Polls committing at once, committed together (`AlertStore+Commit`).
    let commits = CommitQueue<PollCommit, BatchOutcome<IngestResult>>(limit: 32)
    /// Polls' outcomes recorded at once, written together (`record`).
    let records = CommitQueue<RecordJob, BatchOutcome<Void>>(limit: 64)

    /// Opens (creating when absent) and upgrades the store at `path`; refuses a
    /// file written by a newer feedwatch.
    package init(path: String) throws(StoreError) {
        self.path = path
        checkpointer = WALCheckpointer(path: path)
        var config = Configuration()
        // A reader or a second writer waits for the lock rather than failing.
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            // WAL with NORMAL: a commit survives a crash of the process (what
            // kill -9 tests); only a power cut may lose the last transactions.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw StoreError("cannot open the store \(path): \(error). Check that the directory is writable.")
        }
        do {
            let (version, superseded) = try pool.read { db in
                (try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0, try StoreSchema.migrator.hasBeenSuperseded(db))
            }
            if version > StoreSchema.version || superseded {
                throw StoreError("""
                    the store \(path) was written by a newer feedwatch (schema version \(version), this one knows up \
                    to \(StoreSchema.version)): run the newer feedwatch, or move the file away to start a new store
                    """)
            }
            try StoreSchema.migrator.migrate(pool)
            instance = try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'instance'") } ?? "00000000"
            opened = try StoreFile(path: path)
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError("cannot read or upgrade the store \(path): \(error)")
        }
    }

    deinit {
        checkpointer.stop()
    }

    /// The schema version of the file.
    package func schemaVersion() throws(StoreError) -> Int {
        try read("read the schema version") { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
    }

    /// Alerts stored since `time` (the daemon's "alerts today").
    package func alertCount(since time: Date) throws(StoreError) -> Int {
        try read("count alerts") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM alert WHERE created >= ?", arguments: [UTCTime.iso8601(time)]) ?? 0
        }
    }

    // MARK: entries and alerts

    /// The entries of one poll of `feed` that the feed has not shown before
    /// (a read): what the pipeline matches, outside any write transaction.
    /// `isCancelled` is asked every thousand entries (shutdown stops a long one).
    package func unseen(feed: String, entries: [Entry], identity: IdentityRule,
                        isCancelled: () -> Bool = { false }) throws(StoreError) -> [Entry] {
        try read("read the known entries of \(feed)") { db in
            // Statements from the connection's cache: each poll's read prepared this one anew.
            guard let feedID = try FastStatement(db, "SELECT id FROM feed WHERE name = ?").run([.text(feed)], row: { $0.int64(0) }) ?? nil else {
                throw StoreError("feed \(feed) is not registered in the store")
            }
            let known = try FastStatement(db, "SELECT 1 FROM entry WHERE feed_id = ? AND identity = ?")
            // A feed with no entries stored (its first poll) knows none: not asked one by one.
            let none = try FastStatement(db, "SELECT 1 FROM entry WHERE feed_id = ? LIMIT 1").run([.int(feedID)], row: { _ in true }) == nil
            var identities = Set<String>()
            var out: [Entry] = []
            for (i, e) in entries.enumerated() {
                if i & 1023 == 1023, isCancelled() { throw Self.stopped(feed) }
                let id = identity.identity(of: e)
                guard identities.insert(id).inserted else { continue }
                if try none || known.run([.int(feedID), .text(id)], row: { _ in true }) == nil { out.append(e) }
            }
            return out
        }
    }

    /// `unseen`, the matcher, then `commit`: one poll's entries stored with their alerts.
    package func ingest(feed: String, entries: [Entry], identity: IdentityRule, now: Date,
                        match: ([Entry]) -> [[TopicMatch]]) throws(StoreError) -> IngestResult {
        let fresh = try unseen(feed: feed, entries: entries, identity: identity)
        let found = match(fresh)
        var matches: [String: [TopicMatch]] = [:]
        for (e, m) in zip(fresh, found) { matches[identity.identity(of: e)] = m }
        return try commit(feed: feed, entries: entries, identity: identity, now: now, matches: matches)
    }

    static func stopped(_ feed: String) -> StoreError {
        StoreError("stopped reading the entries of \(feed): feedwatch is shutting down (nothing stored; the feed stays due)")
    }

    /// 64-bit FNV-1a: titles and links are kept as hashes (a million of them
    /// as text would be most of the file); a collision in a feed's titles only
    /// hides one title change, one across links merges two articles, at odds
    /// of about one in 10^7 for a million links.
    static func hash(_ s: String) -> Int64 {
        Int64(bitPattern: FNV1a.hash(s))
    }

    /// Alerts stored but not yet in the alert log, oldest first.
    package func undelivered() throws(StoreError) -> [Alert] {
        try read("read the undelivered alerts") { db in
            // Prepared once per connection: delivery reads this after every commit that stored alerts.
            let statement = try db.cachedStatement(sql: "SELECT *, \(Self.storyTitle) FROM alert WHERE delivered IS NULL AND NOT held ORDER BY id")
            return try Row.fetchAll(statement).map(alert)
        }
    }

    /// Marks alerts as written to the alert log.
    package func markDelivered(_ ids: [String], at time: Date) throws(StoreError) {
        let rows = ids.compactMap(rowID)
        guard !rows.isEmpty else { return }
        try write("mark alerts delivered") { db in
            let s = try db.cachedStatement(sql: "UPDATE alert SET delivered = ? WHERE id = ? AND delivered IS NULL")
            for r in rows { try s.execute(arguments: [UTCTime.iso8601(time), r]) }
        }
    }

    /// The row number of one of our alert ids; nil for another store's.
    package func rowID(_ alertID: String) -> Int64? {
        guard alertID.hasPrefix(instance + "-") else { return nil }
        return Int64(alertID.dropFirst(instance.count + 1))
    }

    /// Stored alerts, newest first.
    package func alerts(_ q: AlertQuery) throws(StoreError) -> [Alert] {
        var sql = "SELECT *, \(Self.storyTitle) FROM alert WHERE " + (q.held ? "held" : "1")
        var args: [(any DatabaseValueConvertible)?] = []
        if let topic = q.topic {
            sql += " AND topic = ?"
            args.append(topic)
        }
        if let feed = q.feed {
            sql += " AND feed = ?"
            args.append(feed)
        }
        if let since = q.since {
            sql += " AND created >= ?"
            args.append(UTCTime.iso8601(since))
        }
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(q.limit)
        let arguments = StatementArguments(args)
        return try read("read the alerts") { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(alert) }
    }

    // MARK: helpers

    func alert(_ r: Row) throws -> Alert {
        let matched: String = r["matched"]
        let terms = (try? JSONDecoder().decode([MatchedTerm].self, from: Data(matched.utf8))) ?? []
        let created: String = r["created"]
        let story: Int64? = r["story_id"], sources: Int? = r["story_sources"]
        return Alert(id: "\(instance)-\(r["id"] as Int64)", time: UTCTime.parse(created) ?? Date(timeIntervalSince1970: 0),
                     topic: r["topic"], feed: r["feed"], title: r["title"], link: r["link"], matched: terms,
                     backfilled: r.hasColumn("backfilled") ? r["backfilled"] : false, story: story.map { "s-\($0)" },
                     growth: sources.map { StoryGrowth(sources: $0, languages: r["story_languages"] ?? 0, firstTitle: r["story_title"]) })
    }

    /// An alert's matched terms as the `matched` column keeps them (read back
    /// with JSONDecoder, and by the `alerts` view with json_extract).
    static func termsJSON(_ terms: [MatchedTerm]) -> String {
        var w = JSONWriter(pretty: false)
        w.beginArray()
        for t in terms { w.matchedTerm(term: t.term, field: t.field, offset: t.offset) }
        w.endArray()
        return w.output
    }

    static func date(_ text: String?) -> Date? { text.flatMap(UTCTime.parse) }

    func read<T>(_ what: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError("cannot \(what) in \(path): \(error)")
        }
    }

    func write<T>(_ what: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch let e as StoreError {
            // Rolled back: what it added to the stories' sources never was.
            storySources.clear()
            throw e
        } catch {
            storySources.clear()
            throw StoreError("cannot \(what) in \(path): \(error)")
        }
    }
}
