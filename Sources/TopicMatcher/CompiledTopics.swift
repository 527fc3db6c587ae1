/// Topics compiled once into flat arrays: nodes that refer to each other and
/// to term ids by index, field scopes pushed down to the words, every distinct
/// word and prefix of every topic in one token table. Evaluating a candidate
/// is then index arithmetic, with no tree of class references to retain and
/// no string to hash.
final class CompiledTopics: Sendable {
    enum Op: UInt8, Sendable { case term, wildcard, phrase, and, or, not, near, entity }

    struct Node: Sendable {
        var op: Op
        /// 0: an unscoped word (title, summary, content); else the field's
        /// `scopeCode`.
        var scope: UInt8
        var ordered: Bool
        /// term: term id; prefix: prefix id; entity: its index in the catalog; phrase, and, or: start in
        /// `parts` / `children`; not: the child; near: the left operand.
        var a: Int32
        /// phrase, and, or: count; near: the right operand.
        var b: Int32
        var distance: Int32
    }

    let nodes: [Node]
    let children: [Int32]
    /// Phrase tokens: an exact term id, or `~id` (negative) for a prefix id.
    let parts: [Int32]
    let terms: TokenTable
    let prefixes: TokenTable
    /// Each topic's root node.
    let roots: [Int32]
    /// The presearch: topics filed under each term id (CSR: `termTopics[
    /// termTopicStart[t]..<termTopicStart[t + 1]]`), and under each prefix id.
    let termTopicStart: [Int32]
    let termTopics: [Int32]
    let prefixTopics: [[Int32]]
    /// Prefix ids by their first three bytes.
    let prefixBuckets: [UInt32: [Int32]]
    /// Which hashes may be terms' (`termFilter`), which three-byte keys may
    /// have prefixes (`prefixKeyFilter`, by `prefixKeyHash`): most of an
    /// article's words are neither, and these answer without a cache miss.
    let termFilter: HashFilter
    let prefixKeyFilter: HashFilter
    /// The presearch for `@` references: topics filed under each entity index.
    let entityTopics: [Int32: [Int32]]
    let catalog: EntityCatalog
    /// Whether any topic has an `@` reference: articles are tagged only then.
    let usesEntities: Bool

    init(_ queries: [QueryNode], catalog: EntityCatalog) {
        var b = Builder(catalog: catalog)
        var entityTopics: [Int32: [Int32]] = [:]
        var roots: [Int32] = []
        var keyedTerms: [[Int32]] = []
        var keyedPrefixes: [[Int32]] = []
        for (topic, q) in queries.enumerated() {
            roots.append(b.compile(q, scope: 0))
            for key in TopicIndex.requiredKeys(q) ?? [] {
                if key.text.hasPrefix("@") {
                    // An entity the catalog lacks never matches: no key needed.
                    guard let e = catalog.entityIndex(String(key.text.dropFirst())) else { continue }
                    if entityTopics[e]?.last != Int32(topic) { entityTopics[e, default: []].append(Int32(topic)) }
                } else if key.prefix {
                    let id = Int(b.prefixes.insert(key.text))
                    while keyedPrefixes.count <= id { keyedPrefixes.append([]) }
                    if keyedPrefixes[id].last != Int32(topic) { keyedPrefixes[id].append(Int32(topic)) }
                } else {
                    let id = Int(b.terms.insert(key.text))
                    while keyedTerms.count <= id { keyedTerms.append([]) }
                    if keyedTerms[id].last != Int32(topic) { keyedTerms[id].append(Int32(topic)) }
                }
            }
        }
        while keyedTerms.count < b.terms.count { keyedTerms.append([]) }
        while keyedPrefixes.count < b.prefixes.count { keyedPrefixes.append([]) }
        var start: [Int32] = [0]
        var flat: [Int32] = []
        for list in keyedTerms {
            flat += list
            start.append(Int32(flat.count))
        }
        var buckets: [UInt32: [Int32]] = [:]
        for id in 0..<Int32(b.prefixes.count) { buckets[b.prefixes.key3(id), default: []].append(id) }
        nodes = b.nodes
        children = b.children
        parts = b.parts
        terms = b.terms
        prefixes = b.prefixes
        self.roots = roots
        termTopicStart = start
        termTopics = flat
        prefixTopics = keyedPrefixes
        prefixBuckets = buckets
        termFilter = HashFilter((0..<Int32(b.terms.count)).lazy.map { [terms = b.terms] in terms.withBytes($0, TokenTable.hash) },
                                count: b.terms.count)
        prefixKeyFilter = HashFilter(buckets.keys.lazy.map(Self.prefixKeyHash), count: buckets.count)
        self.entityTopics = entityTopics
        self.catalog = catalog
        usesEntities = b.nodes.contains { $0.op == .entity }
    }

