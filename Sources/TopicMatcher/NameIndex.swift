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
    mutating func add(_ name: UnsafeBufferPointer<UInt8>, _ e: Int32, strong: Bool) {
        let id = Int(names.insert(name, hash: TokenTable.hash(name)))
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

    /// The same index with its arrays at their exact size (`TokenTable.compacted`).
    func compacted() -> NameIndex {
        var n = self
        n.names = names.compacted()
        n.head = head.exactCapacity
        n.entity = entity.exactCapacity
        n.next = next.exactCapacity
        return n
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
