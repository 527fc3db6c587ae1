import FeedModel

/// What the same-story rule reads of an article: a `StoryPrint` as the
/// store keeps it (ids as strings), or the open stories' compact copy of one
/// (ids interned as integers, the link as a hash), so that one rule decides both.
package protocol StoryFeatures {
    associatedtype ID: Comparable
    associatedtype LinkKey: Equatable
    var linkKey: LinkKey? { get }
    var signature: [UInt32] { get }
    /// Entity and concept ids, sorted, without repeats.
    var conceptIDs: [ID] { get }
    /// Those that name a person or a place (see `StoryPrint.names`), sorted.
    var nameIDs: [ID] { get }
    /// Those that are kinds of event (see `StoryPrint.events`), sorted.
    var eventIDs: [ID] { get }
    var languageID: ID? { get }
    var words: Int { get }
}

extension StoryPrint: StoryFeatures {
    package var linkKey: String? { link }
    package var conceptIDs: [String] { concepts }
    package var nameIDs: [String] { names }
    package var eventIDs: [String] { events }
    package var languageID: String? { language }
}
