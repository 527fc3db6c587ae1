import AlertStore
import FeedModel
import Foundation
import StoryMatcher
import TopicMatcher

/// One topic (or query) over the archive: the full-text index narrows the
/// articles down, the matcher the daemon uses decides and explains, so a hit
/// is exactly what a poll of that article would have alerted on.
package struct ArchiveSearch: Sendable {
    /// An archived article the topic matches, with what matched.
    package struct Hit: Sendable {
        package var article: ArchivedArticle
        package var match: TopicMatch
    }

    package let store: AlertStore
    /// The one topic, compiled against the configured entities.
    package let index: TopicIndex
    /// Each feed's tags (feeds.conf), for a scoped topic as the daemon applies it.
    package let feedTags: [String: [String]]
    /// false: match every article in the window (the baseline the index is measured against).
    package var useIndex = true

    package init(store: AlertStore, topic: TopicIndex.Topic, entities: EntityCatalog, feedTags: [String: [String]]) {
        self.store = store
        index = TopicIndex(compiled: [topic], entities: entities)
        self.feedTags = feedTags
    }

    /// The pre-filter this search reads the archive with (nil: every article).
    package func fullText() throws(StoreError) -> String? {
        guard useIndex, try store.hasFullTextIndex() else { return nil }
        return index.topics.first.flatMap { FullTextQuery.expression($0.query) }
    }

    /// The hits among the articles of `filter` (its `fullText` set here), in
    /// its order, until `limit` (nil: all) or `body` says stop.
    /// Returns how many articles the matcher looked at.
    @discardableResult
    package func run(_ filter: AlertStore.ArchiveFilter, limit: Int? = nil, _ body: (Hit) throws -> Bool) throws(StoreError) -> Int {
        var f = filter
        f.fullText = try fullText()
        var looked = 0, found = 0
        try store.forEachArchived(f) { a in
            looked += 1
            guard let m = match(a) else { return true }
            found += 1
            guard try body(Hit(article: a, match: m)) else { return false }
            return limit.map { found < $0 } ?? true
        }
        return looked
    }

    /// The hits, collected.
    package func hits(_ filter: AlertStore.ArchiveFilter, limit: Int? = nil) throws(StoreError) -> [Hit] {
        var out: [Hit] = []
        try run(filter, limit: limit) { h in
            out.append(h)
            return true
        }
        return out
    }

    /// The decision a poll of `a` gave, with its explanation (nil: no match).
    /// `print`: with the article's story print (its topic groups alerts into stories).
    package func match(_ a: ArchivedArticle, print: Bool = false) -> TopicMatch? {
        let article = index.readyToMatch(ArchiveText.article(a, reading: index.fieldsRead))  // tagged once, for the print too
        guard var m = index.match(article, feed: a.feed, tags: feedTags[a.feed] ?? []).first.map(Self.topicMatch) else { return nil }
        if print { m.story = StoryIndex.print(article, index: index, link: a.link) }
        return m
    }

    /// A match as the store and the alert log have it.
    package static func topicMatch(_ m: TopicIndex.Match) -> TopicMatch {
        TopicMatch(topic: m.topic, matched: m.hits.map { MatchedTerm(term: $0.term, field: $0.field.rawValue, offset: $0.offset) })
    }
}
