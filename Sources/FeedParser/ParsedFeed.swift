import FeedModel

/// A feed as read, with the problems found in the document on the way.
package struct ParsedFeed: Sendable {
    package var feed: Feed
    /// Problems with the document itself (not well-formed, bad encoding,
    /// undeclared entity or namespace, unreadable date), each with its line.
    package var warnings: [String]
    /// The encoding the bytes were finally read as.
    package var encoding: String

    package init(feed: Feed, warnings: [String], encoding: String) {
        self.feed = feed
        self.warnings = warnings
        self.encoding = encoding
    }
}
