import GRDB
import Synchronization

/// The feeds and languages of each story's articles, kept in memory once
/// read, so that adding an article to a story tells whether its feed or its
/// language is new to it without reading the story's articles again (a
/// scan of `story_article` per addition was a tenth of a first poll's commit,
/// profiled). What is kept of a story is used only while its sizes agree with
/// the counts in the story row: a write by another process (which counts the
/// story again), or a transaction of this one rolled back after adding to it,
/// leaves them apart, and the story's articles are then read again.
final class StorySources: Sendable {
    private struct Seen {
        var feeds: Set<Int64>
        var languages: Set<String>
    }

    private let stories = Mutex<[Int64: Seen]>([:])
    /// Stories kept at most; past it all are forgotten (read again as needed).
    static let capacity = 4096

    /// Whether `feed` and `language` are new to `story`, whose row counts
    /// `sources` feeds and `languages` languages.
    func novelty(_ db: Database, story: Int64, sources: Int, languages: Int, feed: Int64,
                 language: String?) throws -> (feed: Bool, language: Bool) {
        var seen = stories.withLock { $0[story] }
        if seen.map({ $0.feeds.count != sources || $0.languages.count != languages }) ?? true {
            let read = try Self.read(db, story: story)
            seen = read
            stories.withLock { all in
                if all.count >= Self.capacity { all.removeAll(keepingCapacity: true) }
                all[story] = read
            }
        }
        let isNew = (feed: !(seen?.feeds.contains(feed) ?? false), language: language.map { !(seen?.languages.contains($0) ?? false) } ?? false)
        return isNew
    }

    /// An article of `feed` in `language` stored under `story`.
    func add(story: Int64, feed: Int64, language: String?) {
        stories.withLock { all in
            guard var seen = all[story] else { return }
            seen.feeds.insert(feed)
            if let language { seen.languages.insert(language) }
            all[story] = seen
        }
    }

    /// Forgets every story (after pruning, or a failed write).
    func clear() {
        stories.withLock { $0.removeAll() }
    }

    private static func read(_ db: Database, story: Int64) throws -> Seen {
        var seen = Seen(feeds: [], languages: [])
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT feed_id, language FROM story_article WHERE story_id = ?"),
                                       arguments: [story])
        while let r = try rows.next() {
            seen.feeds.insert(r[0])
            if let language: String = r[1] { seen.languages.insert(language) }
        }
        return seen
    }
}
