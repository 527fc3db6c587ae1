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
