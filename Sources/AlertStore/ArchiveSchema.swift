import GRDB

/// Schema v4: the article archive, its full-text index, the backfill state,
/// and views for reading the store with sqlite3. One migration, self-contained.
enum ArchiveSchema {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            -- The article of each new entry as the matcher saw it (archive = full;
            -- titles: no summary or content), kept as long as retention keeps the
            -- entries. Times are Unix seconds, as in article and entry.
            CREATE TABLE article_text (
                article_id INTEGER PRIMARY KEY,
                feed TEXT NOT NULL,
                level TEXT NOT NULL,
                title TEXT,
                link TEXT,
                summary TEXT,
                content TEXT,
                published REAL,
                updated REAL,
                language TEXT,
                authors TEXT NOT NULL DEFAULT '[]',
                categories TEXT NOT NULL DEFAULT '[]',
                first_seen INTEGER NOT NULL
            );
            CREATE INDEX article_text_seen ON article_text(first_seen);
            -- Alerts found by a topic's backfill over the archive rather than by a poll.
            ALTER TABLE alert ADD COLUMN backfilled INTEGER NOT NULL DEFAULT 0;
            -- A topic's backfill: which version of it (query and scope) ran over
            -- which window, how far it got (article ids up to `done_through`), and
            -- when it finished (NULL: to be resumed).
            CREATE TABLE backfill (
                topic TEXT PRIMARY KEY,
                version TEXT NOT NULL,
                since INTEGER NOT NULL,
                until INTEGER NOT NULL,
                done_through INTEGER NOT NULL DEFAULT 0,
                finished TEXT
            );
            -- For sqlite3: alerts with their article, times as ISO text, matched terms as field:term.
            CREATE VIEW alerts AS
                SELECT a.id, a.topic, a.feed, coalesce(t.title, a.title) AS title, coalesce(t.link, a.link) AS link,
                    a.created, a.delivered, a.held, a.backfilled,
                    strftime('%Y-%m-%dT%H:%M:%SZ', t.published, 'unixepoch') AS published,
                    (SELECT group_concat(json_extract(m.value, '$.field') || ':' || json_extract(m.value, '$.term'), ', ')
                        FROM json_each(a.matched) m) AS matched
                FROM alert a LEFT JOIN article_text t ON t.article_id = a.article_id;
            -- For sqlite3: the archived articles with their text.
            CREATE VIEW articles AS
                SELECT article_id AS id, feed, title, link, summary, content, language, authors, categories,
                    strftime('%Y-%m-%dT%H:%M:%SZ', published, 'unixepoch') AS published,
                    strftime('%Y-%m-%dT%H:%M:%SZ', updated, 'unixepoch') AS updated,
                    strftime('%Y-%m-%dT%H:%M:%SZ', first_seen, 'unixepoch') AS first_seen
                FROM article_text;
            PRAGMA user_version = 4;
            """)
        try createIndex(db)
    }

    /// The full-text index is a pre-filter only (the matcher decides), so a
    /// SQLite without FTS5 just goes without: search and backtest then scan.
    /// Contentless: it holds the matcher's own tokens (space-separated, which
    /// the `ascii` tokenizer splits exactly there), not a second copy of the
    /// text; column detail, as the pre-filter needs no positions.
    static func createIndex(_ db: Database) throws {
        guard try hasFTS5(db) else { return }
        try db.execute(sql: """
            CREATE VIRTUAL TABLE article_fts USING fts5(title, summary, content, content = '', tokenize = 'ascii',
                detail = 'column', columnsize = 0)
            """)
    }

    static func hasFTS5(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT sqlite_compileoption_used('ENABLE_FTS5')") ?? false
    }
}
