import FeedModel
import FeedwatchSupport
import Foundation
import GRDB

/// The article archive: written with a poll's entries (in `commit`'s
/// transaction), read back for search, backtest and backfill, pruned with the entries.
extension AlertStore {
    /// Which archived articles to read.
    package struct ArchiveFilter: Sendable {
        /// First seen at or after / before.
        package var since: Date?
        package var until: Date?
        /// Only articles first brought by these feeds (nil: any).
        package var feeds: Set<String>?
        package var language: String?
        /// An FTS5 expression over title, summary and content (nil: every article).
        package var fullText: String?
        /// Oldest first (backfill), else newest first.
        package var ascending = false
        /// Only ids past this one (ascending) or before it (descending); 0: no bound.
        package var afterID: Int64 = 0
        /// At most this many articles (nil: all).
        package var limit: Int?

        package init(since: Date? = nil, until: Date? = nil, feeds: Set<String>? = nil, language: String? = nil, fullText: String? = nil) {
            self.since = since
            self.until = until
            self.feeds = feeds
            self.language = language
            self.fullText = fullText
        }
    }

    /// Whether the store has the full-text index (SQLite built with FTS5).
    package func hasFullTextIndex() throws(StoreError) -> Bool {
        try read("look for the full-text index") { db in try db.tableExists("article_fts") }
    }

    /// The archived articles in `filter`, in order, until `body` returns false
    /// (one read transaction: a consistent view while the daemon writes).
    package func forEachArchived(_ filter: ArchiveFilter, _ body: (ArchivedArticle) throws -> Bool) throws(StoreError) {
        var sql = "SELECT \(Self.archivedColumns) FROM article_text WHERE 1"
        var args: [(any DatabaseValueConvertible)?] = []
        if let q = filter.fullText {
            // The index is filled in the background: articles past what it
            // holds are read (and matched) as they are.
            sql += """
                 AND article_id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?
                    UNION ALL SELECT article_id FROM article_text WHERE article_id > (\(Self.indexedThroughSQL)))
                """
            args.append(q)
        }
        // The window as a range of ids (archive_span: no index on first_seen), then exactly.
        if let since = filter.since {
            let seconds = Int64(since.timeIntervalSince1970.rounded(.down))
            sql += " AND article_id >= (SELECT coalesce(min(first_id), 9223372036854775807) FROM archive_span WHERE day >= ? / 86400)"
            sql += " AND first_seen >= ?"
            args += [seconds, seconds]
        }
        if let until = filter.until {
            let seconds = Int64(until.timeIntervalSince1970.rounded(.up))
            sql += " AND article_id <= (SELECT coalesce(max(last_id), -1) FROM archive_span WHERE day <= ? / 86400)"
            sql += " AND first_seen < ?"
            args += [seconds, seconds]
        }
        if let feeds = filter.feeds {
            sql += " AND feed IN (\(feeds.map { _ in "?" }.joined(separator: ",")))"
            args += feeds.sorted().map { $0 }
        }
        if let lang = filter.language {
            sql += " AND language = ?"
            args.append(lang)
        }
        if filter.afterID > 0 {
            sql += filter.ascending ? " AND article_id > ?" : " AND article_id < ?"
            args.append(filter.afterID)
        }
        sql += filter.ascending ? " ORDER BY article_id" : " ORDER BY article_id DESC"
        if let limit = filter.limit {
            sql += " LIMIT ?"
            args.append(limit)
        }
        let arguments = StatementArguments(args)
        try read("read the archive") { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let r = try rows.next() {
                guard try body(Self.archived(r)) else { return }
            }
        }
    }

    /// Archived articles by id (those gone from the archive left out), in id order.
    package func archivedArticles(ids: [Int64]) throws(StoreError) -> [ArchivedArticle] {
        try read("read the archive") { db in
            let one = try db.cachedStatement(sql: "SELECT \(Self.archivedColumns) FROM article_text WHERE article_id = ?")
            return try ids.sorted().compactMap { id in try Row.fetchOne(one, arguments: [id]).map(Self.archived) }
        }
    }

    /// How many articles the archive holds.
    package func archivedCount() throws(StoreError) -> Int {
        try read("count the archive") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM article_text") ?? 0 }
    }

