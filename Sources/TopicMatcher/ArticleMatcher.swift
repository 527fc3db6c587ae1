/// One article against compiled topics: the article's tokens resolved to the
/// topics' term ids once (which also yields the presearch candidates), then
/// each candidate decided on stream bit masks, and only the matches explained
/// with regions. Lives for one article; what it allocates is sized by the
/// article, but for a bit per topic to mark candidates.
struct ArticleMatcher {
    typealias Region = QueryEvaluator.Region

    let article: ArticleText
    let program: CompiledTopics
    /// Candidate topics, sorted, each once.
    private(set) var candidates: [Int32] = []
    /// Term id → article vocabulary id (key `id << 1`), prefix id → head of its
    /// chain of matching vocabulary ids (key `id << 1 | 1`): open addressing.
    private var keys: [Int32]
    private var values: [Int32]
    private var used = 0
    private var chainToken: [Int32] = []
    private var chainNext: [Int32] = []
    /// Per scope code: the streams it covers (when the article has ≤ 64).
    private var scopeMasks = [UInt64](repeating: 0, count: 8)
    /// Per entity found: its streams (bits) and its hits in `article.entityHits`.
    /// A handful per article: searched in order, cheaper than hashing.
    private var entityIDs: [Int32] = []
    private var entityBits: [UInt64] = []
    private var entityRange: [Range<Int>] = []

    init(_ article: ArticleText, _ program: CompiledTopics) {
        self.article = article
        self.program = program
        // Only the tokens that are topics' terms (or have their prefixes) are
        // stored, a fraction of the vocabulary: room for three times the
        // vocabulary was filled with -1 for every article (`grow` doubles it).
        var size = 16
        while size < article.vocabulary.count { size <<= 1 }
        keys = [Int32](repeating: -1, count: size)
        values = [Int32](repeating: -1, count: size)
        for (s, f) in article.fields.enumerated() where s < 64 {
            let bit: UInt64 = 1 << UInt64(s)
            scopeMasks[Int(CompiledTopics.scopeCode(f))] |= bit
            if f == .title || f == .summary || f == .content { scopeMasks[0] |= bit }
        }
        // Candidates as a bit per topic: a topic filed under several of the
        // article's words is marked once, and reading the bits out gives them
        // in order, cheaper than sorting what the keys found.
        var marked = [UInt64](repeating: 0, count: (program.roots.count + 63) / 64)
        @inline(__always) func mark(_ topics: ArraySlice<Int32>) {
            for t in topics { marked[Int(t) >> 6] |= 1 << UInt64(t & 63) }
        }
        let vocabulary = article.vocabulary
        let hasPrefixes = !program.prefixBuckets.isEmpty
        for v in 0..<Int32(vocabulary.count) {
            let hash = vocabulary.hashes[Int(v)]
            let t = program.termFilter.mayContain(hash) ? vocabulary.withBytes(v) { program.terms.find($0, hash: hash) } : -1
            if t >= 0 {
                store(t << 1, v)
                mark(program.termTopics[Int(program.termTopicStart[Int(t)])..<Int(program.termTopicStart[Int(t) + 1])])
            }
            if hasPrefixes, vocabulary.length(v) >= 3, case let key = vocabulary.key3(v),
               program.prefixKeyFilter.mayContain(CompiledTopics.prefixKeyHash(key)), let bucket = program.prefixBuckets[key] {
                for p in bucket where vocabulary.hasPrefix(v, token: p, of: program.prefixes) {
                    let key = p << 1 | 1
                    chainToken.append(v)
                    chainNext.append(lookup(key))
                    store(key, Int32(chainToken.count - 1))
                    mark(program.prefixTopics[Int(p)][...])
                }
            }
        }
        indexEntities(&marked)
        candidates.reserveCapacity(marked.reduce(0) { $0 + $1.nonzeroBitCount })
        for (w, var bits) in marked.enumerated() where bits != 0 {
            repeat {
                candidates.append(Int32(w << 6 | bits.trailingZeroBitCount))
                bits &= bits - 1
            } while bits != 0
        }
    }

    /// Groups the article's entity hits (sorted by entity) into the per-entity
    /// arrays and marks the topics filed under each entity.
    private mutating func indexEntities(_ marked: inout [UInt64]) {
        var i = 0
        let hits = article.entityHits
        // Grown from empty, these arrays were reallocated four or five times per article.
        entityIDs.reserveCapacity(hits.count)
        entityBits.reserveCapacity(hits.count)
        entityRange.reserveCapacity(hits.count)
        while i < hits.count {
            let e = hits[i].entity
            var j = i
            var bits: UInt64 = 0
            while j < hits.count && hits[j].entity == e {
                if hits[j].stream < 64 { bits |= 1 << UInt64(hits[j].stream) }
                j += 1
            }
            entityIDs.append(e)
            entityBits.append(bits)
            entityRange.append(i..<j)
            for t in program.entityTopics[e] ?? [] { marked[Int(t) >> 6] |= 1 << UInt64(t & 63) }
            i = j
        }
    }

    // MARK: the resolution map

