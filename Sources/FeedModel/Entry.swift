import Foundation

/// One article of a feed, as plain values.
///
/// `title` is plain text; `summary` and `content` are the markup as found in the
/// document (entities decoded once). `link` is absolute where a base was known.
/// Absent or empty elements are `nil`.
package struct Entry: Sendable, Hashable, Codable {
    /// guid / atom:id; else the link; else a stable hash of title, date and feed.
    package var id: String
    package var title: String?
    package var link: String?
    package var summary: String?
    package var content: String?
    package var published: Date?
    package var updated: Date?
    package var authors: [String]
    package var categories: [String]
    /// The entry's own language (xml:lang, dc:language), when it says one: the
    /// matcher falls back to the feed's, then to feeds.conf's `lang =`.
    package var language: String?

    package init(
        id: String, title: String? = nil, link: String? = nil, summary: String? = nil,
        content: String? = nil, published: Date? = nil, updated: Date? = nil,
        authors: [String] = [], categories: [String] = [], language: String? = nil
    ) {
        self.id = id
        self.title = title
        self.link = link
        self.summary = summary
        self.content = content
        self.published = published
        self.updated = updated
        self.authors = authors
        self.categories = categories
        self.language = language
    }
}
