import Foundation

/// Finds the entities and concepts of one article in one pass over its tokens
/// (DESIGN.md, "Entities and concepts"): each distinct token is analysed once
/// for the alias tokens it may be (as it is, or inflected by the rules of the
/// item's language), then every stream is read leftmost-longest, block aliases
/// claiming their span, role aliases kept within their dates, weak ones only
/// beside a strong or role alias of the same entity or of its context.
struct EntityTagger {
    /// How an article token realises an alias token.
    enum How: UInt8, Sendable { case exact, ending, replacement, clitic, prefix }

    struct Candidate: Sendable {
        var part: Int32
        var how: How
    }

    let catalog: EntityCatalog
    let article: ArticleText
    /// Candidates per vocabulary id (CSR).
    private var start: [Int32] = [0]
    private var candidates: [Candidate] = []
    private var scratch: [UInt8] = []

    init(_ catalog: EntityCatalog, _ article: ArticleText) {
        self.catalog = catalog
        self.article = article
    }

    /// The hits of the article, sorted by entity then position.
    static func tag(_ article: ArticleText, with catalog: EntityCatalog) -> [EntityHit] {
        guard catalog.count > 0 else { return [] }
        var t = EntityTagger(catalog, article)
        t.analyse()
        return t.resolve(t.scan())
    }

    // MARK: token analysis

    /// Every distinct token's candidates, from the cache where this token was
    /// seen before with the same rules, else worked out and cached.
    private mutating func analyse() {
        let vocabulary = article.vocabulary
        let known = catalog.rules.rules(for: article.language)
        // The item's language rules the words of its own script; a word in
        // another script (a Russian headline in a feed that says xml:lang="en")
        // and every word of an item without a language take the rules of their
        // script.
        let ownScripts = catalog.rules.scripts(of: article.language)
        // The rules each token is read with, as a cache key: 1 + the language's
        // place, or 128 + the script bit; 0 for none.
        let languageKey = known == nil ? 0 : UInt8(truncatingIfNeeded: 1 + (catalog.rules.languageIndex(article.language) ?? 0))
        var queries: [(key: UInt8, token: Int32)] = []
        queries.reserveCapacity(vocabulary.count)
        for v in 0..<Int32(vocabulary.count) {
            let script = vocabulary.withBytes(v) { ScriptClass.of($0) }
            var key = languageKey
            if script & ownScripts == 0 {
                key = catalog.rules.hasRules(forScript: script) ? 128 | script : 0
            }
            queries.append((key, v))
        }
        candidates.reserveCapacity(vocabulary.count / 4)
        start.reserveCapacity(vocabulary.count + 1)
        // The usual case once the cache is warm: every token known, one lock.
        if catalog.inflectionCache.fill(queries, in: vocabulary, candidates: &candidates, start: &start) { return }
        candidates.removeAll(keepingCapacity: true)
        start.removeAll(keepingCapacity: true)
        start.append(0)
        let cached = catalog.inflectionCache.lookup(queries, in: vocabulary)
        var fresh: [(key: UInt8, token: Int32, result: [Candidate])] = []
        for (q, hit) in zip(queries, cached) {
            if let hit {
                if !hit.isEmpty { candidates += hit }
            } else {
                let mark = candidates.count
                let rules = q.key >= 128 ? catalog.rules.rules(forScript: q.key & 127) : q.key == 0 ? nil : known
                vocabulary.withBytes(q.token) { token in
                    exactAndPrefix(q.token, token)
                    if let rules, !rules.isEmpty { inflected(token, rules) }
                }
                fresh.append((q.key, q.token, Array(candidates[mark...])))
            }
            start.append(Int32(candidates.count))
        }
        catalog.inflectionCache.store(fresh, from: vocabulary)
    }

