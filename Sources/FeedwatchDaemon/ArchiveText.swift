import AlertStore
import FeedModel
import FeedParser
import FeedwatchSupport
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
    /// The tokens are written into room kept in `out` (`count` of it used):
    /// the indexer refolds every article.
    package static func fold(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "" }
        var out = [UInt8](repeating: 0, count: text.utf8.count + 16)
        var count = 0
        TextFolder.fold(text) { out.write($0, at: &count, separator: 0x20) }
        return String(decoding: out[..<count], as: UTF8.self)
    }
}
