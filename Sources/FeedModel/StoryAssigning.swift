import Foundation

/// The open stories the store consults inside its write transaction: which
/// story of a topic an article belongs to, and what the transaction added.
/// The store calls it only while it holds the write lock, so additions are
/// pending until the transaction has committed (`commitPending`) and are
/// dropped when it rolls back (`discardPending`).
package protocol StoryAssigning: Sendable {
    /// The open story of `topic` the article is a near-duplicate of, pending additions included; nil: a new story.
    func story(of print: StoryPrint, topic: String, at time: Date) -> Int64?
    /// Records (pending) that `story` of `topic` now has this article.
    func add(_ print: StoryPrint, to story: Int64, topic: String, at time: Date)
    /// The sources past which `topic`'s stories write a `story` line (empty: never).
    func updates(topic: String) -> [Int]
    func commitPending()
    func discardPending()
}
