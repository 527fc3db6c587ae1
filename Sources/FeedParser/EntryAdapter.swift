import FeedModel
import FeedwatchSupport
import Foundation

/// Turns a finished `EntryDraft` into the contract's `Entry`: the link's
/// fallbacks (a permalink guid, RSS 1.0's rdf:about), the authors of the best
/// rank, and the id's (guid or atom:id, else the link, else a stable hash).
enum EntryAdapter {
    /// - Parameters:
    ///   - nested: an item inside an item (FeedBurner's empty `<item/>`), which
    ///     counts only when it has something in it.
    ///   - feedKey: what names the feed in a stable id (its link, title or URL).
    static func entry(from draft: EntryDraft, nested: Bool, feedKey: String) -> Entry? {
        var f = draft.fields
        if nested && f.title.value == nil && f.link.value == nil && f.id.value == nil
            && f.summary.value == nil && f.content.value == nil {
            return nil
        }
        // A permalink guid stands in for a missing link.
        if f.link.value == nil, draft.guidIsPermaLink, let guid = draft.guidRaw,
           guid.hasPrefix("http://") || guid.hasPrefix("https://") {
            f.link.offer(guid, rank: 5)
        }
        // RSS 1.0's rdf:about names the item; only a web address is a link to follow.
        if f.link.value == nil, let about = draft.aboutURI, about.hasPrefix("http://") || about.hasPrefix("https://") {
            f.link.offer(about, rank: 6)
        }
        let authors = bestAuthors(f.authors)
        let id = f.id.value ?? f.link.value
            ?? stableID(title: f.title.value ?? untitled(f, authors: authors),
                        date: (f.published.value ?? f.updated.value).map(DateParser.iso8601) ?? draft.rawDate, feedKey: feedKey)
        return Entry(
            id: id, title: f.title.value, link: f.link.value, summary: f.summary.value, content: f.content.value,
            published: f.published.value, updated: f.updated.value, authors: authors, categories: f.categories,
            language: f.language.value)
    }

    /// What tells apart entries with no title, guid or link (a feed of short
    /// notes): their text, else their authors. Without it, all of them that
    /// share a date (or have none) had one id, and the store kept only the first.
    private static func untitled(_ f: FieldSet, authors: [String]) -> String? {
        if let s = f.summary.value { return "summary:" + s }
        if let c = f.content.value { return "content:" + c }
        return authors.isEmpty ? nil : "authors:" + authors.joined(separator: "\u{1F}")
    }

    /// The authors of the lowest rank, each once, in document order.
    static func bestAuthors(_ ranked: [(rank: Int, name: String)]) -> [String] {
        var minRank = Int.max
        for a in ranked where a.rank < minRank { minRank = a.rank }
        var authors: [String] = []
        for a in ranked where a.rank == minRank && !authors.contains(a.name) { authors.append(a.name) }
        return authors
    }

    /// FNV-1a over title, date and feed: stable across runs and machines, so an
    /// entry without guid or link keeps its identity from poll to poll.
    static func stableID(title: String?, date: String?, feedKey: String) -> String {
        let key = [title ?? "", date ?? "", feedKey].joined(separator: "\u{1F}")
        let h = FNV1a.hash(key.utf8)
        let hex = String(h, radix: 16)
        return "hash:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
