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

    /// False when the alias leaves no token to look for (nothing added).
    @discardableResult
    mutating func alias(_ a: EntityDefinition.Alias, entity e: Int32) -> Bool { aliases.add(a, entity: e) }

    mutating func add(_ d: EntityDefinition) {
        let e = entity(d.id, type: d.type)
        context(e, d.context)
        for a in d.aliases { alias(a, entity: e) }
    }

    mutating func finish() -> AliasBuilder { aliases }
}