    @inline(__always)
    private func slot(_ key: Int32) -> Int {
        Int(truncatingIfNeeded: UInt32(bitPattern: key) &* 0x9E37_79B1) & (keys.count - 1)
    }

    private mutating func store(_ key: Int32, _ value: Int32) {
        var s = slot(key)
        while keys[s] >= 0 && keys[s] != key { s = (s + 1) & (keys.count - 1) }
        if keys[s] < 0 {
            keys[s] = key
            used += 1
        }
        values[s] = value
        if used * 2 > keys.count { grow() }
    }

    /// Many prefixes can match one token: keep the table at most half full.
    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [Int32](repeating: -1, count: oldKeys.count * 2)
        values = [Int32](repeating: -1, count: oldKeys.count * 2)
        for (k, v) in zip(oldKeys, oldValues) where k >= 0 {
            var s = slot(k)
            while keys[s] >= 0 { s = (s + 1) & (keys.count - 1) }
            keys[s] = k
            values[s] = v
        }
    }

    @inline(__always)
    private func lookup(_ key: Int32) -> Int32 {
        var s = slot(key)
        while true {
            let k = keys[s]
            if k == key { return values[s] }
            if k < 0 { return -1 }
            s = (s + 1) & (keys.count - 1)
        }
    }

    /// The article vocabulary id of exact term `t`, or -1.
    @inline(__always)
    private func token(_ t: Int32) -> Int32 { lookup(t << 1) }

    /// Calls `body` with each article vocabulary id starting with prefix `p`.
    @inline(__always)
    private func forEachToken(withPrefix p: Int32, _ body: (Int32) -> Void) {
        var c = lookup(p << 1 | 1)
        while c >= 0 {
            body(chainToken[Int(c)])
            c = chainNext[Int(c)]
        }
    }

    // MARK: decisions

    /// Whether topic `topic` matches.
    func matches(_ topic: Int) -> Bool {
        holds(program.roots[topic])
    }

    /// The whole-item decision (DESIGN.md): AND when each operand holds somewhere
    /// in scope, OR when one does, NOT when its operand holds nowhere; words,
    /// phrases, entities and NEAR when they have a region.
    private func holds(_ n: Int32) -> Bool {
        let node = program.nodes[Int(n)]
        switch node.op {
        case .and:
            for c in program.children[Int(node.a)..<Int(node.a + node.b)] where !holds(c) { return false }
            return true
        case .or:
            for c in program.children[Int(node.a)..<Int(node.a + node.b)] where holds(c) { return true }
            return false
        case .not:
            return !holds(node.a)
        case .term, .wildcard, .phrase, .entity, .near:
            return article.hasStreamBits ? mask(n) != 0 : !regions(n).isEmpty
        }
    }

    /// The streams (as bits) where node `n` has a region, computed without
    /// building regions except for phrases and NEAR: the question asked of
    /// every candidate, most of which fail.
    private func mask(_ n: Int32) -> UInt64 {
        let node = program.nodes[Int(n)]
        switch node.op {
        case .term:
            let v = token(node.a)
            return v < 0 ? 0 : article.streamBits[Int(v)] & scopeMasks[Int(node.scope)]
        case .wildcard:
            var m: UInt64 = 0
            forEachToken(withPrefix: node.a) { m |= article.streamBits[Int($0)] }
            return m & scopeMasks[Int(node.scope)]
        case .phrase:
            var m: UInt64 = 0
            forEachPhraseMatch(node) { s, _, _ in m |= 1 << UInt64(s) }
            return m
        case .entity:
            guard let k = entityIDs.firstIndex(of: node.a) else { return 0 }
            return entityBits[k] & scopeMasks[Int(node.scope)]
        case .near:
            guard mask(node.a) & mask(node.b) != 0 else { return 0 }
            var m: UInt64 = 0
            for r in regions(n) { m |= 1 << UInt64(r.stream) }
            return m
        case .or:
            var m: UInt64 = 0
            for c in program.children[Int(node.a)..<Int(node.a + node.b)] { m |= mask(c) }
            return m
        case .and:
            var m = UInt64.max
            for c in program.children[Int(node.a)..<Int(node.a + node.b)] {
                let child = program.nodes[Int(c)]
                if child.op == .not {
                    if holds(child.a) { return 0 }
                    continue
                }
                m &= mask(c)
                if m == 0 { return 0 }
            }
            return m == .max ? 0 : m
        case .not:
            return 0
        }
    }

    // MARK: regions

    @inline(__always)
    private func inScope(_ stream: Int, _ scope: UInt8) -> Bool {
        let f = CompiledTopics.scopeCode(article.fields[stream])
        return scope == 0 ? f <= 3 : f == scope
    }

    private func termRegions(_ v: Int32, _ scope: UInt8, into out: inout [Region]) {
        article.forEachOccurrence(ofToken: v) { p in
            if inScope(p.stream, scope) { out.append(Region(stream: p.stream, start: p.offset, end: p.offset)) }
        }
    }

    /// Each match of a phrase node, as (stream, start, end): anchored on the
    /// occurrences of its first token, the rest checked in place.
    private func forEachPhraseMatch(_ node: CompiledTopics.Node, _ body: (Int, Int, Int) -> Void) {
        let parts = program.parts[Int(node.a)..<Int(node.a + node.b)]
        // Every exact word must be in the article at all (looked up again per
        // anchor below rather than kept: no allocation for the usual misses).
        for p in parts where p >= 0 && token(p) < 0 { return }
        let count = parts.count
        guard let first = parts.first else { return }
        func check(_ pos: ArticleText.Position) {
            guard inScope(pos.stream, node.scope), pos.offset + count <= article.tokenCount(stream: pos.stream) else { return }
            for k in 1..<count {
                let tok = article.token(stream: pos.stream, offset: pos.offset + k)
                let part = parts[parts.startIndex + k]
                if part >= 0 {
                    if tok != token(part) { return }
                } else if !article.vocabulary.hasPrefix(tok, token: ~part, of: program.prefixes) {
                    return
                }
            }
            body(pos.stream, pos.offset, pos.offset + count - 1)
        }
        if first >= 0 {
            article.forEachOccurrence(ofToken: token(first), check)
        } else {
            forEachToken(withPrefix: ~first) { article.forEachOccurrence(ofToken: $0, check) }
        }
    }

    /// The regions where node `n` matches (the reference evaluator's semantics).
    func regions(_ n: Int32) -> [Region] {
        let node = program.nodes[Int(n)]
        switch node.op {
        case .term:
            var out: [Region] = []
            let v = token(node.a)
            if v >= 0 { termRegions(v, node.scope, into: &out) }
            return out
        case .wildcard:
            var out: [Region] = []
            forEachToken(withPrefix: node.a) { termRegions($0, node.scope, into: &out) }
            return out
        case .phrase:
            var out: [Region] = []
            forEachPhraseMatch(node) { out.append(Region(stream: $0, start: $1, end: $2)) }
            return out
        case .entity:
            guard let k = entityIDs.firstIndex(of: node.a) else { return [] }
            let range = entityRange[k]
            return article.entityHits[range].compactMap { h in
                inScope(Int(h.stream), node.scope) ? Region(stream: Int(h.stream), start: Int(h.start), end: Int(h.end)) : nil
            }
        case .or:
            var out: [Region] = []
            for c in program.children[Int(node.a)..<Int(node.a + node.b)] { out += regions(c) }
            return QueryEvaluator.unique(out)
        case .and:
            var positives: [[Region]] = []
            for c in program.children[Int(node.a)..<Int(node.a + node.b)] {
                let child = program.nodes[Int(c)]
                if child.op == .not {
                    if holds(child.a) { return [] }
                } else {
                    let r = regions(c)
                    if r.isEmpty { return [] }
                    positives.append(r)
                }
            }
            return QueryEvaluator.cover(positives)
        case .not:
            return []
        case .near:
            let left = regions(node.a)
            guard !left.isEmpty else { return [] }
            return QueryEvaluator.near(left, regions(node.b), distance: Int(node.distance), ordered: node.ordered)
        }
    }

    // MARK: explanations

    /// The hits that explain topic `topic`, or empty when it does not match.
    func explain(_ topic: Int) -> [QueryEvaluator.Hit] {
        let root = program.roots[topic]
        guard holds(root) else { return [] }
        var hits: [QueryEvaluator.Hit] = []
        var written = ArticleText.WrittenSpans()
        collect(root, within: nil, into: &hits, &written)
        return QueryEvaluator.ordered(hits)
    }

    /// As the reference evaluator: every occurrence in scope of each operand
    /// that holds (`within` nil), inside NEAR only those within its regions.
    /// `written` finds each field's tokens in its text once per explanation,
    /// not once per entity occurrence.
    private func collect(_ n: Int32, within: [Region]?, into hits: inout [QueryEvaluator.Hit], _ written: inout ArticleText.WrittenSpans) {
        let node = program.nodes[Int(n)]
        switch node.op {
        case .term, .wildcard, .phrase, .entity:
            for r in regions(n) where within.map({ QueryEvaluator.inside(r, $0) }) ?? true {
                let text: String
                switch node.op {
                case .phrase: text = QueryEvaluator.phraseText(article, r)
                case .entity: text = program.termText(node) + " \"" + (written.text(r, of: article) ?? QueryEvaluator.phraseText(article, r)) + "\""
                default: text = program.termText(node)
                }
                hits.append(QueryEvaluator.Hit(term: text, field: article.fields[r.stream], offset: r.start))
            }
        case .or:
            for c in program.children[Int(node.a)..<Int(node.a + node.b)] where within != nil || holds(c) {
                collect(c, within: within, into: &hits, &written)
            }
        case .and:
            for c in program.children[Int(node.a)..<Int(node.a + node.b)] { collect(c, within: within, into: &hits, &written) }
        case .not:
            return
        case .near:
            let found = regions(n).filter { r in within.map { QueryEvaluator.inside(r, $0) } ?? true }
            collect(node.a, within: found, into: &hits, &written)
            collect(node.b, within: found, into: &hits, &written)
        }
    }
}
