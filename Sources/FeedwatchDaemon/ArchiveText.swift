import AlertStore
import FeedModel
import FeedParser
import Foundation
import TopicMatcher

/// The one way an entry becomes the text the matcher sees, for a poll and for
/// the archive alike: a search or backfill over archived articles then builds
/// exactly the `ArticleText` the poll built, and so decides as the poll did.
package enum ArchiveText {
    /// The entry as the matcher sees it, and what the archive keeps of it at
    /// `level` (nil: off). `language`: the feed's, else feeds.conf's.
    /// `reading`: the fields the topics read (`TopicIndex.fieldsRead`; nil: all).
    package static func prepare(_ e: Entry, feed: String, language: String?, level: ArchiveLevel,
                                reading: Set<QueryField>? = nil) -> (ArticleText, ArchivedArticle?) {
        let summary = e.summary.map(PlainText.fromHTML)
        let content = e.content.map(PlainText.fromHTML)
        let language = e.language ?? language
        let text = ArticleText(id: e.id, title: e.title, summary: summary, content: content, link: e.link, feed: feed,
                               authors: e.authors, categories: e.categories, language: language, date: e.published ?? e.updated,
                               reading: reading)
        guard level != .off else { return (text, nil) }
        let kept = ArchivedArticle(title: e.title, link: e.link, summary: summary, content: content, published: e.published,
                                   updated: e.updated, language: language, authors: e.authors, categories: e.categories, level: level)
        return (text, kept)
    }

    /// An archived article as the poll that stored it had it (with `titles`,
    /// without the summary and content it did not keep). `reading` as for `prepare`.
    package static func article(_ a: ArchivedArticle, reading: Set<QueryField>? = nil) -> ArticleText {
        ArticleText(id: a.link ?? "article-\(a.id)", title: a.title, summary: a.summary, content: a.content, link: a.link, feed: a.feed,
                    authors: a.authors, categories: a.categories, language: a.language, date: a.published ?? a.updated,
                    reading: reading)
    }

    /// The matcher's tokens of title, summary and content, for the full-text
    /// index (which the store fills, and forgets an article from, with them).
    package static func refold(_ a: ArchivedArticle) -> ArchivedArticle.Folded {
        ArchivedArticle.Folded(title: fold(a.title), summary: a.level == .full ? fold(a.summary) : "",
                               content: a.level == .full ? fold(a.content) : "")
    }

    /// `TextFolder`'s tokens joined by spaces: FTS5's `ascii` tokenizer splits
    /// them exactly there (a folded token holds no ASCII punctuation or space).
    /// The tokens are copied into room kept in `out` (`count` of it used):
    /// `append(contentsOf:)` cost about 90 instructions per token (callgrind),
    /// and the indexer refolds every article.
    package static func fold(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "" }
        var out = [UInt8](repeating: 0, count: text.utf8.count + 16)
        var count = 0
        TextFolder.fold(text) { token in
            guard let source = token.baseAddress else { return }
            let start = count == 0 ? 0 : count + 1
            if start + token.count > out.count {
                out.append(contentsOf: repeatElement(0, count: max(start + token.count, 2 * out.count) - out.count))
            }
            out.withUnsafeMutableBufferPointer { p in
                if start > 0 { p[start - 1] = 0x20 }
                p.baseAddress?.advanced(by: start).update(from: source, count: token.count)
            }
            count = start + token.count
        }
        return String(decoding: out[..<count], as: UTF8.self)
    }
}
