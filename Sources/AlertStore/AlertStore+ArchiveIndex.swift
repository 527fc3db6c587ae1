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
    /// this SQLite has no FTS5). `fold`: the matcher's tokens of each. The
    /// articles are read and folded outside the write lock (folding is most
    /// of the work), so a poll's commit waits only for the index's inserts.
    @discardableResult
    package func indexArchive(limit: Int, fold: (ArchivedArticle) -> ArchivedArticle.Folded) throws(StoreError) -> Int {
        let batch: [(id: Int64, folded: ArchivedArticle.Folded)] = try read("read the articles to index") { db in
            guard try Self.indexExists(db) else { return [] }
            let through = try Int64.fetchOne(db, sql: Self.indexedThroughSQL) ?? 0
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT article_id, level, title, summary, content FROM article_text WHERE article_id > ? ORDER BY article_id LIMIT ?
                """), arguments: [through, limit])
            var out: [(Int64, ArchivedArticle.Folded)] = []
            while let r = try rows.next() {
                var a = ArchivedArticle(title: r[2], link: nil, summary: r[3], content: r[4], published: nil, updated: nil, language: nil,
                                        authors: [], categories: [], level: ArchiveLevel(rawValue: r[1]) ?? .full)
                a.id = r[0]
                out.append((a.id, fold(a)))
            }
            return out
        }
        guard let last = batch.last?.id else { return 0 }
        return try write("index the archive") { db in
            // Another indexer (a `feedwatch once` beside the daemon) may have got there first.
            let through = try Int64.fetchOne(db, sql: Self.indexedThroughSQL) ?? 0
            let add = try FastStatement(db, "INSERT INTO article_fts (rowid, title, summary, content) VALUES (?, ?, ?, ?)")
            var added = 0
            for (id, f) in batch where id > through {
                try add.execute([.int(id), .text(f.title), .text(f.summary), .text(f.content)])
                added += 1
            }
            guard last > through else { return 0 }
            try db.execute(sql: """
                INSERT INTO meta (key, value) VALUES ('archive_indexed_through', ?)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value
                """, arguments: [String(last)])
            return added
        }
    }

    /// Archived articles the index does not hold yet.
    package func unindexedCount() throws(StoreError) -> Int {
        try read("count the articles not yet indexed") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM article_text WHERE article_id > (\(Self.indexedThroughSQL))") ?? 0
        }
    }
}