    /// The statement `archive` runs, prepared once per commit.
    static func archiveStatement(_ db: Database) throws -> FastStatement {
        try FastStatement(db, """
            INSERT INTO article_text (article_id, feed, level, title, link, summary, content, published, updated, language,
                authors, categories, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    /// Keeps a new article in the archive (the index gets it later, from `indexArchive`);
    /// `span`: the first and last id the commit archived, for `noteArchiveSpan`.
    /// `lists`: its authors and categories as JSON, made before the transaction.
    static func archive(_ add: FastStatement, _ a: ArchivedArticle, lists: PreparedPoll.ArchiveLists, article: Int64, feed: String,
                        seconds: Int64, span: inout (first: Int64, last: Int64)?) throws {
        span = (span?.first ?? article, article)
        let full = a.level == .full
        try add.execute([.int(article), .text(feed), .text(a.level.rawValue), .text(a.title), .text(a.link),
                         .text(full ? a.summary : nil), .text(full ? a.content : nil),
                         .double(a.published?.timeIntervalSince1970), .double(a.updated?.timeIntervalSince1970), .text(a.language),
                         .text(lists.authors), .text(lists.categories), .int(seconds)])
    }

    /// Widens the range of ids archived on the UTC day of `seconds` to hold
    /// `ids` (the articles one commit archived, all first seen then).
    static func noteArchiveSpan(_ db: Database, _ ids: (first: Int64, last: Int64), seconds: Int64) throws {
        try FastStatement(db, """
            INSERT INTO archive_span (day, first_id, last_id) VALUES (?1 / 86400, ?2, ?3)
            ON CONFLICT (day) DO UPDATE SET first_id = min(first_id, excluded.first_id), last_id = max(last_id, excluded.last_id)
            """).execute([.int(seconds), .int(ids.first), .int(ids.last)])
    }

    /// Forgets archived articles first seen before `cutoff` that no feed lists
    /// any more (their entries pruned): the archive follows `retention`.
    /// `refold` gives the tokens each was indexed with, which a contentless
    /// index needs to forget it; without it, their index entries stay behind
    /// (never shown: hits are read through article_text).
    @discardableResult
    static func pruneArchive(_ db: Database, before cutoff: Int64,
                             refold: ((ArchivedArticle) -> ArchivedArticle.Folded)?) throws -> Int {
        let condition = """
            article_id <= (SELECT coalesce(max(last_id), -1) FROM archive_span WHERE day <= ?1 / 86400)
                AND first_seen < ?1 AND article_id NOT IN (SELECT article_id FROM entry)
            """
        if let refold, try indexExists(db) {
            let forget = try db.cachedStatement(sql: """
                INSERT INTO article_fts (article_fts, rowid, title, summary, content) VALUES ('delete', ?, ?, ?, ?)
                """)
            let rows = try Row.fetchCursor(db, sql: "SELECT \(archivedColumns) FROM article_text WHERE \(condition) AND article_id <= (\(indexedThroughSQL))",
                                           arguments: [cutoff])
            while let r = try rows.next() {
                let a = try archived(r)
                let f = refold(a)
                try forget.execute(arguments: [a.id, f.title, a.level == .full ? f.summary : "", a.level == .full ? f.content : ""])
            }
        }
        try db.execute(sql: "DELETE FROM article_text WHERE \(condition)", arguments: [cutoff])
        let forgotten = db.changesCount
        // A day's range once none of its ids is archived any more (the ranges of
        // articles still kept each hold their own id: never one of these).
        try db.execute(sql: """
            DELETE FROM archive_span WHERE day <= ? / 86400
                AND NOT EXISTS (SELECT 1 FROM article_text WHERE article_id BETWEEN first_id AND last_id)
            """, arguments: [cutoff])
        return forgotten
    }

    static func indexExists(_ db: Database) throws -> Bool {
        try db.tableExists("article_fts")
    }

    /// The columns `archived` reads, by position: by name, GRDB lower-cases
    /// each look-up, a third of reading an article back for a backtest.
    static let archivedColumns = """
        article_id, feed, level, title, link, summary, content, published, updated, language, authors, categories, first_seen
        """

    static func archived(_ r: Row) throws -> ArchivedArticle {
        let published: Double? = r[7]
        let updated: Double? = r[8]
        var a = ArchivedArticle(title: r[3], link: r[4], summary: r[5], content: r[6],
                                published: published.map(Date.init(timeIntervalSince1970:)),
                                updated: updated.map(Date.init(timeIntervalSince1970:)), language: r[9],
                                authors: try list(r[10]), categories: try list(r[11]),
                                level: ArchiveLevel(rawValue: r[2]) ?? .full)
        a.id = r[0]
        a.feed = r[1]
        a.firstSeen = Date(timeIntervalSince1970: Double(r[12] as Int64))
        return a
    }

    /// The list as JSON text, exactly as `JSONWriter` writes it. Most names and
    /// categories need no escape: those are copied between quotes as they are
    /// (the writer's scalar-by-scalar path was a seventh of archiving an article).
    static func jsonList(_ items: [String]) -> String {
        guard !items.isEmpty else { return "[]" }
        guard items.allSatisfy({ $0.utf8.allSatisfy(isPlainJSON) }) else {
            var w = JSONWriter(pretty: false)
            w.beginArray()
            for i in items { w.string(i) }
            w.endArray()
            return w.output
        }
        var out = "["
        out.reserveCapacity(items.reduce(2) { $0 + $1.utf8.count + 3 })
        for (n, i) in items.enumerated() {
            out += n == 0 ? "\"" : ",\""
            out += i
            out += "\""
        }
        out += "]"
        return out
    }

    /// A byte JSONWriter copies as it is: not a control character, quote or
    /// backslash, nor the first byte of U+2028/U+2029 (0xE2 also starts other
    /// characters, which then take the writer's path: the same text).
    private static func isPlainJSON(_ b: UInt8) -> Bool {
        b >= 0x20 && b != 0x7F && b != 0x22 && b != 0x5C && b != 0xE2
    }

    private static func list(_ text: String) throws -> [String] {
        guard text != "[]" else { return [] }
        do {
            return try JSONStringList.decode(text)
        } catch {
            throw StoreError("an archived article's authors or categories are not a JSON list of strings (\(text)): \(error)")
        }
    }
}
