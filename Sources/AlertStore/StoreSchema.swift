import GRDB

/// The schema, as numbered migrations. Each sets `PRAGMA user_version` to its
/// number, so `sqlite3 feedwatch.sqlite 'PRAGMA user_version'` tells which
/// feedwatch wrote a file; a file from a newer feedwatch is refused rather
/// than half understood. The README documents the tables.
enum StoreSchema {
    /// The version this build writes.
    static let version = 7

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                );
                -- One row per [feed NAME] of feeds.conf, kept across restarts and reloads.
                CREATE TABLE feed (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    -- What feeds.conf says, and where the feed is fetched from now
                    -- (a permanent redirect moves the second, not the first).
                    config_url TEXT NOT NULL,
                    url TEXT NOT NULL,
                    etag TEXT,
                    last_modified TEXT,
                    last_poll TEXT,
                    last_success TEXT,
                    last_content TEXT,
                    last_status INTEGER,
                    last_error TEXT,
                    error_count INTEGER NOT NULL DEFAULT 0,
                    next_due TEXT,
                    -- Seconds between polls learned from how often it publishes.
                    poll_interval REAL,
                    entry_count INTEGER NOT NULL DEFAULT 0,
                    enabled INTEGER NOT NULL DEFAULT 1
                );
                -- A story, however many feeds carry it: one per normalised link
                -- (url_hash: 64-bit FNV-1a of it; an entry without a link is an
                -- article of its own). Times in this table and in entry are Unix
                -- seconds (datetime(first_seen, 'unixepoch')): there are millions.
                CREATE TABLE article (
                    id INTEGER PRIMARY KEY,
                    url_hash INTEGER UNIQUE,
                    first_seen INTEGER NOT NULL
                );
                -- The identities seen on each feed (new-entry detection); title_hash
                -- tells an updated title. last_seen: the last poll that listed it.
                CREATE TABLE entry (
                    feed_id INTEGER NOT NULL REFERENCES feed(id) ON DELETE CASCADE,
                    identity TEXT NOT NULL,
                    article_id INTEGER NOT NULL REFERENCES article(id),
                    title_hash INTEGER,
                    first_seen INTEGER NOT NULL,
                    last_seen INTEGER NOT NULL,
                    PRIMARY KEY (feed_id, identity)
                ) WITHOUT ROWID;
                -- One alert per topic and article; delivered once it is in the alert log.
                CREATE TABLE alert (
                    id INTEGER PRIMARY KEY,
                    topic TEXT NOT NULL,
                    article_id INTEGER NOT NULL REFERENCES article(id),
                    feed_id INTEGER NOT NULL REFERENCES feed(id),
                    feed TEXT NOT NULL,
                    title TEXT,
                    link TEXT,
                    matched TEXT NOT NULL,
                    created TEXT NOT NULL,
                    delivered TEXT,
                    UNIQUE (topic, article_id)
                );
                CREATE INDEX alert_undelivered ON alert(id) WHERE delivered IS NULL;
                PRAGMA user_version = 1;
                """)
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('instance', ?)", arguments: [instanceID()])
        }
        m.registerMigration("v2") { db in
            // For `feedwatch alerts --since/--topic/--feed`.
            try db.execute(sql: """
                CREATE INDEX alert_created ON alert(created);
                CREATE INDEX alert_topic ON alert(topic, created);
                CREATE INDEX alert_feed ON alert(feed, created);
                PRAGMA user_version = 2;
                """)
        }
        m.registerMigration("v3") { db in
            // The flood guard: alerts past a feed's hourly limit are kept, held
            // back from the log until `feedwatch release FEED`.
            try db.execute(sql: """
                ALTER TABLE alert ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX alert_held ON alert(feed) WHERE held;
                PRAGMA user_version = 3;
                """)
        }
        m.registerMigration("v4", migrate: ArchiveSchema.migrate)
        m.registerMigration("v5") { db in
            // Sinks (issue 15): one outbox row per (alert, sink), made by a
            // trigger from sink_route in the transaction that stores the alert,
            // so no commit path needs to know about sinks. Digests gather rows
            // of a period; a digest is one message, resent whole until sent.
            try db.execute(sql: """
                CREATE TABLE sink_route (
                    topic TEXT NOT NULL,
                    sink TEXT NOT NULL,
                    PRIMARY KEY (topic, sink)
                ) WITHOUT ROWID;
                CREATE TABLE digest (
                    id INTEGER PRIMARY KEY,
                    sink TEXT NOT NULL,
                    period TEXT NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
                    tries INTEGER NOT NULL DEFAULT 0,
                    next_try REAL NOT NULL DEFAULT 0,
                    last_error TEXT,
                    done TEXT,
                    UNIQUE (sink, period)
                );
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY,
                    alert_id INTEGER NOT NULL REFERENCES alert(id),
                    sink TEXT NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
                    tries INTEGER NOT NULL DEFAULT 0,
                    -- Unix seconds: not before then (backoff, Retry-After).
                    next_try REAL NOT NULL DEFAULT 0,
                    last_error TEXT,
                    -- When it was delivered or parked as failed.
                    done TEXT,
                    digest_id INTEGER REFERENCES digest(id),
                    UNIQUE (alert_id, sink)
                );
                CREATE INDEX outbox_pending ON outbox(sink, id) WHERE state = 'pending';
                CREATE INDEX outbox_sink_state ON outbox(sink, state);
                CREATE TRIGGER alert_outbox AFTER INSERT ON alert BEGIN
                    INSERT INTO outbox (alert_id, sink) SELECT NEW.id, sink FROM sink_route WHERE topic = NEW.topic;
                END;
                PRAGMA user_version = 5;
                """)
        }
        m.registerMigration("v6") { db in
            // Stories: the articles of one event across outlets and languages,
            // one alert line for the first, a `story` line as it grows. An
            // alert row with story_sources set is such a story line. Times of
            // story as in alert (text), of story_article as in entry (seconds).
            try db.execute(sql: """
                CREATE TABLE story (
                    id INTEGER PRIMARY KEY,
                    topic TEXT NOT NULL,
                    first_seen TEXT NOT NULL,
                    last_seen TEXT NOT NULL,
                    title TEXT,
                    link TEXT,
                    sources INTEGER NOT NULL DEFAULT 1,
                    languages INTEGER NOT NULL DEFAULT 0,
                    -- The largest story-updates figure a story line was stored for.
                    announced INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX story_topic ON story(topic, last_seen);
                CREATE INDEX story_last_seen ON story(last_seen);
                -- Each article under a story, per feed, with its story print
                -- (MinHash signature, entity and concept ids, language, link
                -- key), so that open stories come back after a restart.
                CREATE TABLE story_article (
                    story_id INTEGER NOT NULL REFERENCES story(id),
                    article_id INTEGER NOT NULL REFERENCES article(id),
                    feed_id INTEGER NOT NULL REFERENCES feed(id),
                    feed TEXT NOT NULL,
                    title TEXT,
                    link TEXT,
                    language TEXT,
                    seen INTEGER NOT NULL,
                    signature BLOB NOT NULL,
                    concepts TEXT NOT NULL,
                    link_key TEXT,
                    words INTEGER NOT NULL,
                    PRIMARY KEY (story_id, article_id, feed_id)
                ) WITHOUT ROWID;
                CREATE INDEX story_article_seen ON story_article(seen);
                CREATE INDEX story_article_article ON story_article(article_id);
                ALTER TABLE alert ADD COLUMN story_id INTEGER REFERENCES story(id);
                ALTER TABLE alert ADD COLUMN story_sources INTEGER;
                ALTER TABLE alert ADD COLUMN story_languages INTEGER;
                PRAGMA user_version = 6;
                """)
        }
        m.registerMigration("v7") { db in
            // The archive without its index on first_seen: keeping that index
            // was a fifth of archiving an article in a poll's commit. An
            // article's id grows with its commit, so a time window is found as
            // a range of ids from the first and last id archived on each UTC
            // day (a clock set back only widens a day's range: still every
            // article of the window, which `first_seen` then filters exactly).
            try db.execute(sql: """
                CREATE TABLE archive_span (
                    day INTEGER PRIMARY KEY,
                    first_id INTEGER NOT NULL,
                    last_id INTEGER NOT NULL
                );
                INSERT INTO archive_span (day, first_id, last_id)
                    SELECT first_seen / 86400, min(article_id), max(article_id) FROM article_text GROUP BY first_seen / 86400;
                DROP INDEX article_text_seen;
                PRAGMA user_version = 7;
                """)
        }
        return m
    }

    /// Eight hex digits naming this database in alert ids.
    private static func instanceID() -> String {
        let v = UInt32.random(in: 0...UInt32.max)
        let hex = String(v, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
