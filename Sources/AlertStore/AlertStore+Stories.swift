import FeedModel
import FeedwatchSupport
import Foundation
import GRDB

/// Stories in the store: where the commit puts an article of a topic that
/// groups its alerts (`stories = yes`), and what `feedwatch stories` reads.
extension AlertStore {
    /// What an article's match comes to under stories.
    enum StoryPlace {
        /// The first of a new story: its alert line, with the story id.
        case first(Int64)
        /// Grew its story past a `story-updates` figure: a story line.
        case grew(Int64, StoryGrowth)
        /// Recorded under its story, no line.
        case quiet
    }

    /// The column a story line shows its story's first title from.
    static let storyTitle = "(SELECT title FROM story WHERE story.id = alert.story_id) AS story_title"

    /// The story columns of a match's alert row: none without stories; nil
    /// when the article is recorded under its story and writes no line.
    /// `newArticle`: the commit made the article and has not placed it under this topic yet.
    static func storyColumns(_ db: Database, _ e: Entry, article: Int64, match p: PreparedPoll.Match, newArticle: Bool,
                             stories: (any StoryAssigning)?, sources: StorySources, feed: (id: Int64, name: String),
                             created: (text: String, time: Date)) throws -> (Int64?, StoryGrowth?)? {
        guard let print = p.match.story, let stories else { return (nil, nil) }
        switch try placeInStory(db, (e.title, e.link), article: article, topic: p.match.topic, print: print, stories: stories, feed: feed,
                                created: created, sources: sources, columns: p.member, newArticle: newArticle) {
        case .quiet: return nil
        case .first(let s): return (s, nil)
        case .grew(let s, let g): return (s, g)
        }
    }

    /// Inside the commit's transaction. The same article (same normalised
    /// link, from another feed) joins its story whatever the window; else the
    /// open stories decide; else it begins one. `columns`: the member's,
    /// made before the transaction (nil: made here). `newArticle`: the
    /// transaction made the article and has not placed it under `topic`, so
    /// that no alert or story row of it can exist (none is read).
    static func placeInStory(_ db: Database, _ e: (title: String?, link: String?), article: Int64, topic: String, print: StoryPrint,
                             stories: any StoryAssigning, feed: (id: Int64, name: String), created: (text: String, time: Date),
                             sources: StorySources, columns: PreparedPoll.MemberColumns? = nil,
                             newArticle: Bool = false) throws -> StoryPlace {
        var ofArticle: Int64?, alerted = false
        if !newArticle {
            // Cached statements: this runs for every matched article inside the
            // commit's write lock, where preparing each anew was a third of it.
            ofArticle = try FastStatement(db, """
                SELECT sa.story_id FROM story_article sa JOIN story s ON s.id = sa.story_id WHERE sa.article_id = ? AND s.topic = ? LIMIT 1
                """).run([.int(article), .text(topic)], row: { $0.int64(0) }) ?? nil
            alerted = try FastStatement(db, "SELECT 1 FROM alert WHERE topic = ? AND article_id = ?")
                .run([.text(topic), .int(article)], row: { _ in true }) ?? false
        }
        // An article alerted before its topic had stories keeps its one alert.
        if ofArticle == nil, alerted { return .quiet }
        let member = Member(title: e.title, link: e.link, article: article, print: print, columns: columns ?? .init(print), feed: feed,
                            seen: Int64(created.time.timeIntervalSince1970))
        if let story = ofArticle ?? stories.story(of: print, topic: topic, at: created.time) {
            // What the member adds to the story's counts, read before it is stored.
            let counts = try StoryCounts.read(db, story: story, adding: member, sources: sources)
            let added = try member.insert(db, story: story)
            if added { sources.add(story: story, feed: feed.id, language: print.language) }
            stories.add(print, to: story, topic: topic, at: created.time)
            return try grow(db, story: story, counts: counts?.adding(added) ?? StoryCounts.recount(db, story: story), at: created.text,
                            updates: stories.updates(topic: topic), canAnnounce: !alerted)
        }
        try db.cachedStatement(sql: "INSERT INTO story (topic, first_seen, last_seen, title, link, sources, languages) VALUES (?, ?, ?, ?, ?, 1, ?)")
            .execute(arguments: [topic, created.text, created.text, e.title, e.link, print.language == nil ? 0 : 1])
        let story = db.lastInsertedRowID
        try member.insert(db, story: story)
        stories.add(print, to: story, topic: topic, at: created.time)
        return .first(story)
    }

    /// A story line when the story's sources reached a figure not announced
    /// before (and the article has no alert row of the topic to clash with:
    /// then the next one says it); the story's counts and times updated.
    private static func grow(_ db: Database, story: Int64, counts: StoryCounts, at time: String, updates: [Int],
                             canAnnounce: Bool) throws -> StoryPlace {
        let reached = updates.filter { $0 > counts.announced && $0 <= counts.sources }.max()
        let announce = canAnnounce ? reached : nil
        // A backfilled article may be older than the story's first (ISO times compare as text).
        try FastStatement(db, """
            UPDATE story SET first_seen = min(first_seen, ?1), last_seen = max(last_seen, ?1), sources = ?2, languages = ?3,
                announced = max(announced, ?4) WHERE id = ?5
            """).execute([.text(time), .int(Int64(counts.sources)), .int(Int64(counts.languages)), .int(Int64(announce ?? 0)), .int(story)])
        guard announce != nil else { return .quiet }
        return .grew(story, StoryGrowth(sources: counts.sources, languages: counts.languages, firstTitle: counts.firstTitle))
    }

