/// How much of each new article the store keeps (`archive =` in feeds.conf):
/// what `feedwatch search`, `backtest` and a topic's backfill can look at.
package enum ArchiveLevel: String, Sendable, Hashable, CaseIterable {
    /// Title, link, the text the matcher sees, times, language, authors, categories.
    case full
    /// All of it but the summary and content text.
    case titles
    /// Nothing: the store keeps hashes only, as before the archive.
    case off
}
