import Foundation

/// A feed's row: what the scheduler and `feedwatch feeds` need.
package struct FeedState: Sendable, Hashable {
    package var name: String
    package var configURL: String
    /// Where it is fetched from (after a permanent redirect, the new place).
    package var url: String
    package var etag: String?
    package var lastModified: String?
    package var lastPoll: Date?
    package var lastSuccess: Date?
    package var lastStatus: Int?
    package var lastError: String?
    package var errorCount: Int
    package var nextDue: Date?
    /// Learned from how often the feed publishes.
    package var pollInterval: Double?
    package var entryCount: Int
    package var enabled: Bool
    /// Entries seen on it (kept in the store).
    package var seen: Int
    /// Alerts of it held back by the flood guard (with `seenCounts`).
    package var held = 0
}

/// The outcome of one poll, for the feed's row.
package struct PollRecord: Sendable {
    package var time: Date
    /// HTTP status (0 for file:// and transport failures).
    package var status: Int?
    package var etag: String?
    package var lastModified: String?
    /// nil when the poll succeeded.
    package var error: String?
    package var nextDue: Date?
    /// The interval learned from the feed's rhythm, when known.
    package var pollInterval: Double?
    /// A permanent redirect's target: fetched from there from now on.
    package var movedTo: String?
    /// 410 Gone: the feed is disabled.
    package var disable = false

    package init(time: Date, status: Int?, etag: String? = nil, lastModified: String? = nil, error: String? = nil,
                 nextDue: Date? = nil, pollInterval: Double? = nil, movedTo: String? = nil, disable: Bool = false) {
        self.time = time
        self.status = status
        self.etag = etag
        self.lastModified = lastModified
        self.error = error
        self.nextDue = nextDue
        self.pollInterval = pollInterval
        self.movedTo = movedTo
        self.disable = disable
    }
}