    /// One article under a story, with its print.
    struct Member {
        var title: String?
        var link: String?
        var article: Int64
        var print: StoryPrint
        var columns: PreparedPoll.MemberColumns
        var feed: (id: Int64, name: String)
        var seen: Int64

        /// False when the story had the article from this feed already (nothing stored).
        @discardableResult
        func insert(_ db: Database, story: Int64) throws -> Bool {
            try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO story_article (story_id, article_id, feed_id, feed, title, link, language, seen, signature, concepts, link_key,
                                                     words) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [story, article, feed.id, feed.name, title, link, print.language, seen, columns.signature,
                                         columns.concepts, print.link, print.words])
            return db.changesCount > 0
        }
    }

    /// `names|others|events`, each part ids joined by spaces (rows written
    /// before events were kept have no third part: their events read as none).
    static func concepts(_ p: StoryPrint) -> String {
        let others = p.concepts.filter { !p.names.contains($0) && !p.events.contains($0) }
        return [p.names, others, p.events].map { $0.joined(separator: " ") }.joined(separator: "|")
    }

    static func concepts(_ text: String) -> (all: [String], names: [String], events: [String]) {
        // Split on bytes: splitting the String by Character (grapheme breaking)
        // was most of reading the open stories back at every start and reload.
        let parts = text.utf8.split(separator: UInt8(ascii: "|"), maxSplits: 2, omittingEmptySubsequences: false).map { part in
            part.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
        }
        let names = parts.first ?? [], others = parts.count > 1 ? parts[1] : [], events = parts.count > 2 ? parts[2] : []
        return ((names + others + events).sorted(), names, events)
    }

    // MARK: reading

    /// The articles of stories seen since `since`, with their prints: what
    /// the open stories are rebuilt from at start.
    package func openStoryArticles(since: Date) throws(StoreError) -> [(story: Int64, topic: String, print: StoryPrint, time: Date)] {
        try read("read the open stories") { db in
            try Row.fetchAll(db, sql: """
                SELECT sa.story_id, s.topic, sa.signature, sa.concepts, sa.language, sa.link_key, sa.seen, sa.words
                FROM story_article sa JOIN story s ON s.id = sa.story_id WHERE sa.seen >= ? ORDER BY sa.seen
                """, arguments: [Int64(since.timeIntervalSince1970)]).map { r in
                (r["story_id"], r["topic"], Self.storyPrint(r), Date(timeIntervalSince1970: Double(r["seen"] as Int64)))
            }
        }
    }

    /// The print stored with a `story_article` row.
    static func storyPrint(_ r: Row) -> StoryPrint {
        let blob: Data = r["signature"]
        let signature = blob.withUnsafeBytes { Array($0.bindMemory(to: UInt32.self)) }
        let concepts = Self.concepts(r["concepts"])
        return StoryPrint(link: r["link_key"], signature: signature, concepts: concepts.all, names: concepts.names, events: concepts.events,
                          language: r["language"], words: r["words"])
    }

    /// Stories seen since `since` (nil: all), newest first.
    package func stories(topic: String?, since: Date?, limit: Int) throws(StoreError) -> [Story] {
        var sql = "SELECT * FROM story WHERE 1"
        var args: [(any DatabaseValueConvertible)?] = []
        if let topic { sql += " AND topic = ?"; args.append(topic) }
        if let since { sql += " AND last_seen >= ?"; args.append(UTCTime.iso8601(since)) }
        sql += " ORDER BY last_seen DESC, id DESC LIMIT ?"
        args.append(limit)
        let arguments = StatementArguments(args)
        return try read("read the stories") { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.story) }
    }

    /// One story with its articles, oldest first; nil when there is none.
    package func story(_ id: String) throws(StoreError) -> Story? {
        guard let row = Story.row(of: id) else { return nil }
        return try read("read story \(id)") { db in
            guard var s = try Row.fetchOne(db, sql: "SELECT * FROM story WHERE id = ?", arguments: [row]).map(Self.story) else { return nil }
            s.articles = try Row.fetchAll(db, sql: "SELECT * FROM story_article WHERE story_id = ? ORDER BY seen, feed", arguments: [row]).map { r in
                Story.Article(seen: Date(timeIntervalSince1970: Double(r["seen"] as Int64)), feed: r["feed"], language: r["language"],
                              title: r["title"], link: r["link"])
            }
            return s
        }
    }

    private static func story(_ r: Row) -> Story {
        let first: String = r["first_seen"], last: String = r["last_seen"]
        return Story(id: "s-\(r["id"] as Int64)", topic: r["topic"], firstSeen: UTCTime.parse(first) ?? .distantPast,
                     lastSeen: UTCTime.parse(last) ?? .distantPast, sources: r["sources"], languages: r["languages"],
                     title: r["title"], link: r["link"])
    }
}