    /// The alias tokens that are `token` as it is, or of which it is a prefix alias' compound.
    private mutating func exactAndPrefix(_ v: Int32, _ token: UnsafeBufferPointer<UInt8>) {
        let vocabulary = article.vocabulary
        let exact = catalog.tokens.find(token, hash: vocabulary.hashes[Int(v)])
        if exact >= 0 { candidates.append(Candidate(part: exact, how: .exact)) }
        if token.count >= 3, catalog.prefixStarts.contains(EntityCatalog.startKey(token.prefix(3))),
           let bucket = catalog.prefixBuckets[UInt32(token[0]) << 16 | UInt32(token[1]) << 8 | UInt32(token[2])] {
            for p in bucket where vocabulary.hasPrefix(v, token: p, of: catalog.prefixes) {
                candidates.append(Candidate(part: ~p, how: .prefix))
            }
        }
    }

    /// The alias tokens `token` may be an inflected form of. A stem keeps the
    /// token's first bytes, so most tokens are ruled out by one set look-up.
    private mutating func inflected(_ token: UnsafeBufferPointer<UInt8>, _ rules: InflectionRules.Language) {
        let last = Int(token[token.count - 1])
        let startKnown = token.count < 3 || catalog.starts.contains(EntityCatalog.startKey(token.prefix(3)))
        // No alias token starts as this one does, and it is too long for a stem
        // under three bytes: no ending can lead to an alias.
        if !startKnown && token.count > rules.longestEnding + 2 {
            clitics(token, rules)
            return
        }
        // A stem shorter than three bytes is checked whole.
        func possible(_ stem: Int) -> Bool { stem >= 3 ? startKnown : catalog.starts.contains(EntityCatalog.startKey(token.prefix(stem))) }
        for e in rules.endings[last] where e.count < token.count && possible(token.count - e.count) && token.suffix(e.count).elementsEqual(e) {
            lookup(token.prefix(token.count - e.count), [], .ending)
        }
        // Replacements with an empty form (`y>`: the form is the base less its
        // last letters) are filed under 0.
        for bucket in last == 0 ? [0] : [0, last] {
            for (form, base) in rules.replacements[bucket] where form.count < token.count
                && (token.count - form.count >= 3 ? startKnown : true) && token.suffix(form.count).elementsEqual(form) {
                lookup(token.prefix(token.count - form.count), base, .replacement)
            }
        }
        clitics(token, rules)
    }

    private mutating func clitics(_ token: UnsafeBufferPointer<UInt8>, _ rules: InflectionRules.Language) {
        for c in rules.clitics[Int(token[0])] where c.count < token.count && token.prefix(c.count).elementsEqual(c) {
            let rest = token.suffix(token.count - c.count)
            if catalog.starts.contains(EntityCatalog.startKey(rest.prefix(3))) { lookup(rest, [], .clitic) }
        }
    }

