import Foundation

/// The open stories the store consults inside its write transaction: which
/// story of a topic an article belongs to, and what the transaction added.
/// A commit runs between `beginTransaction` and `endTransaction`, which
/// serialise commits from their start until their additions are visible
/// (else a second feed's commit could start between the first's end in SQLite
/// and its `commitPending`, miss its story and begin the same one again).
/// Additions are pending until the transaction has committed
/// (`commitPending`); `endTransaction` drops what is left (a rollback).
/// A class: the store commits polls with the same open stories together.
package protocol StoryAssigning: AnyObject, Sendable {
    /// The open story of `topic` the article is a near-duplicate of, pending additions included; nil: a new story.
    func story(of print: StoryPrint, topic: String, at time: Date) -> Int64?
    /// Records (pending) that `story` of `topic` now has this article.
    func add(_ print: StoryPrint, to story: Int64, topic: String, at time: Date)
    /// The sources past which `topic`'s stories write a `story` line (empty: never).
    func updates(topic: String) -> [Int]
    /// How long after an article of a story of `topic` another joins it.
    func window(topic: String) -> TimeInterval
    /// For this transaction only: articles of `topic`'s stories the store
    /// holds (a backfill's, older than the open stories), consulted by `story`.
    func consult(_ members: [(story: Int64, print: StoryPrint, time: Date)], topic: String)
    func beginTransaction()
    func commitPending()
    func endTransaction()
}
