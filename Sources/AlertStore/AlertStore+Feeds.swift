import FeedwatchSupport
import Foundation
import GRDB

/// The feeds' rows: registered from feeds.conf, read by the feed-state owner,
/// written with each poll's outcome.
extension AlertStore {
    /// Makes a row for each configured feed; a feed whose URL changed in
    /// feeds.conf is fetched from the new URL (forgetting its validators, and
    /// enabled again if a 410 had disabled it).
    package func register(feeds: [(name: String, url: String)]) throws(StoreError) {
        try write("register the feeds") { db in
            for f in feeds {
                try db.execute(sql: """
                    INSERT INTO feed (name, config_url, url) VALUES (?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET
                        url = CASE WHEN config_url = excluded.config_url THEN url ELSE excluded.url END,
                        etag = CASE WHEN config_url = excluded.config_url THEN etag ELSE NULL END,
                        last_modified = CASE WHEN config_url = excluded.config_url THEN last_modified ELSE NULL END,
                        enabled = CASE WHEN config_url = excluded.config_url THEN enabled ELSE 1 END,
                        config_url = excluded.config_url
                    """, arguments: [f.name, f.url, f.url])
            }
        }
    }

    /// Every feed's row; `seenCounts` also counts the entries kept for each
    /// (a pass over the entries: for `feedwatch feeds`, not for every cycle).
    package func feedStates(seenCounts: Bool = false) throws(StoreError) -> [FeedState] {
        let seen = seenCounts ? "(SELECT count(*) FROM entry e WHERE e.feed_id = f.id)" : "0"
        let held = seenCounts ? "(SELECT count(*) FROM alert a WHERE a.feed = f.name AND a.held)" : "0"
        return try read("read the feeds") { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT \(Self.feedColumns), \(seen), \(held) FROM feed f ORDER BY name"))
                .map(Self.feedState)
        }
    }

    /// One feed's row.
    package func feedState(named name: String) throws(StoreError) -> FeedState? {
        try read("read the feed \(name)") { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.feedColumns), 0, 0 FROM feed f WHERE name = ?"), arguments: [name])
                .map(Self.feedState)
        }
    }

    /// Read by position: by name, each column costs GRDB a lower-casing
    /// look-up, which was most of reading 2,000 feeds' states.
    private static let feedColumns = """
        f.name, f.config_url, f.url, f.etag, f.last_modified, f.last_poll, f.last_success, f.last_status, f.last_error,
        f.error_count, f.next_due, f.poll_interval, f.entry_count, f.enabled
        """

    private static func feedState(_ r: Row) -> FeedState {
        var s = FeedState(
            name: r[0], configURL: r[1], url: r[2], etag: r[3], lastModified: r[4], lastPoll: date(r[5]), lastSuccess: date(r[6]),
            lastStatus: r[7], lastError: r[8], errorCount: r[9], nextDue: date(r[10]), pollInterval: r[11], entryCount: r[12],
            enabled: r[13], seen: r[14])
        s.held = r[15]
        return s
    }

    /// Records a poll's outcome on the feed's row. Polls ending at once share
    /// a transaction (`records`): a cycle of 304s is mostly these writes.
    package func record(feed: String, _ poll: PollRecord) throws(StoreError) {
        switch records.submit(RecordJob(feed: feed, poll: poll), key: nil, run: storeRecords) {
        case .done: return
        case .failed(let error): throw error
        case .alone: try write("record the poll of \(feed)") { db in try Self.recordRow(db, feed: feed, poll) }
        }
    }

    /// A poll's outcome as it waits in `records`.
    struct RecordJob: Sendable {
        var feed: String
        var poll: PollRecord
    }

    /// The records of a batch in one transaction; when that fails, each alone
    /// (by its own thread), so that one feed's failure stays its own.
    private func storeRecords(_ jobs: [RecordJob]) -> [BatchOutcome<Void>] {
        do {
            try write(jobs.count == 1 ? "record the poll of \(jobs[0].feed)" : "record the polls of \(jobs.count) feeds") { db in
                for j in jobs { try Self.recordRow(db, feed: j.feed, j.poll) }
            }
            return jobs.map { _ in .done(()) }
        } catch {
            return jobs.count == 1 ? [.failed(error)] : jobs.map { _ in .alone }
        }
    }

    private static func recordRow(_ db: Database, feed: String, _ poll: PollRecord) throws {
        let t = UTCTime.iso8601(poll.time)
        let due = poll.nextDue.map(UTCTime.iso8601)
        if let error = poll.error {
            try FastStatement(db, """
                UPDATE feed SET last_poll = ?, last_status = ?, last_error = ?, error_count = error_count + 1,
                    next_due = ?, enabled = enabled AND NOT ? WHERE name = ?
                """).execute([.text(t), .int(poll.status.map(Int64.init)), .text(error), .text(due), .int(poll.disable ? 1 : 0),
                              .text(feed)])
        } else {
            // A feed that moved keeps no validators of its old place (they would
            // go to the new one): the poll's, or none.
            let moved: FastStatement.Value = .int(poll.movedTo != nil ? 1 : 0)
            try FastStatement(db, """
                UPDATE feed SET last_poll = ?, last_success = ?, last_status = ?, last_error = NULL, error_count = 0,
                    next_due = ?, etag = CASE WHEN ? THEN ? ELSE coalesce(?, etag) END,
                    last_modified = CASE WHEN ? THEN ? ELSE coalesce(?, last_modified) END,
                    url = coalesce(?, url), poll_interval = coalesce(?, poll_interval) WHERE name = ?
                """).execute([.text(t), .text(t), .int(poll.status.map(Int64.init)), .text(due), moved, .text(poll.etag),
                              .text(poll.etag), moved, .text(poll.lastModified), .text(poll.lastModified), .text(poll.movedTo),
                              .double(poll.pollInterval), .text(feed)])
        }
    }

    /// Sets when a feed is due next (nil: now), outside a poll: a start that
    /// finds a stored time it cannot trust.
    package func reschedule(feed: String, nextDue: Date?) throws(StoreError) {
        try write("reschedule \(feed)") { db in
            try db.execute(sql: "UPDATE feed SET next_due = ? WHERE name = ?", arguments: [nextDue.map(UTCTime.iso8601), feed])
        }
    }
}