    private mutating func lookup(_ stem: Slice<UnsafeBufferPointer<UInt8>>, _ tail: [UInt8], _ how: How) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: stem)
        scratch.append(contentsOf: tail)
        let id = scratch.withUnsafeBufferPointer { catalog.tokens.find($0, hash: TokenTable.hash($0)) }
        if id >= 0, !candidates[Int(start.last!)...].contains(where: { $0.part == id && $0.how == how }) {
            candidates.append(Candidate(part: id, how: how))
        }
    }

    // MARK: scanning

    /// Leftmost-longest over every stream: (alias, stream, start) of each claim.
    private func scan() -> [(alias: Int32, stream: Int32, start: Int32)] {
        var out: [(alias: Int32, stream: Int32, start: Int32)] = []
        out.reserveCapacity(32)
        candidates.withUnsafeBufferPointer { candidates in
            start.withUnsafeBufferPointer { start in
                catalog.withScanTables { tables in
                    // Per distinct token, whether one of its candidates starts an
                    // alias: most tokens that are alias words start none ("of",
                    // "the"), and each of their occurrences is then one byte read.
                    var starting = [UInt8](repeating: 0, count: start.count - 1)
                    for v in starting.indices {
                        for c in candidates[Int(start[v])..<Int(start[v + 1])] {
                            starting[v] |= tables.startsAliases[c.part >= 0 ? Int(c.part) : tables.exactCount + Int(~c.part)]
                        }
                    }
                    starting.withUnsafeBufferPointer { starting in
                        let scanner = Scanner(candidates: candidates, start: start, starting: starting, tables: tables)
                        for s in 0..<article.streamCount {
                            article.withTokens(stream: s) { scanner.scan($0, stream: Int32(s), into: &out) }
                        }
                    }
                }
            }
        }
        return out
    }

    /// The scan over raw buffers: it runs for every token of every article, and
    /// array accesses through the catalog cost a retain and a bounds check each.
    struct Scanner {
        let candidates: UnsafeBufferPointer<Candidate>
        let start: UnsafeBufferPointer<Int32>
        /// Per vocabulary id: the `startsAliases` bits of its candidates together
        /// (1, 2: it may start an alias; 4: it may be a longer one's second word).
        let starting: UnsafeBufferPointer<UInt8>
        let tables: EntityCatalog.ScanTables

        func scan(_ tokens: UnsafeBufferPointer<Int32>, stream: Int32, into out: inout [(alias: Int32, stream: Int32, start: Int32)]) {
            scan(tokens, stream: stream, into: &out, in: 0..<tokens.count, roles: true)
        }

        /// Leftmost-longest over `range`; without `roles`, role aliases are
        /// passed over (the span of a role, read again for what it names).
        private func scan(_ tokens: UnsafeBufferPointer<Int32>, stream: Int32, into out: inout [(alias: Int32, stream: Int32, start: Int32)],
                          in range: Range<Int>, roles: Bool) {
            let n = range.upperBound
            var i = range.lowerBound
            var found: [Int32] = []
            while i < n {
                let v = Int(tokens[i])
                // The next token, when it may be a longer alias's second word.
                let next = i + 1 < n && starting[Int(tokens[i + 1])] & 4 != 0 ? Int(tokens[i + 1]) : -1
                // Most tokens are no alias's first word; and the commonest ones
                // ("the", "and", "to") start only longer aliases, whose second
                // word seldom follows.
                if starting[v] & 3 == 0 || (starting[v] & 1 == 0 && next < 0) {
                    i += 1
                    continue
                }
                let from = Int(start[v]), to = Int(start[v + 1])
                var best: Int32 = 0
                found.removeAll(keepingCapacity: true)
                func consider(_ a: Int32, _ c: Candidate, from k: Int) {
                    let length = tables.aliasCount[Int(a)]
                    guard length >= best, i + Int(length) <= n, roles || tables.catalog.aliasKind[Int(a)] != .role,
                          allowed(c, length: length), rest(a, tokens, i, from: k, length) else { return }
                    if length > best { found.removeAll(keepingCapacity: true) }
                    best = length
                    if !found.contains(a) { found.append(a) }
                }
                for c in candidates[from..<to] {
                    let part = c.part
                    let slot = part >= 0 ? Int(part) : tables.exactCount + Int(~part)
                    let starts = tables.startsAliases[slot]
                    if starts & 3 == 0 { continue }
                    // Longer aliases first: those whose second word follows.
                    if next >= 0 && starts & 2 != 0 {
                        for c2 in candidates[Int(start[next])..<Int(start[next + 1])] {
                            let pair = tables.pairs.find(part, c2.part)
                            guard pair >= 0 else { continue }
                            for k in Int(tables.pairStart[Int(pair)])..<Int(tables.pairStart[Int(pair) + 1]) {
                                consider(tables.pairAliases[k], c, from: 2)
                            }
                        }
                    }
                    if best <= 1 && starts & 1 != 0 {
                        for k in Int(tables.byFirstStart[slot])..<Int(tables.byFirstStart[slot + 1]) { consider(tables.byFirst[k], c, from: 1) }
                    }
                }
                if best == 0 {
                    i += 1
                    continue
                }
                for a in found { out.append((a, stream, Int32(i))) }
                // A role names its country or organisation too: "Канцлер
                // Германии" is @germany as well as the chancellor, whatever the date.
                if roles, best > 1, found.contains(where: { tables.catalog.aliasKind[Int($0)] == .role }) {
                    scan(tokens, stream: stream, into: &out, in: i..<(i + Int(best)), roles: false)
                }
                i += Int(best)
            }
        }

        /// Whether the alias's tokens from the `from`th follow at `i`.
        private func rest(_ a: Int32, _ tokens: UnsafeBufferPointer<Int32>, _ i: Int, from: Int, _ length: Int32) -> Bool {
            let first = Int(tables.aliasStart[Int(a)])
            guard from < Int(length) else { return true }
            for k in from..<Int(length) where !realises(Int(tokens[i + k]), tables.aliasParts[first + k], length: length) { return false }
            return true
        }

        /// Whether article token `v` may stand for alias part `part` in an alias
        /// of `length` tokens.
        private func realises(_ v: Int, _ part: Int32, length: Int32) -> Bool {
            for c in candidates[Int(start[v])..<Int(start[v + 1])] where c.part == part && allowed(c, length: length) { return true }
            return false
        }

        /// Inflection of a one-word alias needs ≥ 4 letters (≥ 5 to replace
        /// letters, ≥ 3 behind a clitic), so that short words do not over-match.
        private func allowed(_ c: Candidate, length: Int32) -> Bool {
            guard length == 1 else { return true }
            switch c.how {
            case .exact, .prefix: return true
            case .ending: return tables.tokenLetters[Int(c.part)] >= 4
            case .replacement: return tables.tokenLetters[Int(c.part)] >= 5
            case .clitic: return tables.tokenLetters[Int(c.part)] >= 3
            }
        }
    }

    // MARK: resolving kinds

    private func resolve(_ claims: [(alias: Int32, stream: Int32, start: Int32)]) -> [EntityHit] {
        let date = article.date ?? Date()
        let language = catalog.languageBit(article.language)
        var firm: [EntityHit] = []
        firm.reserveCapacity(claims.count)
        var weak: [EntityHit] = []
        var blocked: [EntityHit] = []
        // A handful per article: arrays beat hashing. Entities count as
        // present (for weak aliases) from the text, not from the feed's name or link.
        var present: [Int32] = []
        for c in claims {
            let a = Int(c.alias)
            let hit = EntityHit(entity: catalog.aliasEntity[a], stream: c.stream, start: c.start, end: c.start + catalog.aliasCount[a] - 1)
            switch catalog.aliasKind[a] {
            case .block:
                blocked.append(hit)
                continue
            case .role:
                guard catalog.dates[Int(catalog.dateStart[a])..<Int(catalog.dateStart[a + 1])].contains(where: { $0.contains(date) }) else { continue }
            case .weak:
                // "May" is a name in English, and "un" an article in French.
                let languages = catalog.aliasLanguages[a]
                if let language, languages & (language | AliasBuilder.anyLanguage) == 0 { continue }
                weak.append(hit)
                continue
            case .strong: break
            }
            firm.append(hit)
            if article.inScope(Int(hit.stream), nil), !present.contains(hit.entity) { present.append(hit.entity) }
        }
        // A weak alias counts beside its own entity or a context entity found firmly.
        for h in weak where present.contains(h.entity) || catalog.context[Int(h.entity)].contains(where: present.contains) {
            firm.append(h)
        }
        // A block alias of an entity claims its span from that entity's other
        // aliases of the same length (Protasevicha the street, not Protasevich + a).
        if !blocked.isEmpty { firm.removeAll { h in blocked.contains(h) } }
        firm.sort { ($0.entity, $0.stream, $0.start) < ($1.entity, $1.stream, $1.start) }
        var out: [EntityHit] = []
        out.reserveCapacity(firm.count)
        for h in firm where out.last != h { out.append(h) }
        return out
    }
}
