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
    /// The three-byte starts of prefix aliases, so most tokens skip the dictionary.
    let prefixStarts: StartSet
    /// The first three bytes of every exact alias token (and short tokens whole):
    /// an inflected form keeps its stem's start, so a token whose start no alias
    /// token has needs no ending tried.
    let starts: StartSet
    /// Aliases by first part, longest first (CSR): an exact token id `t` at
    /// `byFirst[byFirstStart[t]..<byFirstStart[t + 1]]`, a prefix id `p` at
    /// index `tokens.count + p`.
    let byFirstStart: [Int32]
    let byFirst: [Int32]
    /// Folded alias text → entities, for `@"Any Alias"`: strong and role ones, and all.
    private let strongNames: [String: [Int32]]
    private let allNames: [String: [Int32]]

    let inflectionCache = InflectionCache()

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
        var starts = StartSet()
        for id in 0..<Int32(b.tokens.count) { b.tokens.withBytes(id) { starts.insert(EntityCatalog.startKey($0)) } }
        self.starts = starts
        var buckets: [UInt32: [Int32]] = [:]
        for id in 0..<Int32(b.prefixes.count) where b.prefixes.length(id) >= 3 { buckets[b.prefixes.key3(id), default: []].append(id) }
        prefixBuckets = buckets
        var prefixStarts = StartSet()
        for key in buckets.keys { prefixStarts.insert(3 << 24 | key) }
        self.prefixStarts = prefixStarts
        var firstStart: [Int32] = [0]
        var first: [Int32] = []
        for slot in 0..<(b.tokens.count + b.prefixes.count) {
            let part = slot < b.tokens.count ? Int32(slot) : ~Int32(slot - b.tokens.count)
            first += (b.byFirst[part] ?? []).sorted { b.count[Int($0)] > b.count[Int($1)] }
            firstStart.append(Int32(first.count))
        }
        byFirstStart = firstStart
        byFirst = first
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

    /// The aliases that start with alias part `part`, longest first.
    @inline(__always)
    func aliases(startingWith part: Int32) -> ArraySlice<Int32> {
        let slot = part >= 0 ? Int(part) : tokens.count + Int(~part)
        return byFirst[Int(byFirstStart[slot])..<Int(byFirstStart[slot + 1])]
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

/// The start keys of alias tokens as bits: a look-up per article token must
/// cost less than hashing it would.
struct StartSet: Sendable {
    /// Three-byte starts: 2^24 bits (2 MiB); shorter tokens: their own 2^16 + 2^8 bits.
    private var long = [UInt64](repeating: 0, count: 1 << 18)
    private var short = [UInt64](repeating: 0, count: (1 << 10) + 4)

    @inline(__always)
    private static func place(_ key: UInt32) -> (long: Bool, index: Int) {
        switch key >> 24 {
        case 3: return (true, Int(key & 0xFF_FFFF))
        case 2: return (false, Int(key & 0xFFFF))
        default: return (false, (1 << 16) + Int(key & 0xFF))
        }
    }

    mutating func insert(_ key: UInt32) {
        let (isLong, i) = Self.place(key)
        if isLong { long[i >> 6] |= 1 << UInt64(i & 63) } else { short[i >> 6] |= 1 << UInt64(i & 63) }
    }

    @inline(__always)
    func contains(_ key: UInt32) -> Bool {
        let (isLong, i) = Self.place(key)
        return (isLong ? long[i >> 6] : short[i >> 6]) & (1 << UInt64(i & 63)) != 0
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
        guard seen.insert("\(e) \(a.kind.rawValue) \(key)").inserted || a.kind == .role else { return }
        let id = Int32(entity.count)
        entity.append(e)
        kind.append(a.kind)
        dates.append(a.dates)
        start.append(Int32(parts.count))
        count.append(Int32(folded.count))
        for (k, t) in folded.enumerated() { parts.append(prefix[k] ? ~prefixes.insert(t) : tokens.insert(t)) }
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
