import Foundation

/// A story of a topic: the articles of many outlets about one event, as
/// `feedwatch stories` and `feedwatch story ID` show it.
package struct Story: Sendable, Hashable {
    /// `s-41`.
    package var id: String
    package var topic: String
    package var firstSeen: Date
    package var lastSeen: Date
    /// The feeds that carried it, and the languages of its articles.
    package var sources: Int
    package var languages: Int
    /// The first article's.
    package var title: String?
    package var link: String?
    /// Oldest first; empty in a listing.
    package var articles: [Article] = []

    /// One article under the story (the first one wrote its alert line).
    package struct Article: Sendable, Hashable {
        package var seen: Date
        package var feed: String
        package var language: String?
        package var title: String?
        package var link: String?

        package init(seen: Date, feed: String, language: String?, title: String?, link: String?) {
            self.seen = seen
            self.feed = feed
            self.language = language
            self.title = title
            self.link = link
        }
    }

    package init(id: String, topic: String, firstSeen: Date, lastSeen: Date, sources: Int, languages: Int, title: String?, link: String?) {
        self.id = id
        self.topic = topic
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.sources = sources
        self.languages = languages
        self.title = title
        self.link = link
    }

    /// `s-41` → 41.
    package static func row(of id: String) -> Int64? {
        guard id.hasPrefix("s-") else { return nil }
        return Int64(id.dropFirst(2))
    }
}
