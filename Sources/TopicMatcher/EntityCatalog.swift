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

    /// Where the definitions come from when a tool asks for them (the catalog
    /// itself keeps only what tagging and `@` references need).
    private let source: @Sendable () -> [EntityDefinition]
    /// Per entity: its type (person, organisation, country, city, concept).
    private let types: [String]
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
    /// Per alias: its languages as bits of `languageCodes` (or `AliasBuilder.anyLanguage`).
    let aliasLanguages: [UInt64]
    let languageCodes: [String]
    /// Role aliases' date ranges (CSR: alias `a`'s at `dates[dateStart[a]..<dateStart[a + 1]]`).
    let dateStart: [Int32]
    let dates: [EntityDefinition.DateRange]
    let aliasStart: [Int32]
    let aliasCount: [Int32]
    /// Alias tokens: an exact token id, or `~id` for a prefix (a trailing `*`).
    let aliasParts: [Int32]
    /// The exact alias tokens, and the letters of each (for the short-word guards).
    let tokens: TokenTable
    let tokenLetters: [Int32]
    let prefixes: TokenTable
    let prefixBuckets: [UInt32: [Int32]]
    /// The three-byte starts of prefix aliases, so most tokens skip the dictionary.
    let prefixStarts: StartSet
    /// The first three bytes of every exact alias token (and short tokens whole):
    /// an inflected form keeps its stem's start, so a token whose start no alias
    /// token has needs no ending tried.
    let starts: StartSet
    /// One-word aliases by their part (CSR): an exact token id `t` at
    /// `byFirst[byFirstStart[t]..<byFirstStart[t + 1]]`, a prefix id `p` at
    /// index `tokens.count + p`.
    let byFirstStart: [Int32]
    let byFirst: [Int32]
    /// Per part slot: 1 if one-word aliases are that part, 2 if longer ones
    /// start with it, 4 if it is the second part of a longer one.
    let startsAliases: [UInt8]
    /// Longer aliases by their first two parts, longest first.
    let pairs: PairTable
    let pairStart: [Int32]
    let pairAliases: [Int32]
    /// Folded alias text → entities, for `@"Any Alias"`: strong and role ones, and all.
    private let names: NameIndex

    let inflectionCache = InflectionCache()

    /// The entities that ship with feedwatch, read once.
    package static let builtIn: EntityCatalog = BuiltInEntities.load()

    package convenience init(_ definitions: [EntityDefinition], rules: InflectionRules) {
        self.init(definitions, rules: rules, loadProblem: nil, source: { definitions })
    }

    convenience init(_ definitions: [EntityDefinition], rules: InflectionRules, loadProblem: String?,
                     source: @escaping @Sendable () -> [EntityDefinition]) {
        var b = EntityCatalogBuilder()
        for d in definitions { b.add(d) }
        self.init(b, rules: rules, loadProblem: loadProblem, source: source)
    }

    /// From rows fed to `builder` as they were read: no definition is kept.
    init(_ builder: EntityCatalogBuilder, rules: InflectionRules, loadProblem: String?,
         source: @escaping @Sendable () -> [EntityDefinition]) {
        var builder = builder
        let b = builder.finish()
        self.source = source
        types = builder.types
        self.loadProblem = loadProblem
        self.rules = rules
        index = builder.index
        ids = builder.ids
        context = builder.contexts.map { $0.compactMap { builder.index[$0] } }
        aliasEntity = b.entity.exactCapacity
        aliasKind = b.kind.exactCapacity
        aliasLanguages = b.languages.exactCapacity
        languageCodes = b.languageCodes
        var dateStart: [Int32] = [0]
        var dates: [EntityDefinition.DateRange] = []
        for d in b.dates {
            dates += d
            dateStart.append(Int32(dates.count))
        }
        self.dateStart = dateStart.exactCapacity
        self.dates = dates.exactCapacity
        aliasStart = b.start.exactCapacity
        aliasCount = b.count.exactCapacity
        aliasParts = b.parts.exactCapacity
        tokens = b.tokens.compacted()
        tokenLetters = (0..<Int32(b.tokens.count)).map { id in b.tokens.withBytes(id) { Int32($0.filter { $0 & 0xC0 != 0x80 }.count) } }
        prefixes = b.prefixes.compacted()
        var starts = StartSet()
        for id in 0..<Int32(b.tokens.count) { b.tokens.withBytes(id) { starts.insert(EntityCatalog.startKey($0)) } }
        self.starts = starts
        var buckets: [UInt32: [Int32]] = [:]
        for id in 0..<Int32(b.prefixes.count) where b.prefixes.length(id) >= 3 { buckets[b.prefixes.key3(id), default: []].append(id) }
        prefixBuckets = buckets
        var prefixStarts = StartSet()
        for key in buckets.keys { prefixStarts.insert(3 << 24 | key) }
        self.prefixStarts = prefixStarts
        let first = EntityCatalog.firstWords(b)
        byFirstStart = first.byFirstStart
        byFirst = first.byFirst
        startsAliases = first.startsAliases
        pairs = first.pairs
        pairStart = first.pairStart
        pairAliases = first.pairAliases
        names = b.names.compacted()
    }

    /// Aliases filed under their first part (one-word ones) or under their
    /// first two parts (longer ones): a common first word ("the", "former")
    /// starts hundreds of aliases, and the scan should try only those whose
    /// second word follows too.
    private static func firstWords(_ b: AliasBuilder) -> (byFirstStart: [Int32], byFirst: [Int32], startsAliases: [UInt8],
                                                         pairs: PairTable, pairStart: [Int32], pairAliases: [Int32]) {
        var firstStart: [Int32] = [0]
        var first: [Int32] = []
        var pairs = PairTable(capacity: 4096)
        var pairLists: [[Int32]] = []
        var starting = [UInt8](repeating: 0, count: b.tokens.count + b.prefixes.count)
        for slot in 0..<(b.tokens.count + b.prefixes.count) {
            let part = slot < b.tokens.count ? Int32(slot) : ~Int32(slot - b.tokens.count)
            for a in b.byFirst[part] ?? [] {
                if b.count[Int(a)] == 1 {
                    first.append(a)
                    starting[slot] |= 1
                    continue
                }
                starting[slot] |= 2
                let second = b.parts[Int(b.start[Int(a)]) + 1]
                starting[second >= 0 ? Int(second) : b.tokens.count + Int(~second)] |= 4
                let id = Int(pairs.insert(part, second))
                if id == pairLists.count { pairLists.append([]) }
                pairLists[id].append(a)
            }
            firstStart.append(Int32(first.count))
        }
        var pairStart: [Int32] = [0]
        var pairAliases: [Int32] = []
        pairAliases.reserveCapacity(pairLists.reduce(0) { $0 + $1.count })
        for list in pairLists {
            // Most pairs start one alias: sorting each (a copy and a buffer) was a twelfth of the catalog's load.
            if list.count == 1 {
                pairAliases.append(list[0])
            } else {
                pairAliases += list.sorted { b.count[Int($0)] > b.count[Int($1)] }
            }
            pairStart.append(Int32(pairAliases.count))
        }
        return (firstStart, first, starting, pairs, pairStart, pairAliases)
    }

    /// The built-in entities with `extra` added: a definition whose id is a
    /// built-in one adds its aliases and context to it.
    package func adding(_ extra: [EntityDefinition]) -> EntityCatalog {
        guard !extra.isEmpty else { return self }
        let base = source
        return EntityCatalog(base() + extra, rules: rules, loadProblem: loadProblem, source: { base() + extra })
    }

    /// Every definition, aliases included, merged by id (read anew: for tools).
    package var definitions: [EntityDefinition] { EntityCatalog.merge(source()) }

    package var count: Int { ids.count }

    /// The ending tables, for a catalog of other entities read the same way.
    package var inflectionRules: InflectionRules { rules }

    /// The arrays the tagger's scan reads, as buffers for the length of a call.
    struct ScanTables {
        let catalog: EntityCatalog
        let exactCount: Int
        let byFirstStart: UnsafeBufferPointer<Int32>
        let byFirst: UnsafeBufferPointer<Int32>
        let aliasCount: UnsafeBufferPointer<Int32>
        let aliasStart: UnsafeBufferPointer<Int32>
        let aliasParts: UnsafeBufferPointer<Int32>
        let tokenLetters: UnsafeBufferPointer<Int32>
        let startsAliases: UnsafeBufferPointer<UInt8>
        let pairs: PairTable.Buffers
        let pairStart: UnsafeBufferPointer<Int32>
        let pairAliases: UnsafeBufferPointer<Int32>
    }

    func withScanTables<R>(_ body: (ScanTables) -> R) -> R {
        byFirstStart.withUnsafeBufferPointer { byFirstStart in
            byFirst.withUnsafeBufferPointer { byFirst in
                aliasCount.withUnsafeBufferPointer { aliasCount in
                    aliasStart.withUnsafeBufferPointer { aliasStart in
                        aliasParts.withUnsafeBufferPointer { aliasParts in
                            tokenLetters.withUnsafeBufferPointer { tokenLetters in
                                startsAliases.withUnsafeBufferPointer { startsAliases in
                                    pairStart.withUnsafeBufferPointer { pairStart in
                                        pairAliases.withUnsafeBufferPointer { pairAliases in
                                            pairs.withBuffers { pairs in
                                                body(ScanTables(catalog: self, exactCount: tokens.count, byFirstStart: byFirstStart, byFirst: byFirst,
                                                                aliasCount: aliasCount, aliasStart: aliasStart, aliasParts: aliasParts,
                                                                tokenLetters: tokenLetters, startsAliases: startsAliases,
                                                                pairs: pairs, pairStart: pairStart, pairAliases: pairAliases))
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Up to the first three bytes of a token, with its length when shorter.
    @inline(__always)
    static func startKey(_ b: UnsafeBufferPointer<UInt8>) -> UInt32 {
        switch b.count {
        case 0: return 0
        case 1: return 1 << 24 | UInt32(b[0])
        case 2: return 2 << 24 | UInt32(b[0]) << 8 | UInt32(b[1])
        default: return 3 << 24 | UInt32(b[0]) << 16 | UInt32(b[1]) << 8 | UInt32(b[2])
        }
    }

    @inline(__always)
    static func startKey(_ b: Slice<UnsafeBufferPointer<UInt8>>) -> UInt32 {
        startKey(UnsafeBufferPointer(rebasing: b))
    }

    /// One definition with every alias (read anew: for tools).
    package func definition(_ id: String) -> EntityDefinition? {
        guard index[id] != nil else { return nil }
        return definitions.first { $0.id == id }
    }

    /// The bit of an item's language among the aliases' languages; nil when no
    /// alias is in it (or it is unknown): then weak aliases are not held to one.
    func languageBit(_ language: String?) -> UInt64? {
        guard let language else { return nil }
        let code = InflectionRules.code(of: language)
        guard let i = languageCodes.firstIndex(of: code), i < 63 else { return nil }
        return 1 << UInt64(i)
    }

    /// The type of entity `id`, or nil when there is none.
    package func type(of id: String) -> String? { index[id].map { types[Int($0)] } }

    func entityIndex(_ id: String) -> Int32? { index[id] }

    /// `@name`: an id as it is, else an alias naming one entity.
    package func resolve(_ name: String) -> Resolution {
        if index[name] != nil { return .found(name) }
        let key = TextFolder.tokens(name).joined(separator: " ")
        let strong = Set(names.entities(key, strongOnly: true))
        if strong.count == 1 { return .found(ids[Int(strong.first!)]) }
        if strong.count > 1 { return .ambiguous(strong.map { ids[Int($0)] }.sorted()) }
        // A weak alias alone names no one (README: "any strong alias"): its
        // entities are offered instead.
        let weak = Set(names.entities(key, strongOnly: false)).map { ids[Int($0)] }.sorted()
        if !weak.isEmpty { return .unknown(near: weak) }
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

extension EntityCatalog {
    /// The forms the rules of the alias's language give each of its words
    /// (`Putin` in Polish: putina putinem putinie putinowi…), as `feedwatch
    /// entities` shows them: in an item every word of the alias may take any
    /// of its forms. The guards apply as in matching (a one-word alias needs 4
    /// letters for endings and 5 for replacements; inside a longer one, none).
    package func forms(of alias: EntityDefinition.Alias) -> [(word: String, forms: [String])] {
        let words = TextFolder.tokens(alias.text)
        guard !alias.text.hasSuffix("*"), let rules = rules.rules(for: alias.language) else { return [] }
        return words.compactMap { word in
            let forms = Self.forms(of: word, rules, alone: words.count == 1)
            return forms.isEmpty ? nil : (word, forms)
        }
    }

    private static func forms(of word: String, _ rules: InflectionRules.Language, alone: Bool) -> [String] {
        let letters = word.unicodeScalars.count
        let bytes = Array(word.utf8)
        var out: [String] = []
        func add(_ b: [UInt8]) {
            let form = String(decoding: b, as: UTF8.self)
            if form != word, !out.contains(form) { out.append(form) }
        }
        // Serbian's table has Latin and Cyrillic endings: a word takes those of its script
        // (matching compares bytes, so the others could never be found anyway).
        let script = word.unicodeScalars.last.map { ScriptClass.of(Array(String($0).utf8)) }
        if !alone || letters >= 4 {
            for bucket in rules.endings { for e in bucket where ScriptClass.of(e) == script { add(bytes + e) } }
        }
        if !alone || letters >= 5 {
            for bucket in rules.replacements {
                for (form, base) in bucket where bytes.count > base.count && bytes.suffix(base.count).elementsEqual(base) {
                    add(Array(bytes.dropLast(base.count)) + form)
                }
            }
        }
        return out
    }
}
