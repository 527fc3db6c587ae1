/// Decides a query against an article by the region semantics of DESIGN.md: a
/// match is a region of one field stream; a term or phrase gives its
/// occurrences, OR the union, AND one region covering a match of each positive
/// operand (none if a NOT operand matches anywhere in scope), NEAR the span of a
/// non-overlapping pair at most n tokens apart (`f`: left operand first).
package enum QueryEvaluator {
    /// A run of tokens `start...end` in stream `stream`.
    package struct Region: Hashable, Sendable {
        package var stream: Int
        package var start: Int
        package var end: Int
    }

    /// One token or phrase occurrence that made a match, for the explanation.
    package struct Hit: Hashable, Sendable {
        package var term: String
        package var field: QueryField
        /// Token position in its field's stream.
        package var offset: Int
    }

    /// The regions where `query` matches; empty when it does not.
    package static func regions(_ query: QueryNode, in article: ArticleText) -> [Region] {
        eval(query, article, scope: nil)
    }

    package static func matches(_ query: QueryNode, in article: ArticleText) -> Bool {
        if article.streams.count <= 64 { return streamMask(query, article, scope: nil) != 0 }
        return exists(query, article, scope: nil)
    }

    /// The streams (as bits) where `node` has a region, computed without
    /// building regions except under NEAR: the question asked of every candidate
    /// topic, most of which fail. Articles with more than 64 streams take `exists`.
    private static func streamMask(_ node: QueryNode, _ a: ArticleText, scope: QueryField?) -> UInt64 {
        switch node {
        case .term(let t, let prefix):
            // Walked inline (no closure): this runs for every term of every candidate.
            var mask: UInt64 = 0
            if prefix {
                for (token, start) in a.lastOccurrence where token.utf8.starts(with: t.utf8) {
                    var i = start
                    while i >= 0 {
                        let p = a.occurrences[Int(i)]
                        if a.inScope(p.stream, scope) { mask |= 1 << UInt64(p.stream) }
                        i = a.previousOccurrence[Int(i)]
                    }
                }
            } else if var i = a.lastOccurrence[t] {
                while i >= 0 {
                    let p = a.occurrences[Int(i)]
                    if a.inScope(p.stream, scope) { mask |= 1 << UInt64(p.stream) }
                    i = a.previousOccurrence[Int(i)]
                }
            }
            return mask
        case .phrase:
            var mask: UInt64 = 0
            for r in eval(node, a, scope: scope) { mask |= 1 << UInt64(r.stream) }
            return mask
        case .near:
            var mask: UInt64 = 0
            for r in eval(node, a, scope: scope) { mask |= 1 << UInt64(r.stream) }
            return mask
        case .or(let children):
            var mask: UInt64 = 0
            for c in children { mask |= streamMask(c, a, scope: scope) }
            return mask
        case .and(let children):
            var mask = UInt64.max
            for c in children {
                if case .not(let inner) = c {
                    if streamMask(inner, a, scope: scope) != 0 { return 0 }
                    continue
                }
                mask &= streamMask(c, a, scope: scope)
                if mask == 0 { return 0 }
            }
            return mask == .max ? 0 : mask
        case .not:
            return 0
        case .field(let f, let child):
            return streamMask(child, a, scope: f)
        }
    }

    /// Whether any region exists, without building AND's covering windows: the
    /// question asked of every candidate, most of which fail.
    private static func exists(_ node: QueryNode, _ a: ArticleText, scope: QueryField?) -> Bool {
        switch node {
        case .term, .phrase, .near:
            return !eval(node, a, scope: scope).isEmpty
        case .or(let children):
            return children.contains { exists($0, a, scope: scope) }
        case .and(let children):
            var streams: Set<Int>?
            for c in children {
                if case .not(let inner) = c {
                    if exists(inner, a, scope: scope) { return false }
                    continue
                }
                let here = Set(eval(c, a, scope: scope).map(\.stream))
                streams = streams.map { $0.intersection(here) } ?? here
                if streams!.isEmpty { return false }
            }
            return !(streams ?? []).isEmpty
        case .not:
            return false
        case .field(let f, let child):
            return exists(child, a, scope: f)
        }
    }

    /// The term and phrase occurrences inside the matching regions.
    package static func explain(_ query: QueryNode, in article: ArticleText) -> [Hit] {
        guard matches(query, in: article) else { return [] }
        let found = regions(query, in: article)
        guard !found.isEmpty else { return [] }
        var hits: [Hit] = []
        collect(query, article, scope: nil, within: found, into: &hits)
        var seen = Set<Hit>()
        return hits.filter { seen.insert($0).inserted }.sorted { ($0.field.rawValue, $0.offset) < ($1.field.rawValue, $1.offset) }
    }

    // MARK: evaluation

    /// Positions of a token (exact) or of every token starting with it (prefix).
    private static func occurrences(_ text: String, prefix: Bool, _ a: ArticleText) -> [ArticleText.Position] {
        var out: [ArticleText.Position] = []
        if prefix { a.forEachOccurrence(ofPrefix: text) { out.append($0) } } else { a.forEachOccurrence(of: text) { out.append($0) } }
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
                let toks = a.streams[p.stream].tokens
                guard p.offset + terms.count <= toks.count else { continue }
                var ok = true
                for k in 1..<terms.count {
                    let t = terms[k], tok = toks[p.offset + k]
                    if !(t.prefix ? tok.utf8.starts(with: t.text.utf8) : tok == t.text) { ok = false; break }
                }
                if ok { out.append(Region(stream: p.stream, start: p.offset, end: p.offset + terms.count - 1)) }
            }
            return out
        case .or(let children):
            var out: [Region] = []
            var seen = Set<Region>()
            for c in children { for r in eval(c, a, scope: scope) where seen.insert(r).inserted { out.append(r) } }
            return out
        case .and(let children):
            var positives: [[Region]] = []
            for c in children {
                if case .not(let inner) = c {
                    if !eval(inner, a, scope: scope).isEmpty { return [] }
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
            let right = eval(r, a, scope: scope)
            var out: [Region] = []
            var seen = Set<Region>()
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
                    let region = Region(stream: x.stream, start: min(x.start, y.start), end: max(x.end, y.end))
                    if seen.insert(region).inserted { out.append(region) }
                }
            }
            return out
        case .field(let f, let child):
            return eval(child, a, scope: f)
        }
    }

    /// For each stream holding a match of every operand: the smallest regions
    /// covering one match of each, one per leftmost match.
    private static func cover(_ operands: [[Region]]) -> [Region] {
        guard operands.count > 1 else { return operands.first ?? [] }
        var streams = Set(operands[0].map(\.stream))
        for o in operands.dropFirst() { streams.formIntersection(o.map(\.stream)) }
        var out: [Region] = []
        var seen = Set<Region>()
        for s in streams.sorted() {
            let perOperand = operands.map { $0.filter { $0.stream == s } }
            let starts = Set(perOperand.flatMap { $0.map(\.start) }).sorted()
            for start in starts {
                var end = -1
                var complete = true
                for regions in perOperand {
                    guard let best = regions.filter({ $0.start >= start }).map(\.end).min() else {
                        complete = false
                        break
                    }
                    end = max(end, best)
                }
                guard complete else { continue }
                let r = Region(stream: s, start: start, end: end)
                if seen.insert(r).inserted { out.append(r) }
            }
        }
        return out
    }

    // MARK: explanation

    private static func collect(_ node: QueryNode, _ a: ArticleText, scope: QueryField?, within: [Region], into hits: inout [Hit]) {
        switch node {
        case .term, .phrase:
            for r in eval(node, a, scope: scope) where within.contains(where: { $0.stream == r.stream && $0.start <= r.start && r.end <= $0.end }) {
                let text: String
                if case .term(let t, let p) = node { text = p ? t + "*" : t } else { text = a.streams[r.stream].tokens[r.start...r.end].joined(separator: " ") }
                hits.append(Hit(term: text, field: a.streams[r.stream].field, offset: r.start))
            }
        case .or(let c), .and(let c):
            for child in c { collect(child, a, scope: scope, within: within, into: &hits) }
        case .not:
            return
        case .near(let l, let r, _, _):
            collect(l, a, scope: scope, within: within, into: &hits)
            collect(r, a, scope: scope, within: within, into: &hits)
        case .field(let f, let child):
            collect(child, a, scope: f, within: within, into: &hits)
        }
    }
}
