/// Gathers entities, contexts and aliases as they are read (rows of one id may
/// stand in several files: later ones add to earlier), folding each alias into
/// the catalog's flat arrays at once, so that loading keeps no definitions.
struct EntityCatalogBuilder {
    private(set) var ids: [String] = []
    private(set) var types: [String] = []
    private(set) var contexts: [[String]] = []
    private(set) var index: [String: Int32] = [:]
    private var aliases = AliasBuilder()

    /// The entity's index, made on its first row.
    mutating func entity(_ id: String, type: String) -> Int32 {
        if let e = index[id] { return e }
        let e = Int32(ids.count)
        index[id] = e
        ids.append(id)
        types.append(type)
        contexts.append([])
        return e
    }

    mutating func context(_ e: Int32, _ more: [String]) {
        contexts[Int(e)] += more.filter { !contexts[Int(e)].contains($0) }
    }

    mutating func alias(_ a: EntityDefinition.Alias, entity e: Int32) { aliases.add(a, entity: e) }

    mutating func add(_ d: EntityDefinition) {
        let e = entity(d.id, type: d.type)
        context(e, d.context)
        for a in d.aliases { alias(a, entity: e) }
    }

    mutating func finish() -> AliasBuilder { aliases }
}

/// Folded names → entities, compactly: the names' bytes in one token table,
/// each name's entities a chain through two arrays (a dictionary of Strings
/// cost more than the rest of the catalog together).
struct NameIndex: Sendable {
    private var names = TokenTable(capacity: 1024)
    private var head: [Int32] = []
    /// Per entry: the entity, `~entity` where the name is one of its strong or role aliases.
    private var entity: [Int32] = []
    private var next: [Int32] = []

    /// `strong`: the name is a strong or role alias of `e` (else weak).
    mutating func add(_ name: String, _ e: Int32, strong: Bool) {
        let id = Int(names.insert(name))
        if id == head.count { head.append(-1) }
        var i = head[id]
        while i >= 0 {
            let known = entity[Int(i)]
            if known == e || known == ~e {
                if strong { entity[Int(i)] = ~e }
                return
            }
            i = next[Int(i)]
        }
        entity.append(strong ? ~e : e)
        next.append(head[id])
        head[id] = Int32(entity.count - 1)
    }

    /// The entities `name` names (`strongOnly`: as a strong or role alias).
    func entities(_ name: String, strongOnly: Bool) -> [Int32] {
        var name = name
        let id = name.withUTF8 { names.find($0, hash: TokenTable.hash($0)) }
        guard id >= 0 else { return [] }
        var out: [Int32] = []
        var i = head[Int(id)]
        while i >= 0 {
            let e = entity[Int(i)]
            if e < 0 { out.append(~e) } else if !strongOnly { out.append(e) }
            i = next[Int(i)]
        }
        return out
    }
}

/// Folds aliases into the catalog's flat arrays.
struct AliasBuilder {
    var entity: [Int32] = []
    var kind: [EntityDefinition.AliasKind] = []
    var dates: [[EntityDefinition.DateRange]] = []
    var start: [Int32] = []
    var count: [Int32] = []
    var parts: [Int32] = []
    var tokens = TokenTable(capacity: 4096)
    var prefixes = TokenTable()
    var byFirst: [Int32: [Int32]] = [:]
    var names = NameIndex()
    /// Hashes of (entity, kind, folded text) already added: the data repeats
    /// forms across languages (a 64-bit hash: a collision in 10^5 aliases is
    /// about a 1 in 10^9 chance).
    var seen: Set<UInt64> = []

    mutating func add(_ a: EntityDefinition.Alias, entity e: Int32) {
        // A `*` ends any word of an alias ("rozmow* telefoniczn*"): that word's
        // last token is a prefix.
        var folded: [String] = []
        var prefix: [Bool] = []
        for word in a.text.split(separator: " ") {
            let star = word.hasSuffix("*")
            let tokens = TextFolder.tokens(String(star ? word.dropLast() : word))
            folded += tokens
            prefix += tokens.indices.map { star && $0 == tokens.count - 1 && tokens[$0].utf8.count >= 3 }
        }
        guard !folded.isEmpty else { return }
        let key = zip(folded, prefix).map { $1 ? $0 + "*" : $0 }.joined(separator: " ")
        var signature = "\(e) \(a.kind.rawValue) \(key)"
        let hash = signature.withUTF8 { TokenTable.hash($0) } ^ UInt64(e) << 40
        guard seen.insert(hash).inserted || a.kind == .role else { return }
        let id = Int32(entity.count)
        entity.append(e)
        kind.append(a.kind)
        dates.append(a.dates)
        start.append(Int32(parts.count))
        count.append(Int32(folded.count))
        for (k, t) in folded.enumerated() { parts.append(prefix[k] ? ~prefixes.insert(t) : tokens.insert(t)) }
        byFirst[parts[Int(start[Int(id)])], default: []].append(id)
        if a.kind != .block { names.add(key, e, strong: a.kind == .strong || a.kind == .role) }
    }
}
