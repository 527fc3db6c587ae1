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
    /// Hashes of (entity, kind, folded text) already added, and the alias they
    /// made: the data repeats forms across languages, which then only add their
    /// language (a 64-bit hash: a collision in 10^5 aliases is about a 1 in
    /// 10^9 chance).
    var seen: [UInt64: Int32] = [:]
    /// Per alias: the languages whose press writes it (bit per `languageCodes`
    /// place; `anyLanguage` for `*`), which weak aliases are held to.
    var languages: [UInt64] = []
    var languageCodes: [String] = []
    static let anyLanguage: UInt64 = 1 << 63

    /// The bit of language `code` (`*`, or past 63 languages: any).
    mutating func languageBit(_ code: String) -> UInt64 {
        guard code != "*" else { return Self.anyLanguage }
        if let i = languageCodes.firstIndex(of: code) { return i < 63 ? 1 << UInt64(i) : Self.anyLanguage }
        languageCodes.append(code)
        return languageCodes.count <= 63 ? 1 << UInt64(languageCodes.count - 1) : Self.anyLanguage
    }

    /// False when `a` leaves no token to look for (nothing added).
    @discardableResult
    mutating func add(_ a: EntityDefinition.Alias, entity e: Int32) -> Bool {
        // A `*` ends any word of an alias ("rozmow* telefoniczn*"): that word's
        // last token is a prefix.
        var folded: [String] = []
        var prefix: [Bool] = []
        // Split on bytes: by Character, this split was a sixth of reading the data.
        for word in a.text.utf8.split(separator: 0x20) {
            let star = word.last == UInt8(ascii: "*")
            let tokens = TextFolder.tokens(String(Substring(star ? word.dropLast() : word)))
            folded += tokens
            // Three letters before a `*`, as in queries (not bytes: Пу* is two).
            prefix += tokens.indices.map { star && $0 == tokens.count - 1 && tokens[$0].count >= 3 }
        }
        guard !folded.isEmpty else { return false }
        let key = zip(folded, prefix).map { $1 ? $0 + "*" : $0 }.joined(separator: " ")
        var signature = "\(e) \(a.kind.rawValue) \(key)"
        let hash = signature.withUTF8 { TokenTable.hash($0) } ^ UInt64(e) << 40
        let bit = languageBit(a.language.lowercased())
        if a.kind != .role, let known = seen[hash] {
            languages[Int(known)] |= bit
            return true
        }
        let id = Int32(entity.count)
        seen[hash] = id
        languages.append(bit)
        entity.append(e)
        kind.append(a.kind)
        dates.append(a.dates)
        start.append(Int32(parts.count))
        count.append(Int32(folded.count))
        for (k, t) in folded.enumerated() { parts.append(prefix[k] ? ~prefixes.insert(t) : tokens.insert(t)) }
        byFirst[parts[Int(start[Int(id)])], default: []].append(id)
        if a.kind != .block { names.add(key, e, strong: a.kind == .strong || a.kind == .role) }
        return true
    }
}
