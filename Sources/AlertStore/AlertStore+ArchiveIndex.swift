import FeedModel
import Foundation
import GRDB

/// Filling the archive's full-text index. FTS5 takes far longer to index an
/// article than the commit takes to store it (about 140 µs for 200 words on
/// the development machine, whatever the transaction size), so the commit only
/// keeps the text, and the index catches up in batches outside the polls'
/// commits; a search reads the articles the index does not hold yet as they are.
extension AlertStore {
    /// The last archived article id the index holds (0: none).
    static let indexedThroughSQL = "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'archive_indexed_through'), 0)"

    /// Adds up to `limit` archived articles the index does not hold yet, oldest
    /// first, in one transaction; returns how many (0: it is up to date, or
    /// this SQLite has no FTS5). `fold`: the matcher's tokens of each.
    @discardableResult
    package func indexArchive(limit: Int, fold: (ArchivedArticle) -> ArchivedArticle.Folded) throws(StoreError) -> Int {
        try write("index the archive") { db in
            guard try Self.indexExists(db) else { return 0 }
            let through = try Int64.fetchOne(db, sql: Self.indexedThroughSQL) ?? 0
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM article_text WHERE article_id > ? ORDER BY article_id LIMIT ?",
                                        arguments: [through, limit])
            guard !rows.isEmpty else { return 0 }
            let add = try db.cachedStatement(sql: "INSERT INTO article_fts (rowid, title, summary, content) VALUES (?, ?, ?, ?)")
            var last = through
            for r in rows {
                let a = try Self.archived(r)
                let f = fold(a)
                try add.execute(arguments: [a.id, f.title, a.level == .full ? f.summary : "", a.level == .full ? f.content : ""])
                last = a.id
            }
            try db.execute(sql: """
                INSERT INTO meta (key, value) VALUES ('archive_indexed_through', ?)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value
                """, arguments: [String(last)])
            return rows.count
        }
    }

    /// Archived articles the index does not hold yet.
    package func unindexedCount() throws(StoreError) -> Int {
        try read("count the articles not yet indexed") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM article_text WHERE article_id > (\(Self.indexedThroughSQL))") ?? 0
        }
    }
}
