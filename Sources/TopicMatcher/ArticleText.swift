import FeedModel

/// An article as the matcher sees it: each field folded into its own token
/// stream (each author and each category a stream of its own).
package struct ArticleText: Sendable {
    package struct Stream: Sendable {
        package var field: QueryField
        package var tokens: [String]
    }

    package var id: String
    package var streams: [Stream]
    /// Every token of every stream, for the presearch.
    package var vocabulary: Set<String>

    package init(id: String, title: String?, summary: String?, content: String?, link: String?, feed: String?,
                 authors: [String] = [], categories: [String] = []) {
        self.id = id
        var s: [Stream] = []
        s.append(Stream(field: .title, tokens: TextFolder.tokens(title ?? "")))
        s.append(Stream(field: .summary, tokens: TextFolder.tokens(HTMLStripper.text(summary ?? ""))))
        s.append(Stream(field: .content, tokens: TextFolder.tokens(HTMLStripper.text(content ?? ""))))
        s.append(Stream(field: .link, tokens: TextFolder.tokens(link ?? "")))
        s.append(Stream(field: .feed, tokens: TextFolder.tokens(feed ?? "")))
        for a in authors { s.append(Stream(field: .author, tokens: TextFolder.tokens(a))) }
        for c in categories { s.append(Stream(field: .category, tokens: TextFolder.tokens(c))) }
        streams = s
        var v = Set<String>()
        for stream in s { v.formUnion(stream.tokens) }
        vocabulary = v
    }

    /// An entry of a feed named `feed`.
    package init(entry: Entry, feed: String) {
        self.init(id: entry.id, title: entry.title, summary: entry.summary, content: entry.content, link: entry.link,
                  feed: feed, authors: entry.authors, categories: entry.categories)
    }

    /// The streams an unscoped word searches, or those of one field.
    func streams(for field: QueryField?) -> [Int] {
        streams.indices.filter { i in
            if let field { return streams[i].field == field }
            let f = streams[i].field
            return f == .title || f == .summary || f == .content
        }
    }
}
