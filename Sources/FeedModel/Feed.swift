import Foundation

/// A parsed feed document: its metadata and entries in document order.
package struct Feed: Sendable, Hashable, Codable {
    package var format: FeedFormat
    package var title: String?
    package var link: String?
    package var subtitle: String?
    package var language: String?
    package var updated: Date?
    package var entries: [Entry]

    package init(
        format: FeedFormat, title: String? = nil, link: String? = nil, subtitle: String? = nil,
        language: String? = nil, updated: Date? = nil, entries: [Entry] = []
    ) {
        self.format = format
        self.title = title
        self.link = link
        self.subtitle = subtitle
        self.language = language
        self.updated = updated
        self.entries = entries
    }
}
