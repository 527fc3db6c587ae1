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
    /// Do not poll more often than this, says the publisher (RSS <ttl>,
    /// sy:updatePeriod and sy:updateFrequency). Not part of the parse contract.
    package var minimumPollInterval: TimeInterval?

    package init(
        format: FeedFormat, title: String? = nil, link: String? = nil, subtitle: String? = nil,
        language: String? = nil, updated: Date? = nil, entries: [Entry] = [], minimumPollInterval: TimeInterval? = nil
    ) {
        self.format = format
        self.title = title
        self.link = link
        self.subtitle = subtitle
        self.language = language
        self.updated = updated
        self.entries = entries
        self.minimumPollInterval = minimumPollInterval
    }
}
