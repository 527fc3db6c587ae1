import FeedModel
import Foundation

/// An article as the matcher sees it: each field folded into its own token
/// stream (each author and each category a stream of its own), every token an
/// id into the article's vocabulary. Everything lives in a few flat arrays, so
/// preparing an article allocates a handful of buffers rather than a String
/// per token and a dictionary entry per word.
package struct ArticleText: Sendable {
    package var id: String
    /// The field of each stream.
    package private(set) var fields: [QueryField]
    /// The first occurrence of each stream, and the total at the end.
    private var streamStarts: [Int32]
    /// The distinct tokens.
    package private(set) var vocabulary: TokenTable
    /// Per vocabulary id: its latest occurrence, and the streams it occurs in
    /// (bit s for stream s < 64), the presearch's and the decisions' fast path.
    private var lastOccurrence: [Int32]
    package private(set) var streamBits: [UInt64]
    /// Per occurrence: the token, its stream and the previous occurrence of the
    /// same token (-1), so each term of each candidate topic is a walk down
    /// its own occurrences.
    private(set) var occurrenceToken: [Int32]
    private var occurrenceStream: [Int32]
    private var previousOccurrence: [Int32]
    /// The item's language (xml:lang, dc:language, the feed's, feeds.conf's
    /// `lang =`), which picks the inflection rules; nil: by script.
    package var language: String?
    /// When it was published, for role aliases' dates; nil: now.
    package var date: Date?
    /// The entities and concepts found by `tag(with:)`, by entity, then position.
    package private(set) var entityHits: [EntityHit] = []
    package private(set) var taggedBy: EntityCatalog?
    /// Each stream's text as given, for showing a match as it was written.
    private var texts: [String]

    /// A token position: stream and offset in it.
    package struct Position: Sendable, Hashable {
        package var stream: Int
        package var offset: Int
    }

    /// `summary` and `content` are text: HTML is converted by the caller, with
    /// the parser's HTML-to-text (`PlainText.fromHTML`), so both agree.
    /// `reading`: the fields the topics read (`TopicIndex.fieldsRead`); the
    /// others are left empty, not folded (nil: every field). Title, summary and
    /// content are always read. Nothing that decides can tell the difference:
    /// only a word scoped to a field (`link:…`) reads it.
    package init(id: String, title: String?, summary: String?, content: String?, link: String?, feed: String?,
                 authors: [String] = [], categories: [String] = [], language: String? = nil, date: Date? = nil,
                 reading: Set<QueryField>? = nil) {
        self.id = id
        self.language = language
        self.date = date
        let summary = summary ?? "", content = content ?? ""
        let reads = { (f: QueryField) in reading?.contains(f) ?? true }
        let link = reads(.link) ? link ?? "" : "", feed = reads(.feed) ? feed ?? "" : ""
        let authors = reads(.author) ? authors : [], categories = reads(.category) ? categories : []
        // Sized once from the text (a token per ~6 bytes) rather than grown by doubling.
        var bytes = (title?.utf8.count ?? 0) + summary.utf8.count + content.utf8.count + link.utf8.count + feed.utf8.count
        for t in authors { bytes += t.utf8.count }
        for t in categories { bytes += t.utf8.count }
        var builder = StreamBuilder(capacity: bytes / 6 + 8)
        defer { builder.deallocate() }
        builder.add(.title, title ?? "")
        builder.add(.summary, summary)
        builder.add(.content, content)
        builder.add(.link, link)
        builder.add(.feed, feed)
        for a in authors { builder.add(.author, a) }
        for c in categories { builder.add(.category, c) }
        fields = builder.fields
        texts = builder.texts
        streamStarts = builder.streamStarts
        vocabulary = builder.vocabulary
        occurrenceToken = builder.token.array
        occurrenceStream = builder.stream.array
        previousOccurrence = builder.previous.array
        lastOccurrence = builder.last.array
        streamBits = builder.bits.array
    }

    /// An entry of a feed named `feed`, its summary and content turned to text
    /// by `plainText` (the parser's HTML-to-text).
    package init(entry: Entry, feed: String, language: String?, plainText: (String) -> String) {
        self.init(id: entry.id, title: entry.title, summary: entry.summary.map(plainText), content: entry.content.map(plainText),
                  link: entry.link, feed: feed, authors: entry.authors, categories: entry.categories,
                  language: entry.language ?? language, date: entry.published ?? entry.updated)
    }

    /// Finds the entities and concepts of `catalog` in the article (once per
    /// catalog: matching many topics tags an article once).
    package mutating func tag(with catalog: EntityCatalog) {
        guard taggedBy !== catalog else { return }
        entityHits = EntityTagger.tag(self, with: catalog)
        taggedBy = catalog
    }

    /// The regions of entity `id`, for the reference evaluator.
    func entityRegions(_ id: String) -> [QueryEvaluator.Region] {
        guard let catalog = taggedBy, let e = catalog.entityIndex(id) else { return [] }
        return entityHits.filter { $0.entity == e }.map { QueryEvaluator.Region(stream: Int($0.stream), start: Int($0.start), end: Int($0.end)) }
    }

    /// Tokens `r.start...r.end` of their stream as the text has them ("Kim
    /// Dzong Unem"); nil where the text cannot be lined up with its tokens.
    package func writtenText(_ r: QueryEvaluator.Region) -> String? {
        var spans = WrittenSpans()
        return spans.text(r, of: self)
    }

    static let writtenTextLimit = 4096

    /// Where each token of a stream stands in its text, found once per stream
    /// (an explanation may show many spans of one field).
    /// (It holds no article: one is made per explanation, most of which show no entity.)
    package struct WrittenSpans {
        private var ranges: [Int: [Range<String.UnicodeScalarView.Index>]?] = [:]

        package init() {}

        /// Tokens `r.start...r.end` of `article` as its text has them; nil where
        /// the text cannot be lined up with its tokens.
        package mutating func text(_ r: QueryEvaluator.Region, of article: ArticleText) -> String? {
            let text = article.texts[r.stream]
            // Bounded for long content, which then shows the folded tokens (an
            // explanation must not cost more than the match).
            guard text.utf8.count <= ArticleText.writtenTextLimit else { return nil }
            let found: [Range<String.UnicodeScalarView.Index>]?
            if let known = ranges[r.stream] {
                found = known
            } else {
                let all = TextFolder.tokenRanges(text)
                found = all.count == article.tokenCount(stream: r.stream) ? all : nil
                ranges[r.stream] = .some(found)
            }
            guard let found, r.end < found.count else { return nil }
            return String(text.unicodeScalars[found[r.start].lowerBound..<found[r.end].upperBound])
        }
    }

    /// The entities found, as ids with the text of each span (for tools).
    package var entitiesFound: [(id: String, field: QueryField, offset: Int, text: String)] {
        guard let catalog = taggedBy else { return [] }
        var spans = WrittenSpans()
        return entityHits.map { h in
            let r = QueryEvaluator.Region(stream: Int(h.stream), start: Int(h.start), end: Int(h.end))
            return (catalog.ids[Int(h.entity)], fields[Int(h.stream)], Int(h.start), spans.text(r, of: self) ?? QueryEvaluator.phraseText(self, r))
        }
    }

    // MARK: reading

    package var streamCount: Int { fields.count }

    /// Whether the stream bits are exact (at most 64 streams).
    var hasStreamBits: Bool { fields.count <= 64 }

    package func tokenCount(stream s: Int) -> Int { Int(streamStarts[s + 1] - streamStarts[s]) }

    /// The vocabulary id at `offset` in stream `s`.
    @inline(__always)
    package func token(stream s: Int, offset: Int) -> Int32 { occurrenceToken[Int(streamStarts[s]) + offset] }

    /// The vocabulary ids of stream `s`, in order, without a bounds check per token.
    func withTokens<R>(stream s: Int, _ body: (UnsafeBufferPointer<Int32>) -> R) -> R {
        occurrenceToken.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[Int(streamStarts[s])..<Int(streamStarts[s + 1])]))
        }
    }

    package func tokens(stream s: Int) -> [String] {
        (0..<tokenCount(stream: s)).map { vocabulary.string(token(stream: s, offset: $0)) }
    }

    /// Every distinct token, as text (for tools and benchmarks, not matching).
    package var words: [String] { (0..<Int32(vocabulary.count)).map(vocabulary.string) }

    /// Calls `body` with each occurrence of vocabulary id `v` (latest first).
    @inline(__always)
    package func forEachOccurrence(ofToken v: Int32, _ body: (Position) -> Void) {
        var i = lastOccurrence[Int(v)]
        while i >= 0 {
            let s = Int(occurrenceStream[Int(i)])
            body(Position(stream: s, offset: Int(i - streamStarts[s])))
            i = previousOccurrence[Int(i)]
        }
    }

    /// Each occurrence of the folded token `text`, or of every token starting with it.
    package func forEachOccurrence(of text: String, prefix: Bool, _ body: (Position) -> Void) {
        var text = text
        text.withUTF8 { t in
            if prefix {
                for v in 0..<Int32(vocabulary.count) where vocabulary.hasPrefix(v, t) { forEachOccurrence(ofToken: v, body) }
            } else {
                let v = vocabulary.find(t, hash: TokenTable.hash(t))
                if v >= 0 { forEachOccurrence(ofToken: v, body) }
            }
        }
    }

    /// Whether stream `s` is searched under `field` (nil: an unscoped word, which
    /// searches title, summary and content).
    @inline(__always)
    package func inScope(_ s: Int, _ field: QueryField?) -> Bool {
        let f = fields[s]
        if let field { return f == field }
        return f == .title || f == .summary || f == .content
    }
}
