import FeedModel
import FeedwatchSupport
import Foundation
import GRDB

/// The outbox: one row per (alert, sink), made by the `alert_outbox` trigger
/// (schema v4) in the transaction that stores the alert, for the sinks
/// `sink_route` names for its topic. Each sink's deliverer takes its rows in
/// id order, marks them delivered, or counts a failed try; after too many, a
/// row is parked as failed (kept, shown, retried on request), never dropped.
extension AlertStore {
    /// Which sinks each topic's alerts go to from now on (the whole table is
    /// replaced: feeds.conf as loaded or reloaded). Alerts stored before are
    /// not sent to a sink added since.
    package func setSinkRoutes(_ routes: [(topic: String, sink: String)]) throws(StoreError) {
        try write("save which sinks each topic goes to") { db in
            try db.execute(sql: "DELETE FROM sink_route")
            let add = try db.cachedStatement(sql: "INSERT OR IGNORE INTO sink_route (topic, sink) VALUES (?, ?)")
            for r in routes { try add.execute(arguments: [r.topic, r.sink]) }
        }
    }

    /// The sink's oldest pending rows outside digests whose alerts are not
    /// held, at most `limit`, in order: rows go out in order, so the first
    /// goes first, even while it waits for its next try.
    package func pendingOutbox(sink: String, limit: Int) throws(StoreError) -> [OutboxItem] {
        try read("read the outbox of \(sink)") { db in
            try Row.fetchAll(db, sql: """
                SELECT a.*, o.id AS outbox_id, o.tries AS outbox_tries, o.next_try AS outbox_next FROM outbox o
                JOIN alert a ON a.id = o.alert_id
                WHERE o.sink = ? AND o.state = 'pending' AND o.digest_id IS NULL AND NOT a.held ORDER BY o.id LIMIT ?
                """, arguments: [sink, limit]).map { r in
                OutboxItem(id: r["outbox_id"], sink: sink, alert: try alert(r), tries: r["outbox_tries"],
                           notBefore: Date(timeIntervalSince1970: r["outbox_next"]))
            }
        }
    }

    /// The first of `pendingOutbox` (nil: none).
    package func nextOutbox(sink: String) throws(StoreError) -> OutboxItem? {
        try pendingOutbox(sink: sink, limit: 1).first
    }

    /// The receiver took them (one transaction for a run of deliveries).
    package func markOutboxDelivered(_ ids: [Int64], at time: Date) throws(StoreError) {
        guard !ids.isEmpty else { return }
        try write("mark outbox rows delivered") { db in
            let s = try db.cachedStatement(sql: "UPDATE outbox SET state = 'delivered', done = ?, last_error = NULL WHERE id = ? AND state = 'pending'")
            let t = UTCTime.iso8601(time)
            for id in ids { try s.execute(arguments: [t, id]) }
        }
    }

    package func markOutboxDelivered(_ id: Int64, at time: Date) throws(StoreError) {
        try markOutboxDelivered([id], at: time)
    }

    /// One failed try of a row of `table` (outbox or digest, which share these
    /// columns): counted, and pending again from `retryAt` or parked. Returns whether it is parked now.
    static func recordFailedTry(_ db: Database, table: String, id: Int64, error: String, retryAt: Date, maxTries: Int, park: Bool,
                                at time: Date) throws -> Bool {
        try db.execute(sql: """
            UPDATE \(table) SET tries = tries + 1, last_error = ?, next_try = ?,
                state = CASE WHEN ? OR tries + 1 >= ? THEN 'failed' ELSE 'pending' END,
                done = CASE WHEN ? OR tries + 1 >= ? THEN ? ELSE NULL END
            WHERE id = ? AND state = 'pending'
            """, arguments: [error, retryAt.timeIntervalSince1970, park, maxTries, park, maxTries, UTCTime.iso8601(time), id])
        return try String.fetchOne(db, sql: "SELECT state FROM \(table) WHERE id = ?", arguments: [id]) == "failed"
    }

    /// A failed try: tried again from `retryAt`, or parked as failed once it
    /// has had `maxTries` (at once when `park`: an answer that says trying again
    /// will not help). Returns whether it is parked now.
    @discardableResult
    package func markOutboxFailed(_ id: Int64, error: String, retryAt: Date, maxTries: Int, park: Bool = false,
                                  at time: Date) throws(StoreError) -> Bool {
        try write("record a failed delivery") { db in
            try Self.recordFailedTry(db, table: "outbox", id: id, error: error, retryAt: retryAt, maxTries: maxTries, park: park, at: time)
        }
    }

    /// Per sink: rows delivered, pending and failed, and the last error.
    package func sinkCounts() throws(StoreError) -> [SinkCounts] {
        try read("count the outbox") { db in
            var out: [String: SinkCounts] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT sink, state, count(*) AS n FROM outbox GROUP BY sink, state") {
                let sink: String = r["sink"]
                var c = out[sink] ?? SinkCounts(sink: sink)
                switch r["state"] as String {
                case "delivered": c.delivered = r["n"]
                case "failed": c.failed = r["n"]
                default: c.pending = r["n"]
                }
                out[sink] = c
            }
            for sink in out.keys {
                out[sink]?.lastError = try String.fetchOne(db, sql: """
                    SELECT last_error FROM outbox WHERE sink = ? AND state != 'delivered' AND last_error IS NOT NULL
                    ORDER BY id DESC LIMIT 1
                    """, arguments: [sink])
            }
            return out.values.sorted { $0.sink < $1.sink }
        }
    }

    /// Rows of one sink (or all), newest first: failed ones only when `failed`.
    package func outboxRows(sink: String?, failed: Bool, limit: Int = 100) throws(StoreError) -> [(item: OutboxItem, state: String, error: String?)] {
        var sql = """
            SELECT a.*, o.id AS outbox_id, o.sink AS outbox_sink, o.tries AS outbox_tries, o.next_try AS outbox_next,
                o.state AS outbox_state, o.last_error AS outbox_error FROM outbox o JOIN alert a ON a.id = o.alert_id WHERE 1
            """
        var args: [(any DatabaseValueConvertible)?] = []
        if let sink {
            sql += " AND o.sink = ?"
            args.append(sink)
        }
        if failed { sql += " AND o.state = 'failed'" }
        sql += " ORDER BY o.id DESC LIMIT ?"
        args.append(limit)
        let arguments = StatementArguments(args)
        return try read("read the outbox") { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { r in
                (OutboxItem(id: r["outbox_id"], sink: r["outbox_sink"], alert: try alert(r), tries: r["outbox_tries"],
                            notBefore: Date(timeIntervalSince1970: r["outbox_next"])), r["outbox_state"], r["outbox_error"])
            }
        }
    }

    /// `feedwatch retry SINK`: its failed rows (and digests) pending again, tries
    /// counted afresh; returns how many.
    package func retryFailed(sink: String) throws(StoreError) -> Int {
        try write("put the failed deliveries of \(sink) back") { db in
            try db.execute(sql: "UPDATE outbox SET state = 'pending', tries = 0, next_try = 0, done = NULL WHERE sink = ? AND state = 'failed'",
                           arguments: [sink])
            let rows = db.changesCount
            try db.execute(sql: "UPDATE digest SET state = 'pending', tries = 0, next_try = 0, done = NULL WHERE sink = ? AND state = 'failed'",
                           arguments: [sink])
            return rows
        }
    }
}
