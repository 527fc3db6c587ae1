import Foundation

/// Entities and concepts compiled for tagging: every alias folded into tokens
/// of one table, aliases filed under their first token (longest first), each
/// with its entity, kind and dates, and the inflection rules. Built once (the
/// built-in data, then with the `[entity]` sections of feeds.conf); tagging an
/// article then costs one pass over its tokens whatever the number of topics.
package final class EntityCatalog: Sendable {
    /// What `@name` in a query names.
    package enum Resolution: Equatable, Sendable {
        case found(String)
        case ambiguous([String])
        case unknown(near: [String])
    }

    package let definitions: [EntityDefinition]
    /// Why the built-in data could not be read in full, if it could not.
    package let loadProblem: String?
    let rules: InflectionRules
    package let ids: [String]
    private let index: [String: Int32]
    /// Per entity: the entities whose presence lets its weak aliases count.
    let context: [[Int32]]

    // Aliases, by index.
    let aliasEntity: [Int32]
    let aliasKind: [EntityDefinition.AliasKind]
    let aliasDates: [[EntityDefinition.DateRange]]
    let aliasStart: [Int32]
    let aliasCount: [Int32]
    /// Alias tokens: an exact token id, or `~id` for a prefix (a trailing `*`).
    let aliasParts: [Int32]
    /// The exact alias tokens, and the letters of each (for the short-word guards).
    let tokens: TokenTable
    let tokenLetters: [Int32]
    let prefixes: TokenTable
    let prefixBuckets: [UInt32: [Int32]]
    /// Aliases by first part (exact id, or `~id`), longest first.
    let byFirst: [Int32: [Int32]]
    /// Folded alias text → entities, for `@"Any Alias"`: strong and role ones, and all.
    private let strongNames: [String: [Int32]]
    private let allNames: [String: [Int32]]

    /// The entities that ship with feedwatch, read once.
    package static let builtIn: EntityCatalog = BuiltInEntities.load()

    package convenience init(_ definitions: [EntityDefinition], rules: InflectionRules) {
        self.init(definitions, rules: rules, loadProblem: nil)
    }

    init(_ definitions: [EntityDefinition], rules: InflectionRules, loadProblem: String?) {
        let merged = EntityCatalog.merge(definitions)
        self.definitions = merged
        self.loadProblem = loadProblem
        self.rules = rules
        var index: [String: Int32] = [:]
        for (i, d) in merged.enumerated() { index[d.id] = Int32(i) }
        self.index = index
        ids = merged.map(\.id)
        context = merged.map { $0.context.compactMap { index[$0] } }
        var b = AliasBuilder()
        for (e, d) in merged.enumerated() {
            for a in d.aliases { b.add(a, entity: Int32(e)) }
        }
        aliasEntity = b.entity
        aliasKind = b.kind
        aliasDates = b.dates
        aliasStart = b.start
        aliasCount = b.count
        aliasParts = b.parts
        tokens = b.tokens
        tokenLetters = (0..<Int32(b.tokens.count)).map { id in b.tokens.withBytes(id) { Int32($0.filter { $0 & 0xC0 != 0x80 }.count) } }
        prefixes = b.prefixes
        var buckets: [UInt32: [Int32]] = [:]
        for id in 0..<Int32(b.prefixes.count) where b.prefixes.length(id) >= 3 { buckets[b.prefixes.key3(id), default: []].append(id) }
        prefixBuckets = buckets
        byFirst = b.byFirst.mapValues { list in list.sorted { b.count[Int($0)] > b.count[Int($1)] } }
        strongNames = b.strongNames
        allNames = b.allNames
    }

    /// The built-in entities with `extra` added: a definition whose id is a
    /// built-in one adds its aliases and context to it.
    package func adding(_ extra: [EntityDefinition]) -> EntityCatalog {
        guard !extra.isEmpty else { return self }
        return EntityCatalog(definitions + extra, rules: rules, loadProblem: loadProblem)
    }

    package var count: Int { ids.count }

    package func definition(_ id: String) -> EntityDefinition? { index[id].map { definitions[Int($0)] } }

    func entityIndex(_ id: String) -> Int32? { index[id] }

    /// `@name`: an id as it is, else an alias naming one entity.
    package func resolve(_ name: String) -> Resolution {
        if index[name] != nil { return .found(name) }
        let key = TextFolder.tokens(name).joined(separator: " ")
        let strong = Set(strongNames[key] ?? [])
        if strong.count == 1 { return .found(ids[Int(strong.first!)]) }
        if strong.count > 1 { return .ambiguous(strong.map { ids[Int($0)] }.sorted()) }
        let any = Set(allNames[key] ?? [])
        if any.count == 1 { return .found(ids[Int(any.first!)]) }
        if any.count > 1 { return .ambiguous(any.map { ids[Int($0)] }.sorted()) }
        let dashed = key.replacingOccurrences(of: " ", with: "-")
        let near = ids.filter { !dashed.isEmpty && ($0.contains(dashed) || dashed.contains($0)) }
        return .unknown(near: Array(near.prefix(5)))
    }

    /// One definition per id, in first-seen order, later ones adding to earlier.
    private static func merge(_ definitions: [EntityDefinition]) -> [EntityDefinition] {
        var order: [String] = []
        var byID: [String: EntityDefinition] = [:]
        for d in definitions {
            if var existing = byID[d.id] {
                existing.aliases += d.aliases
                existing.context += d.context.filter { !existing.context.contains($0) }
                byID[d.id] = existing
            } else {
                byID[d.id] = d
                order.append(d.id)
            }
        }
        return order.map { byID[$0]! }
    }
}

