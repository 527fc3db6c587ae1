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
    /// Scratch for `add`: the alias's signature bytes, and where its tokens stand in them.
    private var key: [UInt8] = []
    private var spans: [(from: Int, length: Int, prefix: Bool)] = []

    /// The bit of language `code` (`*`, or past 63 languages: any).
    mutating func languageBit(_ code: String) -> UInt64 {
        guard code != "*" else { return Self.anyLanguage }
        if let i = languageCodes.firstIndex(of: code) { return i < 63 ? 1 << UInt64(i) : Self.anyLanguage }
        languageCodes.append(code)
        return languageCodes.count <= 63 ? 1 << UInt64(languageCodes.count - 1) : Self.anyLanguage
    }

    /// False when `a` leaves no token to look for (nothing added). Folded into
    /// `key` as bytes: with a String per word, token, key and signature, adding
    /// the shipped aliases was near half of every command's start.
    @discardableResult
    mutating func add(_ a: EntityDefinition.Alias, entity e: Int32) -> Bool {
        // The signature's bytes: entity, kind, then the folded words, each a
        // prefix marked with a trailing '*' (what `names` is keyed by).
        key.removeAll(keepingCapacity: true)
        withUnsafeBytes(of: e.littleEndian) { key.append(contentsOf: $0) }
        key.append(contentsOf: a.kind.rawValue.utf8)
        let keyStart = key.count + 1
        spans.removeAll(keepingCapacity: true)
        var text = a.text
        text.withUTF8 { foldWords($0) }
        guard !spans.isEmpty else { return false }
        let hash = key.withUnsafeBufferPointer { TokenTable.hash($0) }
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
        count.append(Int32(spans.count))
        key.withUnsafeBufferPointer { k in
            for (from, length, prefix) in spans {
                let t = UnsafeBufferPointer(rebasing: k[from..<from + length])
                parts.append(prefix ? ~prefixes.insert(t, hash: TokenTable.hash(t)) : tokens.insert(t, hash: TokenTable.hash(t)))
            }
            if a.kind != .block {
                names.add(UnsafeBufferPointer(rebasing: k[keyStart...]), e, strong: a.kind == .strong || a.kind == .role)
            }
        }
        byFirst[parts[Int(start[Int(id)])], default: []].append(id)
        return true
    }

    /// The tokens of each word of `text` into `key` and `spans`. A `*` ends any
    /// word of an alias ("rozmow* telefoniczn*"): that word's last token is a
    /// prefix if it has three letters, as in queries (not bytes: Пу* is two).
    private mutating func foldWords(_ text: UnsafeBufferPointer<UInt8>) {
        for word in text.split(separator: 0x20) {
            let star = word.last == UInt8(ascii: "*")
            let first = spans.count
            TextFolder.fold(bytes: UnsafeBufferPointer(rebasing: star ? word.dropLast() : word)) { t in
                key.append(0x20)
                spans.append((key.count, t.count, false))
                key.append(contentsOf: t)
            }
            guard star, spans.count > first, let last = spans.last else { continue }
            let letters = key.withUnsafeBufferPointer { String(decoding: $0[last.from..<last.from + last.length], as: UTF8.self).count }
            if letters >= 3 {
                spans[spans.count - 1].prefix = true
                key.append(UInt8(ascii: "*"))
            }
        }
    }
}
