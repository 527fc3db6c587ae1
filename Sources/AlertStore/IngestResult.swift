import FeedModel

/// What one poll's entries did to the store.
package struct IngestResult: Sendable {
    /// Entries whose identity this feed had not shown before.
    package var new = 0
    /// Known entries whose title changed: updates, not new articles.
    package var updated = 0
    /// New entries that are an article already seen through another feed.
    package var duplicates = 0
    /// Alerts stored (not yet delivered to the log).
    package var alerts: [Alert] = []
    /// Alerts stored held: past the feed's flood limit, kept out of the log.
    package var held = 0
    /// Every entry of the poll was new while the feed is at its usual size:
    /// items may have come and gone between two polls.
    package var possiblyMissed = false
}