/// Folds aliases into the catalog's flat arrays.
private struct AliasBuilder {
    var entity: [Int32] = []
    var kind: [EntityDefinition.AliasKind] = []
    var dates: [[EntityDefinition.DateRange]] = []
    var start: [Int32] = []
    var count: [Int32] = []
    var parts: [Int32] = []
    var tokens = TokenTable(capacity: 4096)
    var prefixes = TokenTable()
    var byFirst: [Int32: [Int32]] = [:]
    var strongNames: [String: [Int32]] = [:]
    var allNames: [String: [Int32]] = [:]
    /// (entity, kind, folded text) already added: data repeats forms across languages.
    var seen: Set<String> = []

    mutating func add(_ a: EntityDefinition.Alias, entity e: Int32) {
        var text = a.text
        let prefix = text.hasSuffix("*")
        if prefix { text.removeLast() }
        let folded = TextFolder.tokens(text)
        guard !folded.isEmpty else { return }
        let key = folded.joined(separator: " ")
        guard seen.insert("\(e) \(a.kind.rawValue) \(key)").inserted || a.kind == .role else { return }
        let id = Int32(entity.count)
        entity.append(e)
        kind.append(a.kind)
        dates.append(a.dates)
        start.append(Int32(parts.count))
        count.append(Int32(folded.count))
        for (k, t) in folded.enumerated() {
            parts.append(prefix && k == folded.count - 1 && t.utf8.count >= 3 ? ~prefixes.insert(t) : tokens.insert(t))
        }
        byFirst[parts[Int(start[Int(id)])], default: []].append(id)
        if a.kind == .strong || a.kind == .role { strongNames[key, default: []].append(e) }
        if a.kind != .block { allNames[key, default: []].append(e) }
    }
}

extension EntityCatalog {
    /// The forms the rules of the alias's language give its last word (`Putin`
    /// in Polish: putina putinem putinie putinowi…), as `feedwatch entities`
    /// shows them; the guards apply as in matching.
    package func forms(of alias: EntityDefinition.Alias) -> [String] {
        let words = TextFolder.tokens(alias.text)
        guard let last = words.last, !alias.text.hasSuffix("*"), let rules = rules.rules(for: alias.language) else { return [] }
        let letters = last.unicodeScalars.count
        let head = words.dropLast().joined(separator: " ")
        var out: [String] = []
        let bytes = Array(last.utf8)
        func add(_ b: [UInt8]) {
            let word = String(decoding: b, as: UTF8.self)
            let form = head.isEmpty ? word : head + " " + word
            if !out.contains(form) { out.append(form) }
        }
        if words.count > 1 || letters >= 4 {
            for bucket in rules.endings { for e in bucket { add(bytes + e) } }
        }
        if words.count > 1 || letters >= 5 {
            for bucket in rules.replacements {
                for (form, base) in bucket where bytes.count > base.count && bytes.suffix(base.count).elementsEqual(base) {
                    add(Array(bytes.dropLast(base.count)) + form)
                }
            }
        }
        return out
    }
}
