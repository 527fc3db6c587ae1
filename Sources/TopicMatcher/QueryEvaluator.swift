/// Decides a query against an article by the rules of DESIGN.md. Whether a query
/// holds is decided over the whole item: AND holds when each operand holds
/// somewhere in the fields in scope, OR when one does, NOT when its operand holds
/// nowhere. Regions matter only inside NEAR: a term or phrase gives its
/// occurrences, OR the union, AND one region of one field covering a match of each
/// positive operand, NEAR the span of a non-overlapping pair at most n tokens apart
/// (`f`: left operand first).
///
/// This is the plain, tree-walking statement of the semantics: the brute-force
/// reference. `TopicIndex` evaluates compiled topics and shares `cover` and
/// `near` with it.
package enum QueryEvaluator {
    /// A run of tokens `start...end` in stream `stream`.
    package struct Region: Hashable, Sendable, Comparable {
        package var stream: Int
        package var start: Int
        package var end: Int

        package static func < (a: Region, b: Region) -> Bool { (a.stream, a.start, a.end) < (b.stream, b.start, b.end) }
    }

    /// Regions sorted, each once: sorting small arrays beats hashing them.
    package static func unique(_ regions: [Region]) -> [Region] {
        guard regions.count > 1 else { return regions }
        var out: [Region] = []
        out.reserveCapacity(regions.count)
        for r in regions.sorted() where out.last != r { out.append(r) }
        return out
    }

    /// One token or phrase occurrence that made a match, for the explanation.
    package struct Hit: Hashable, Sendable {
        package var term: String
        package var field: QueryField
        /// Token position in its field's stream.
        package var offset: Int
    }

    /// The regions of `query` as NEAR would see them (one field each).
    package static func regions(_ query: QueryNode, in article: ArticleText) -> [Region] {
        eval(query, article, scope: nil)
    }

    /// Whether `query` matches: the reference decision the compiled matcher of
    /// `TopicIndex` is tested against.
    package static func matches(_ query: QueryNode, in article: ArticleText) -> Bool {
        decide(query, article, scope: nil)
    }

    /// The term, phrase and entity occurrences that made the match: every
    /// occurrence in scope of each operand that holds, and inside NEAR only those
    /// within its regions.
    package static func explain(_ query: QueryNode, in article: ArticleText) -> [Hit] {
        guard matches(query, in: article) else { return [] }
        var hits: [Hit] = []
        collect(query, article, scope: nil, within: nil, into: &hits)
        return ordered(hits)
    }

    /// The whole-item decision.
    private static func decide(_ node: QueryNode, _ a: ArticleText, scope: QueryField?) -> Bool {
        switch node {
        case .or(let children):
            return children.contains { decide($0, a, scope: scope) }
        case .and(let children):
            return children.allSatisfy { decide($0, a, scope: scope) }
        case .not(let inner):
            return !decide(inner, a, scope: scope)
        case .field(let f, let child):
            return decide(child, a, scope: f)
        case .term, .phrase, .entity, .near:
            return !eval(node, a, scope: scope).isEmpty
        }
    }

    // MARK: evaluation

    /// Positions of a token (exact) or of every token starting with it (prefix).
    private static func occurrences(_ text: String, prefix: Bool, _ a: ArticleText) -> [ArticleText.Position] {
        var out: [ArticleText.Position] = []
        a.forEachOccurrence(of: text, prefix: prefix) { out.append($0) }
        return out
    }

    private static func eval(_ node: QueryNode, _ a: ArticleText, scope: QueryField?) -> [Region] {
        switch node {
        case .term(let t, let prefix):
            return occurrences(t, prefix: prefix, a).compactMap {
                a.inScope($0.stream, scope) ? Region(stream: $0.stream, start: $0.offset, end: $0.offset) : nil
            }
        case .phrase(let terms):
            // Anchor on the first token's occurrences, then check the rest in place.
            var out: [Region] = []
            for p in occurrences(terms[0].text, prefix: terms[0].prefix, a) where a.inScope(p.stream, scope) {
                guard p.offset + terms.count <= a.tokenCount(stream: p.stream) else { continue }
                var ok = true
                for k in 1..<terms.count {
                    let t = terms[k], tok = a.vocabulary.string(a.token(stream: p.stream, offset: p.offset + k))
                    if !(t.prefix ? tok.utf8.starts(with: t.text.utf8) : tok == t.text) { ok = false; break }
                }
                if ok { out.append(Region(stream: p.stream, start: p.offset, end: p.offset + terms.count - 1)) }
            }
            return out
        case .entity(let id):
            return a.entityRegions(id).filter { a.inScope($0.stream, scope) }
        case .or(let children):
            return unique(children.flatMap { eval($0, a, scope: scope) })
        case .and(let children):
            var positives: [[Region]] = []
            for c in children {
                if c.isNegation {
                    if !holds(c, a, scope: scope) { return [] }
                } else {
                    let r = eval(c, a, scope: scope)
                    if r.isEmpty { return [] }
                    positives.append(r)
                }
            }
            return cover(positives)
        case .not:
            // Only reachable at the top of a query the parser rejects.
            return []
        case .near(let l, let r, let n, let ordered):
            let left = eval(l, a, scope: scope)
            guard !left.isEmpty else { return [] }
            return near(left, eval(r, a, scope: scope), distance: n, ordered: ordered)
        case .field(let f, let child):
            return eval(child, a, scope: f)
        }
    }

    /// NEAR: the spans of the non-overlapping pairs at most `distance` tokens
    /// apart in one stream (`ordered`: left first).
    package static func near(_ left: [Region], _ right: [Region], distance n: Int, ordered: Bool) -> [Region] {
        var out: [Region] = []
        for x in left {
            for y in right where x.stream == y.stream {
                let gap: Int
                if x.end < y.start {
                    gap = y.start - x.end - 1
                } else if y.end < x.start {
                    if ordered { continue }
                    gap = x.start - y.end - 1
                } else {
                    continue  // overlapping
                }
                guard gap <= n else { continue }
                out.append(Region(stream: x.stream, start: min(x.start, y.start), end: max(x.end, y.end)))
            }
        }
        return unique(out)
    }

    /// Whether a negation (`-x`, `title:(-x)`, `(-x -y)`) holds: none of what
    /// it negates matches anywhere in its scope.
    private static func holds(_ node: QueryNode, _ a: ArticleText, scope: QueryField?) -> Bool {
        switch node {
        case .not(let inner): return !decide(inner, a, scope: scope)
        case .field(let f, let c): return holds(c, a, scope: f)
        case .and(let c): return c.allSatisfy { holds($0, a, scope: scope) }
        default: return true
        }
    }

    /// For each stream holding a match of every operand: the smallest regions
    /// covering one match of each, one per leftmost match.
    package static func cover(_ operands: [[Region]]) -> [Region] {
        guard operands.count > 1 else { return operands.first ?? [] }
        var streams = Array(Set(operands[0].map(\.stream))).sorted()
        for o in operands.dropFirst() {
            streams = streams.filter { s in o.contains { $0.stream == s } }
            if streams.isEmpty { return [] }
        }
        var out: [Region] = []
        for s in streams {
            var starts: [Int] = []
            for o in operands { for r in o where r.stream == s { starts.append(r.start) } }
            var last = -1
            // One region per distinct start, so no two are equal.
            for start in starts.sorted() where start != last {
                last = start
                var end = -1
                var complete = true
                for o in operands {
                    var best = Int.max
                    for r in o where r.stream == s && r.start >= start && r.end < best { best = r.end }
                    if best == Int.max {
                        complete = false
                        break
                    }
                    end = max(end, best)
                }
                if complete { out.append(Region(stream: s, start: start, end: end)) }
            }
        }
        return out
    }

    // MARK: explanation

    /// The article's tokens of a phrase match, as the explanation shows them.
    /// Han, kana and Hangul characters are written together, as in the text
    /// (`"金正恩"`, not `"金 正 恩"`); other tokens with a space between.
    package static func phraseText(_ a: ArticleText, _ r: Region) -> String {
        var out = ""
        var previousIdeograph = false
        for offset in r.start...r.end {
            let token = a.vocabulary.string(a.token(stream: r.stream, offset: offset))
            let ideograph = token.unicodeScalars.first.map { TextFolder.isIdeographic($0.value) } ?? false
            if !out.isEmpty && !(ideograph && previousIdeograph) { out += " " }
            out += token
            previousIdeograph = ideograph
        }
        return out
    }

    /// Hits deduplicated and in the order explanations list them.
    /// By field name, offset and term.
    package static func ordered(_ hits: [Hit]) -> [Hit] {
        var out: [Hit] = []
        out.reserveCapacity(hits.count)
        for h in hits.sorted(by: { ($0.field.nameRank, $0.offset, $0.term) < ($1.field.nameRank, $1.offset, $1.term) }) where out.last != h {
            out.append(h)
        }
        return out
    }

    /// `within` nil: the node holds over the whole item, so every occurrence in
    /// scope explains it; else only those inside NEAR's regions.
    private static func collect(_ node: QueryNode, _ a: ArticleText, scope: QueryField?, within: [Region]?, into hits: inout [Hit]) {
        switch node {
        case .term, .phrase, .entity:
            for r in eval(node, a, scope: scope) where within.map({ inside(r, $0) }) ?? true {
                hits.append(Hit(term: hitText(node, a, r), field: a.fields[r.stream], offset: r.start))
            }
        case .or(let c):
            for child in c where within != nil || decide(child, a, scope: scope) {
                collect(child, a, scope: scope, within: within, into: &hits)
            }
        case .and(let c):
            for child in c { collect(child, a, scope: scope, within: within, into: &hits) }
        case .not:
            return
        case .near(let l, let r, _, _):
            let found = eval(node, a, scope: scope).filter { r in within.map { inside(r, $0) } ?? true }
            collect(l, a, scope: scope, within: found, into: &hits)
            collect(r, a, scope: scope, within: found, into: &hits)
        case .field(let f, let child):
            collect(child, a, scope: f, within: within, into: &hits)
        }
    }

    static func inside(_ r: Region, _ regions: [Region]) -> Bool {
        regions.contains { $0.stream == r.stream && $0.start <= r.start && r.end <= $0.end }
    }

    /// A term as written (`meet*`), a phrase or an entity as found in the text
    /// (`@kim-jong-un "Kim Dzong Unem"`).
    private static func hitText(_ node: QueryNode, _ a: ArticleText, _ r: Region) -> String {
        switch node {
        case .term(let t, let p): return p ? t + "*" : t
        case .entity(let id): return "@\(id) \"\(a.writtenText(r) ?? phraseText(a, r))\""
        default: return phraseText(a, r)
        }
    }
}
