import FeedModel
import FeedwatchSupport
import Foundation
import GRDB

/// A topic's backfill over the archive, made to survive being killed: its
/// alerts and its progress are stored in the same transaction, and the unique
/// key (topic, article) keeps an article to one alert however often a chunk
/// is redone.
extension AlertStore {
    /// Where a topic's backfill stands.
    package struct BackfillState: Sendable, Equatable {
        /// The topic's query and scope the backfill was for.
        package var version: String
        package var since: Date
        package var until: Date
        /// Archived articles up to this id are done.
        package var doneThrough: Int64
        package var finished: Date?
    }

    package func backfillState(topic: String) throws(StoreError) -> BackfillState? {
        try read("read the backfill of \(topic)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM backfill WHERE topic = ?", arguments: [topic]).map { r in
                BackfillState(version: r["version"], since: Date(timeIntervalSince1970: Double(r["since"] as Int64)),
                              until: Date(timeIntervalSince1970: Double(r["until"] as Int64)), doneThrough: r["done_through"],
                              finished: (r["finished"] as String?).flatMap(UTCTime.parse))
            }
        }
    }

    /// Starts (or starts over) a topic's backfill for `version` over `since..<until`.
    package func beginBackfill(topic: String, version: String, since: Date, until: Date) throws(StoreError) {
        try write("start the backfill of \(topic)") { db in
            try db.execute(sql: """
                INSERT INTO backfill (topic, version, since, until) VALUES (?, ?, ?, ?)
                ON CONFLICT(topic) DO UPDATE SET version = excluded.version, since = excluded.since, until = excluded.until,
                    done_through = 0, finished = NULL
                """, arguments: [topic, version, Int64(since.timeIntervalSince1970), Int64(until.timeIntervalSince1970.rounded(.up))])
        }
    }

    /// One chunk of a backfill: its hits stored as backfilled alerts (an
    /// article the topic already alerted on is skipped) and the progress, at once.
    /// Returns how many alerts were stored. Progress is kept only while the
    /// backfill is still for `version` (a reload may have begun another).
    /// A hit with a story print (the topic has stories) joins or begins a
    /// story of its topic as a poll's article would, at the time it was first seen.
    @discardableResult
    package func storeBackfill(topic: String, version: String, hits: [(article: ArchivedArticle, match: TopicMatch)], doneThrough: Int64,
                               finished: Bool, now: Date, stories: (any StoryAssigning)? = nil) throws(StoreError) -> Int {
        let created = UTCTime.iso8601(now)
        stories?.beginTransaction()
        defer { stories?.endTransaction() }
        let stored = try write("store the backfill of \(topic)") { db in
            let feedID = try db.cachedStatement(sql: "SELECT id FROM feed WHERE name = ?")
            // Not for an article the topic already has, as an alert or (stories) under one of its stories.
            let add = try db.cachedStatement(sql: """
                INSERT INTO alert (topic, article_id, feed_id, feed, title, link, matched, created, backfilled)
                SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1 WHERE NOT EXISTS (
                    SELECT 1 FROM story_article sa JOIN story s ON s.id = sa.story_id WHERE s.topic = ?1 AND sa.article_id = ?2)
                ON CONFLICT (topic, article_id) DO NOTHING
                """)
            if let stories { try Self.consultStories(db, topic: topic, hits: hits.map(\.article), stories: stories) }
            var stored = 0
            for (a, m) in hits {
                // A feed no longer in the store has no row to point at: skipped.
                guard let feed = try Int64.fetchOne(feedID, arguments: [a.feed]) else { continue }
                if let stories, let print = m.story {
                    stored += try Self.backfillInStory(db, a, m, print: print, topic: topic, feed: feed, created: created, stories: stories,
                                                        sources: storySources)
                    continue
                }
                try add.execute(arguments: [topic, a.id, feed, a.feed, a.title, a.link, Self.termsJSON(m.matched), created])
                stored += db.changesCount
            }
            try db.execute(sql: "UPDATE backfill SET done_through = ?, finished = ? WHERE topic = ? AND version = ?",
                           arguments: [doneThrough, finished ? created : nil, topic, version])
            return stored
        }
        stories?.commitPending()
        return stored
    }

    /// The stored articles of `topic`'s stories within a window of the
    /// chunk's articles: the open stories hold only the last window's.
    private static func consultStories(_ db: Database, topic: String, hits: [ArchivedArticle], stories: any StoryAssigning) throws {
        guard let first = hits.map(\.firstSeen).min(), let last = hits.map(\.firstSeen).max() else { return }
        let window = stories.window(topic: topic)
        let rows = try Row.fetchAll(db, sql: """
            SELECT sa.story_id, sa.signature, sa.concepts, sa.language, sa.link_key, sa.seen, sa.words
            FROM story_article sa JOIN story s ON s.id = sa.story_id WHERE s.topic = ? AND sa.seen BETWEEN ? AND ?
            """, arguments: [topic, Int64((first.timeIntervalSince1970 - window).rounded(.down)),
                             Int64((last.timeIntervalSince1970 + window).rounded(.up))])
        stories.consult(rows.map { r in (r["story_id"], storyPrint(r), Date(timeIntervalSince1970: Double(r["seen"] as Int64))) }, topic: topic)
    }

    /// A backfilled hit under stories: an alert line when it begins a story
    /// (or a story line when it grows one past a `story-updates` figure),
    /// else recorded under its story. Returns the alert rows stored (0 or 1).
    private static func backfillInStory(_ db: Database, _ a: ArchivedArticle, _ m: TopicMatch, print: StoryPrint, topic: String, feed: Int64,
                                        created: String, stories: any StoryAssigning, sources: StorySources) throws -> Int {
        let known = try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM alert WHERE topic = ?1 AND article_id = ?2)
                OR EXISTS (SELECT 1 FROM story_article sa JOIN story s ON s.id = sa.story_id WHERE s.topic = ?1 AND sa.article_id = ?2)
            """, arguments: [topic, a.id]) ?? false
        guard !known else { return 0 }
        let seen = Date(timeIntervalSince1970: a.firstSeen.timeIntervalSince1970.rounded(.down))
        let place = try placeInStory(db, (a.title, a.link), article: a.id, topic: topic, print: print, stories: stories,
                                     feed: (feed, a.feed), created: (UTCTime.iso8601(seen), seen), sources: sources)
        let story: Int64, growth: StoryGrowth?
        switch place {
        case .quiet: return 0
        case .first(let s): (story, growth) = (s, nil)
        case .grew(let s, let g): (story, growth) = (s, g)
        }
        try db.execute(sql: """
            INSERT INTO alert (topic, article_id, feed_id, feed, title, link, matched, created, backfilled, story_id, story_sources, story_languages)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT (topic, article_id) DO NOTHING
            """, arguments: [topic, a.id, feed, a.feed, a.title, a.link, termsJSON(m.matched), created, story, growth?.sources, growth?.languages])
        return db.changesCount
    }

    /// The archived articles a topic alerted on among those first seen since
    /// `since` (backtest's comparison: only archived ones can be judged again).
    /// With stories, an article recorded under one of its stories counts: the
    /// topic matched it, and the story's line stood for it.
    package func alertedArticles(topic: String, since: Date) throws(StoreError) -> Set<Int64> {
        try read("read the alerts of \(topic)") { db in
            Set(try Int64.fetchAll(db, sql: """
                SELECT a.article_id FROM alert a JOIN article_text t ON t.article_id = a.article_id
                WHERE a.topic = ?1 AND a.story_sources IS NULL AND t.first_seen >= ?2
                UNION
                SELECT sa.article_id FROM story_article sa JOIN story s ON s.id = sa.story_id
                    JOIN article_text t ON t.article_id = sa.article_id
                WHERE s.topic = ?1 AND t.first_seen >= ?2
                """, arguments: [topic, Int64(since.timeIntervalSince1970)]))
        }
    }
}