    @inline(__always)
    static func prefixKeyHash(_ key3: UInt32) -> UInt64 {
        let h = UInt64(key3) &* 0x9E37_79B9_7F4A_7C15
        return h ^ (h >> 29)
    }

    /// A field scope as a node stores it.
    static func scopeCode(_ f: QueryField) -> UInt8 {
        switch f {
        case .title: 1
        case .summary: 2
        case .content: 3
        case .link: 4
        case .feed: 5
        case .author: 6
        case .category: 7
        }
    }

    /// The term as an explanation names it (`meet*` for a prefix).
    func termText(_ node: Node) -> String {
        switch node.op {
        case .wildcard: prefixes.string(node.a) + "*"
        case .entity: "@" + catalog.ids[Int(node.a)]
        default: terms.string(node.a)
        }
    }

    private struct Builder {
        let catalog: EntityCatalog
        var nodes: [Node] = []
        var children: [Int32] = []
        var parts: [Int32] = []
        var terms = TokenTable(capacity: 1024)
        var prefixes = TokenTable()

        mutating func compile(_ q: QueryNode, scope: UInt8) -> Int32 {
            switch q {
            case .term(let t, let prefix):
                let id = prefix ? prefixes.insert(t) : terms.insert(t)
                return add(Node(op: prefix ? .wildcard : .term, scope: scope, ordered: false, a: id, b: 0, distance: 0))
            case .phrase(let words):
                let ids = words.map { $0.prefix ? ~prefixes.insert($0.text) : terms.insert($0.text) }
                let start = Int32(parts.count)
                parts += ids
                return add(Node(op: .phrase, scope: scope, ordered: false, a: start, b: Int32(ids.count), distance: 0))
            case .and(let c):
                // Negations nested in fields or groups (`title:(-x)`, `(-x -y)`)
                // become NOT nodes of this AND, each with its own scope.
                var ids: [Int32] = []
                for child in c {
                    if child.isNegation { negations(child, scope: scope, into: &ids) } else { ids.append(compile(child, scope: scope)) }
                }
                let start = Int32(children.count)
                children += ids
                return add(Node(op: .and, scope: scope, ordered: false, a: start, b: Int32(ids.count), distance: 0))
            case .or(let c):
                let ids = c.map { compile($0, scope: scope) }
                let start = Int32(children.count)
                children += ids
                return add(Node(op: .or, scope: scope, ordered: false, a: start, b: Int32(ids.count), distance: 0))
            case .not(let c):
                let child = compile(c, scope: scope)
                return add(Node(op: .not, scope: scope, ordered: false, a: child, b: 0, distance: 0))
            case .near(let l, let r, let n, let ordered):
                let left = compile(l, scope: scope)
                let right = compile(r, scope: scope)
                return add(Node(op: .near, scope: scope, ordered: ordered, a: left, b: right, distance: Int32(n)))
            case .field(let f, let c):
                // The innermost field wins, as in the reference evaluator.
                return compile(c, scope: CompiledTopics.scopeCode(f))
            case .entity(let id):
                // -1: an entity this catalog lacks (the query was parsed against
                // another); it matches nothing, as in the reference evaluator.
                let e = catalog.entityIndex(id) ?? -1
                return add(Node(op: .entity, scope: scope, ordered: false, a: e, b: 0, distance: 0))
            }
        }

        private mutating func negations(_ q: QueryNode, scope: UInt8, into ids: inout [Int32]) {
            switch q {
            case .not(let inner):
                let child = compile(inner, scope: scope)
                ids.append(add(Node(op: .not, scope: scope, ordered: false, a: child, b: 0, distance: 0)))
            case .field(let f, let c):
                negations(c, scope: CompiledTopics.scopeCode(f), into: &ids)
            case .and(let c):
                for child in c { negations(child, scope: scope, into: &ids) }
            default:
                ids.append(compile(q, scope: scope))
            }
        }

        private mutating func add(_ n: Node) -> Int32 {
            nodes.append(n)
            return Int32(nodes.count - 1)
        }
    }
}
