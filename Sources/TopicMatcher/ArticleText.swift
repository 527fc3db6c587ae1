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
    package var vocabulary: Dictionary<String, Int32>.Keys { lastOccurrence.keys }
    /// Where each token occurs, built once per article so that each term of each
    /// candidate topic is a look-up, not a scan: every occurrence in one flat
    /// array, chained to the previous occurrence of the same token (no array per
    /// token: those allocations were most of the cost of preparing an article).
    package var lastOccurrence: [String: Int32]
    package var occurrences: [Position]
    package var previousOccurrence: [Int32]

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
        let total = s.reduce(0) { $0 + $1.tokens.count }
        var last: [String: Int32] = [:]
        last.reserveCapacity(total)
        var occ: [Position] = []
        occ.reserveCapacity(total)
        var prev: [Int32] = []
        prev.reserveCapacity(total)
        for (si, stream) in s.enumerated() {
            for (i, t) in stream.tokens.enumerated() {
                let index = Int32(occ.count)
                occ.append(Position(stream: si, offset: i))
                prev.append(last.updateValue(index, forKey: t) ?? -1)
            }
        }
        lastOccurrence = last
        occurrences = occ
        previousOccurrence = prev
    }

    /// Calls `body` with each occurrence of `token` (latest first).
    @inline(__always)
    package func forEachOccurrence(of token: String, _ body: (Position) -> Void) {
        guard var i = lastOccurrence[token] else { return }
        while i >= 0 {
            body(occurrences[Int(i)])
            i = previousOccurrence[Int(i)]
        }
    }

    /// Every occurrence of every token starting with `prefix`.
    package func forEachOccurrence(ofPrefix prefix: String, _ body: (Position) -> Void) {
        for (token, start) in lastOccurrence where token.utf8.starts(with: prefix.utf8) {
            var i = start
            while i >= 0 {
                body(occurrences[Int(i)])
                i = previousOccurrence[Int(i)]
            }
        }
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
