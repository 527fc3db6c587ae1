import Foundation

/// One alert: a topic matched an article of a feed. Stored, then written to
/// the alert log, then marked delivered.
package struct Alert: Sendable, Hashable, Codable {
    /// `<store instance>-<n>`: unique across stores, so that reconciling the
    /// end of a log written by an earlier database never mistakes its lines
    /// for ours.
    package var id: String
    package var time: Date
    package var topic: String
    package var feed: String
    package var title: String?
    package var link: String?
    package var matched: [MatchedTerm]
    /// Found by a topic's backfill over the archive, not by a poll.
    package var backfilled = false

    package init(id: String, time: Date, topic: String, feed: String, title: String?, link: String?, matched: [MatchedTerm],
                 backfilled: Bool = false) {
        self.backfilled = backfilled
        self.id = id
        self.time = time
        self.topic = topic
        self.feed = feed
        self.title = title
        self.link = link
        self.matched = matched
    }
}

/// A term or phrase that made a topic match: where, and at which token offset.
package struct MatchedTerm: Sendable, Hashable, Codable {
    package var term: String
    package var field: String
    package var offset: Int

    package init(term: String, field: String, offset: Int) {
        self.term = term
        self.field = field
        self.offset = offset
    }
}

/// A topic that matched an entry, as the store receives it from the matcher.
package struct TopicMatch: Sendable, Hashable {
    package var topic: String
    package var matched: [MatchedTerm]

    package init(topic: String, matched: [MatchedTerm]) {
        self.topic = topic
        self.matched = matched
    }
}
