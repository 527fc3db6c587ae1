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
    /// Every distinct token of every stream, for the presearch.
    package var vocabulary: Dictionary<String, [Position]>.Keys { positions.keys }
    /// Where each token occurs: (stream, position) pairs, in order. Built once per
    /// article so that each term of each candidate topic is a look-up, not a scan.
    package var positions: [String: [Position]]

    package struct Position: Sendable, Hashable {
        package var stream: Int
        package var offset: Int
    }

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
        var p: [String: [Position]] = [:]
        for (si, stream) in s.enumerated() {
            for (i, t) in stream.tokens.enumerated() { p[t, default: []].append(Position(stream: si, offset: i)) }
        }
        positions = p
    }

    /// An entry of a feed named `feed`.
    package init(entry: Entry, feed: String) {
        self.init(id: entry.id, title: entry.title, summary: entry.summary, content: entry.content, link: entry.link,
                  feed: feed, authors: entry.authors, categories: entry.categories)
    }

    /// Whether stream `s` is searched under `field` (nil: an unscoped word, which
    /// searches title, summary and content).
    @inline(__always)
    func inScope(_ s: Int, _ field: QueryField?) -> Bool {
        let f = streams[s].field
        if let field { return f == field }
        return f == .title || f == .summary || f == .content
    }
}
