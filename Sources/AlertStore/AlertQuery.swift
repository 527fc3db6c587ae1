import Foundation

/// A selection of stored alerts (`feedwatch alerts`).
package struct AlertQuery: Sendable {
    package var topic: String?
    package var feed: String?
    package var since: Date?
    package var limit: Int

    package init(topic: String? = nil, feed: String? = nil, since: Date? = nil, limit: Int = 50) {
        self.topic = topic
        self.feed = feed
        self.since = since
        self.limit = limit
    }
}
