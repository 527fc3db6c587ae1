import FeedModel
import FeedwatchSupport
import Foundation
import GRDB

/// Digests: a period's pending outbox rows of a sink gathered into one
/// `digest` row in one transaction (each row in exactly one digest), sent
/// whole, and marked delivered with its rows.
extension AlertStore {
    /// Gathers the sink's pending rows whose alerts were stored before
    /// `before` into the digest of `period`; false when there are none, or
    /// the period has its digest already (later rows wait for the next).
    package func closeDigest(sink: String, period: String, before: Date) throws(StoreError) -> Bool {
        let cutoff = UTCTime.iso8601(before)
        return try write("gather the digest of \(sink)") { db in
            let waiting = """
                FROM outbox o JOIN alert a ON a.id = o.alert_id
                WHERE o.sink = ? AND o.state = 'pending' AND o.digest_id IS NULL AND NOT a.held AND a.created < ?
                """
            guard try Int.fetchOne(db, sql: "SELECT count(*) \(waiting)", arguments: [sink, cutoff]) ?? 0 > 0 else { return false }
            try db.execute(sql: "INSERT INTO digest (sink, period) VALUES (?, ?) ON CONFLICT (sink, period) DO NOTHING",
                           arguments: [sink, period])
            guard db.changesCount > 0 else { return false }
            let id = db.lastInsertedRowID
            try db.execute(sql: "UPDATE outbox SET digest_id = ? WHERE id IN (SELECT o.id \(waiting))", arguments: [id, sink, cutoff])
            return true
        }
    }

    /// The sink's oldest pending digest with its alerts (nil: none).
    package func nextDigest(sink: String) throws(StoreError) -> DigestItem? {
        try read("read the digests of \(sink)") { db in
            guard let d = try Row.fetchOne(db, sql: "SELECT * FROM digest WHERE sink = ? AND state = 'pending' ORDER BY id LIMIT 1",
                                           arguments: [sink]) else { return nil }
            let id: Int64 = d["id"]
            let rows = try Row.fetchAll(db, sql: "SELECT a.* FROM outbox o JOIN alert a ON a.id = o.alert_id WHERE o.digest_id = ? ORDER BY o.id",
                                        arguments: [id])
            return DigestItem(id: id, key: "\(instance)-digest-\(id)", sink: sink, period: d["period"], alerts: try rows.map(alert),
                              tries: d["tries"], notBefore: Date(timeIntervalSince1970: d["next_try"]))
        }
    }

    package func markDigestDelivered(_ id: Int64, at time: Date) throws(StoreError) {
        let t = UTCTime.iso8601(time)
        try write("mark a digest delivered") { db in
            try db.execute(sql: "UPDATE digest SET state = 'delivered', done = ?, last_error = NULL WHERE id = ?", arguments: [t, id])
            try db.execute(sql: "UPDATE outbox SET state = 'delivered', done = ?, last_error = NULL WHERE digest_id = ?", arguments: [t, id])
        }
    }

    /// As `markOutboxFailed`, for a digest and its rows.
    @discardableResult
    package func markDigestFailed(_ id: Int64, error: String, retryAt: Date, maxTries: Int, park: Bool = false,
                                  at time: Date) throws(StoreError) -> Bool {
        try write("record a failed digest") { db in
            let parked = try Self.recordFailedTry(db, table: "digest", id: id, error: error, retryAt: retryAt, maxTries: maxTries,
                                                  park: park, at: time)
            try db.execute(sql: "UPDATE outbox SET state = ?, last_error = ?, done = ? WHERE digest_id = ?",
                           arguments: [parked ? "failed" : "pending", error, parked ? UTCTime.iso8601(time) : nil, id])
            return parked
        }
    }
}
