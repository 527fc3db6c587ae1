/// The syndication format a document was recognised as, spelled as in the
/// `feedwatch parse` JSON contract (DESIGN.md).
package enum FeedFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case rss20 = "rss2.0"
    case rss10 = "rss1.0"
    case rss09x = "rss0.9x"
    case atom10 = "atom1.0"
    case atom03 = "atom0.3"
    case json11 = "json1.1"
}
