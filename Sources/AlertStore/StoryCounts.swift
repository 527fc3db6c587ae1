import FeedModel
import GRDB

/// A story's counts as its row keeps them (distinct feeds and languages of its
/// articles, the largest `story-updates` figure announced), and what one more
/// article adds to them: the row read by its id before the article is stored,
/// and the novelty from `StorySources`, where counting the story's articles
/// again on every addition was a tenth of a first poll's commit (profiled).
struct StoryCounts {
    var sources: Int
    var languages: Int
    var announced: Int
    var firstTitle: String?
    /// Whether the article's feed, and its language, are new to the story.
    var newFeed = false
    var newLanguage = false

    /// The counts once the article is stored (`added`: its row was; false: the
    /// story had it from this feed already, nothing changes).
    func adding(_ added: Bool) -> StoryCounts {
        guard added else { return self }
        var c = self
        if newFeed { c.sources += 1 }
        if newLanguage { c.languages += 1 }
        return c
    }

    /// The story row's counts and what `member` would add (`sources`: the
    /// feeds and languages of the story's articles); nil when the row is missing.
    static func read(_ db: Database, story: Int64, adding member: AlertStore.Member, sources: StorySources) throws -> StoryCounts? {
        guard var counts = try FastStatement(db, "SELECT sources, languages, announced, title FROM story WHERE id = ?")
            .run([.int(story)], row: { c in
                StoryCounts(sources: Int(c.int64(0) ?? 1), languages: Int(c.int64(1) ?? 0), announced: Int(c.int64(2) ?? 0), firstTitle: c.text(3))
            }) else { return nil }
        (counts.newFeed, counts.newLanguage) = try sources.novelty(db, story: story, sources: counts.sources, languages: counts.languages,
                                                                   feed: member.feed.id, language: member.print.language)
        return counts
    }

    /// Counted from the story's articles (stored already): for a story whose
    /// row is missing, as the counts always were before they were kept.
    static func recount(_ db: Database, story: Int64) throws -> StoryCounts {
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT count(DISTINCT feed_id), count(DISTINCT language), (SELECT announced FROM story WHERE id = ?1),
                   (SELECT title FROM story WHERE id = ?1) FROM story_article WHERE story_id = ?1
            """), arguments: [story])
        return StoryCounts(sources: row?[0] ?? 1, languages: row?[1] ?? 0, announced: row?[2] ?? 0, firstTitle: row?[3])
    }
}
