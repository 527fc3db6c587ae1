import FeedModel
import FeedwatchSupport
import TopicMatcher

/// Turns an article, as the matcher folded and tagged it, into its story
/// print: no second tokenizer, no second pass for entities. The shingles are
/// the article's own folded tokens of the title and the lead (the first
/// `leadTokens` of the summary, or of the content when it has none), single
/// words and adjacent pairs, MinHashed into `StoryPrint.signatureLength` minima.
package enum StoryPrinter {
    /// Long enough for a lead sentence or two; a whole body would let the
    /// boiler-plate of one outlet make its stories look alike.
    package static let leadTokens = 40

    /// `article` should be tagged (`TopicIndex.tagged`) for its concepts;
    /// `link`: the store's normalised link (`URLNormalizer.key`).
    package static func print(_ article: ArticleText, link: String?) -> StoryPrint {
        let streams = leadStreams(article)
        var hashes: [UInt64] = []
        hashes.reserveCapacity(2 * (streams.reduce(0) { $0 + $1.count }))
        for (s, count) in streams {
            var previous: UInt64?
            for offset in 0..<count {
                let h = article.vocabulary.withBytes(article.token(stream: s, offset: offset), tokenHash)
                hashes.append(h)
                if let p = previous { hashes.append(MinHash.mix(p &* 0x9E37_79B9_7F4A_7C15 ^ h)) }
                previous = h
            }
        }
        let found = concepts(article, in: Set(streams.map(\.stream)))
        let type = { (id: String) in article.taggedBy?.type(of: id) ?? "" }
        return StoryPrint(link: link, signature: MinHash.signature(hashes), concepts: found,
                          names: found.filter { ["person", "city"].contains(type($0)) }, events: found.filter { type($0) == "concept" },
                          language: article.language.map(InflectionRules.code(of:)), words: streams.reduce(0) { $0 + $1.count })
    }

    /// A token's shingle hash: signatures are stored with their stories and
    /// compared with those of articles printed later (after a restart, an
    /// upgrade), so this is FNV-1a, folded, and must not change; the matcher's
    /// tables use a faster hash of their own (`TokenTable.hash`).
    static func tokenHash(_ token: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let h = FNV1a.hash(buffer: token)
        return h ^ (h >> 32)
    }

    /// The title stream and the lead stream, each with how many tokens count.
    private static func leadStreams(_ article: ArticleText) -> [(stream: Int, count: Int)] {
        var out: [(Int, Int)] = []
        var lead: Int?
        for s in 0..<article.streamCount {
            switch article.fields[s] {
            case .title: out.append((s, article.tokenCount(stream: s)))
            case .summary where article.tokenCount(stream: s) > 0: lead = lead ?? s
            default: break
            }
        }
        if lead == nil {
            lead = (0..<article.streamCount).first { article.fields[$0] == .content && article.tokenCount(stream: $0) > 0 }
        }
        if let lead { out.append((lead, min(leadTokens, article.tokenCount(stream: lead)))) }
        return out
    }

    /// The entities and concepts found in the title and the lead.
    private static func concepts(_ article: ArticleText, in streams: Set<Int>) -> [String] {
        guard let catalog = article.taggedBy else { return [] }
        var ids = Set<String>()
        for h in article.entityHits where streams.contains(Int(h.stream)) { ids.insert(catalog.ids[Int(h.entity)]) }
        return ids.sorted()
    }
}
