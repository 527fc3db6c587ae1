import LibXML

/// Remembers `ElementRule.find`'s answers for the element names of one document.
///
/// libxml2 interns element names and namespace URIs, so the same pointers come
/// back for every `<item>`'s `<title>`: a direct-mapped table keyed by the two
/// pointers and the level answers most look-ups without comparing strings.
struct RuleCache {
    private struct Slot {
        var name: UnsafePointer<UInt8>?
        var uri: UnsafePointer<UInt8>?
        var level: ElementRule.Level = .feed
        var rule: ElementRule?
    }

    private static let size = 128
    private var slots = [Slot](repeating: Slot(), count: RuleCache.size)

    /// Forgets everything: the format changed, and with it the tables.
    mutating func clear() {
        for i in slots.indices { slots[i] = Slot() }
    }

    mutating func find(_ name: XMLName, uri: XMLName, ns: Namespace, core: Bool, level: ElementRule.Level,
                       family: FeedFormatFamily) -> ElementRule? {
        // An undeclared prefix has no URI to key on: the namespace comes from the
        // prefix, so such elements are looked up every time.
        guard let n = name.pointer, uri.pointer != nil || ns == .none else {
            return ElementRule.find(name, ns: ns, core: core, level: level, format: family)
        }
        let u = uri.pointer
        let h = (UInt(bitPattern: n) >> 3) ^ (UInt(bitPattern: u) >> 5) ^ UInt(level.rawValue)
        let i = Int(h % UInt(RuleCache.size))
        if slots[i].name == n, slots[i].uri == u, slots[i].level == level { return slots[i].rule }
        let rule = ElementRule.find(name, ns: ns, core: core, level: level, format: family)
        slots[i] = Slot(name: n, uri: u, level: level, rule: rule)
        return rule
    }
}
