internal import GRDBSQLite
import FeedwatchSupport
import FeedModel
import Foundation
import GRDB

/// Pruning, checkpoints, settings in `meta`, and whether the file at the
/// store's path is still the one opened.
extension AlertStore {
    /// Throws when the file at `path` is no longer the one this store opened
    /// (deleted, moved, or replaced): writes would go to a file nobody reads
    /// again, and the next start would know none of the stories alerted.
    package func verifyFile() throws(StoreError) {
        let now: StoreFile
        do {
            now = try StoreFile(path: path)
        } catch {
            throw StoreError("\(error.description); stopping rather than storing alerts that would be lost. Restore the file, or start feedwatch again to create a new store (see --new-store)")
        }
        guard now == opened else {
            throw StoreError("the store \(path) was replaced by another file while feedwatch had it open; stopping rather than writing to the old one. Start feedwatch again to use the file now at that path")
        }
    }

    /// Closes the file; every later call fails with a StoreError. For a clean
    /// stop, and for tests of what a failed read does.
    package func close() throws(StoreError) {
        do {
            try pool.close()
        } catch {
            throw StoreError("cannot close the store \(path): \(error)")
        }
    }

    /// Gives back what SQLite holds between bursts of work: each connection's
    /// page cache and the statement caches (refilled by the next poll from the
    /// OS's file cache), and the readers a burst of parallel polls opened.
    /// Waits for the accesses in progress. After a first poll of 2,000 feeds
    /// that is a few MiB the daemon would otherwise keep until it stops.
    package func releaseMemory() {
        pool.releaseMemory()
    }

    /// A setting in `meta` (nil when unset).
    package func meta(_ key: String) throws(StoreError) -> String? {
        try read("read the setting \(key)") { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
        }
    }

    /// Sets a setting in `meta`.
    package func setMeta(_ key: String, _ value: String) throws(StoreError) {
        try write("save the setting \(key)") { db in
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }

    /// Forgets identities not seen in their feed for `retention`, but only
    /// those a later successful read of the feed no longer listed: an item
    /// still in its feed (or in a feed that has not been read since) stays
    /// known, so it never comes back as new. Returns how many were dropped.
    /// The archive and the articles recorded under stories go with them
    /// (`refold`: see `pruneArchive`).
    @discardableResult
    package func prune(now: Date, retention: TimeInterval,
                       refold: ((ArchivedArticle) -> ArchivedArticle.Folded)? = nil) throws(StoreError) -> Int {
        let cutoff = Int64(now.addingTimeInterval(-retention).timeIntervalSince1970)
        // The sweep reads every entry through the writer: its page cache then
        // holds pages (2 MiB with 2,000 feeds) that the next commits do not
        // need. Given back to the allocator once the sweep has committed.
        defer { pool.writeWithoutTransaction { $0.releaseMemory() } }
        return try write("prune old entries") { db in
            // last_content is text, last_seen seconds: compare in seconds.
            try db.execute(sql: """
                DELETE FROM entry WHERE last_seen < ?
                    AND last_seen < (SELECT unixepoch(last_content) FROM feed WHERE feed.id = entry.feed_id)
                """, arguments: [cutoff])
            let dropped = db.changesCount
            try Self.pruneArchive(db, before: cutoff, refold: refold)
            // A story's articles (and their prints) go as the archive does:
            // once past retention and no entry of the article is left. The
            // story row stays: its alert rows, kept like all alerts, show its
            // id and its first title.
            try db.execute(sql: "DELETE FROM story_article WHERE seen < ? AND article_id NOT IN (SELECT article_id FROM entry)",
                           arguments: [cutoff])
            // Uncorrelated NOT IN: one pass over each table, no index on entry.article_id needed.
            try db.execute(sql: """
                DELETE FROM article WHERE first_seen < ?
                    AND id NOT IN (SELECT article_id FROM entry) AND id NOT IN (SELECT article_id FROM alert)
                    AND id NOT IN (SELECT article_id FROM story_article)
                """, arguments: [cutoff])
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('last_prune', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [UTCTime.iso8601(now)])
            // Stories may have lost articles: their sources are read again.
            storySources.clear()
            return dropped
        }
    }

    /// When `prune` last ran (it scans the entries: worth doing hours apart, not every poll).
    package func lastPrune() throws(StoreError) -> Date? {
        try read("read the last pruning time") { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'last_prune'").flatMap(UTCTime.parse)
        }
    }

    /// Moves the WAL's checkpoints off the commits onto a thread of their own
    /// (the daemon's: a poll's commit then never copies pages or syncs files;
    /// one-shot commands keep SQLite's autocheckpoint). See `WALCheckpointer`.
    package func checkpointInBackground() throws(StoreError) {
        try checkpointer.start()
        let context = Unmanaged.passUnretained(checkpointer).toOpaque()
        // The hook replaces SQLite's autocheckpoint on the writer (readers never commit).
        let installed = pool.writeWithoutTransaction { db in
            db.sqliteConnection.map { _ = sqlite3_wal_hook($0, WALCheckpointer.hook, context) } != nil
        }
        guard installed else {
            checkpointer.stop()
            throw StoreError("cannot set up checkpoints in \(path): the store is closed")
        }
    }

    /// Gives the checkpoints back to the commits (SQLite's autocheckpoint) and
    /// stops the thread (a closed store has no commits left to checkpoint).
    package func stopBackgroundCheckpoints() {
        pool.writeWithoutTransaction { db in _ = db.sqliteConnection.map { sqlite3_wal_autocheckpoint($0, WALCheckpointer.wakeAt) } }
        checkpointer.stop()
    }

    /// Checkpoint passes the background thread has run.
    package var backgroundCheckpoints: Int { checkpointer.passes.load(ordering: .relaxed) }

    /// Folds the WAL into the database file and returns the file's size in bytes.
    package func checkpointedSize() throws(StoreError) -> Int {
        do {
            // Outside a transaction: SQLite refuses to checkpoint inside one.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        } catch {
            throw StoreError("cannot checkpoint \(path): \(error)")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.size] as? NSNumber)?.intValue ?? 0
    }
}

/// The flood guard's side of the store.
extension AlertStore {
    /// Alerts of a feed stored in the hour before `time`, held ones included.
    static func alertsInHour(_ db: Database, feed: String, before time: Date) throws -> Int {
        // alert_feed (feed, created) answers it.
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM alert WHERE feed = ? AND created >= ?"),
                         arguments: [feed, UTCTime.iso8601(time.addingTimeInterval(-3600))]) ?? 0
    }

    /// Lets a feed's held alerts go to the log (with the next delivery);
    /// returns how many.
    package func release(feed: String) throws(StoreError) -> Int {
        try write("release the held alerts of \(feed)") { db in
            try db.execute(sql: "UPDATE alert SET held = 0 WHERE feed = ? AND held", arguments: [feed])
            return db.changesCount
        }
    }
}
