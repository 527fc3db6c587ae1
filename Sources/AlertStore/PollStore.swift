import FeedModel
import Foundation

/// What one poll reads from its store and commits to it: the pipeline's whole
/// view of a store. `AlertStore` (SQLite) is one; a store several daemons
/// share (PostgreSQL) can stand beside it without the pipeline changing.
package protocol PollStore: Sendable {
    /// Every registered feed's state (`seenCounts`: with its count of seen entries).
    func feedStates(seenCounts: Bool) throws(StoreError) -> [FeedState]
    /// Throws when the store is no longer the one opened: a poll is then not stored.
    func verifyFile() throws(StoreError)
    /// The entries the feed has not shown before (a read, outside any write).
    func unseen(feed: String, entries: [Entry], identity: IdentityRule, isCancelled: () -> Bool) throws(StoreError) -> [Entry]
    /// One short write: the poll's entries, their articles (and what the archive
    /// keeps of them), alerts once per topic and article, stories. Polls
    /// committing at once may share the transaction; each gets its own result.
    func commit(feed: String, entries: [Entry], identity: IdentityRule, now: Date, matches: [String: [TopicMatch]], floodLimit: Int,
                archive: [String: ArchivedArticle], stories: (any StoryAssigning)?,
                isCancelled: () -> Bool) throws(StoreError) -> IngestResult
    /// The poll's outcome: validators, errors, when it is due next.
    func record(feed: String, _ poll: PollRecord) throws(StoreError)
    func lastPrune() throws(StoreError) -> Date?
    /// Forgets entries (and their archived articles) past `retention`; returns how many.
    func prune(now: Date, retention: TimeInterval, refold: ((ArchivedArticle) -> ArchivedArticle.Folded)?) throws(StoreError) -> Int
    /// The articles of stories seen since `since`, for the open stories after a start or reload.
    func openStoryArticles(since: Date) throws(StoreError) -> [(story: Int64, topic: String, print: StoryPrint, time: Date)]
}

extension AlertStore: PollStore {}
