import FeedModel
import Foundation

/// One article as the archive keeps it: what the matcher saw of the entry that
/// first brought it (summary and content already turned to text), so that
/// matching it again later decides as the poll did.
package struct ArchivedArticle: Sendable, Hashable {
    /// The store's article row (0 until stored).
    package var id: Int64 = 0
    /// The feed whose entry first brought it (set by the store).
    package var feed = ""
    /// `.full` or `.titles` (the summary and content left out).
    package var level = ArchiveLevel.full
    package var title: String?
    package var link: String?
    package var summary: String?
    package var content: String?
    package var published: Date?
    package var updated: Date?
    /// The language matching used: the entry's, else its feed's, else feeds.conf's.
    package var language: String?
    package var authors: [String] = []
    package var categories: [String] = []
    package var firstSeen = Date(timeIntervalSince1970: 0)

    /// The matcher's tokens of title, summary and content, space-separated,
    /// as the full-text index holds them (the caller folds: the store does not
    /// know the matcher).
    package struct Folded: Sendable, Hashable {
        package var title = ""
        package var summary = ""
        package var content = ""

        package init(title: String = "", summary: String = "", content: String = "") {
            self.title = title
            self.summary = summary
            self.content = content
        }
    }

    package init(title: String?, link: String?, summary: String?, content: String?, published: Date?, updated: Date?,
                 language: String?, authors: [String], categories: [String], level: ArchiveLevel = .full) {
        self.title = title
        self.link = link
        self.summary = summary
        self.content = content
        self.published = published
        self.updated = updated
        self.language = language
        self.authors = authors
        self.categories = categories
        self.level = level
    }
}
