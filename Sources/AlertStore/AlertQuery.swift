import Foundation

/// A selection of stored alerts (`feedwatch alerts`).
package struct AlertQuery: Sendable {
    package var topic: String?
    package var feed: String?
    package var since: Date?
    package var limit: Int
    /// Only the alerts a flood guard held back.
    package var held = false

    package init(topic: String? = nil, feed: String? = nil, since: Date? = nil, limit: Int = 50, held: Bool = false) {
        self.held = held
        self.topic = topic
        self.feed = feed
        self.since = since
        self.limit = limit
    }
}
