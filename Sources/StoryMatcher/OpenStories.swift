import FeedModel

/// The open stories of one topic with the indexes that find the few worth
/// comparing with a new article: by link, by MinHash band (locality-sensitive
/// hashing: two articles whose shingles are alike share a band with high
/// probability), and by entity or concept.
struct OpenStories {
    struct Member {
        var print: StoryPrint
        var time: Double
    }

    /// The articles of each story that it is compared with: the first and
    /// the latest, up to `memberCap` (a story of 500 wire copies costs no
    /// more than one of 32).
    private(set) var members: [Int64: [Member]] = [:]
    private var lastSeen: [Int64: Double] = [:]
    private var byLink: [String: Int64] = [:]
    private var byBand: [UInt64: [Int64]] = [:]
    private var byName: [String: [Int64]] = [:]
    /// The concepts of articles that name nobody, for the nameless rule.
    private var byNameless: [String: [Int64]] = [:]

    static let memberCap = 32
    /// 32 bands of 2 minima: a pair at Jaccard 0.3 shares a band with
    /// probability 0.95, one at 0.05 with 0.08.
    static let bands = 32
    static let rows = 2

    var count: Int { members.count }
    var memberCount: Int { members.values.reduce(0) { $0 + $1.count } }

    mutating func add(_ print: StoryPrint, to story: Int64, at time: Double) {
        var list = members[story] ?? []
        list.append(Member(print: print, time: time))
        if list.count > Self.memberCap { list.remove(at: 1) }
        members[story] = list
        lastSeen[story] = max(lastSeen[story] ?? time, time)
        index(print, story)
    }

    private mutating func index(_ print: StoryPrint, _ story: Int64) {
        if let link = print.link { byLink[link] = story }
        for key in Self.bandKeys(print.signature) { Self.post(story, &byBand[key, default: []]) }
        for c in print.names { Self.post(story, &byName[c, default: []]) }
        if print.names.isEmpty { for c in print.concepts { Self.post(story, &byNameless[c, default: []]) } }
    }

    private static func post(_ story: Int64, _ list: inout [Int64]) {
        if list.last != story { list.append(story) }
    }

    static func bandKeys(_ signature: [UInt32]) -> [UInt64] {
        guard signature.first != .max else { return [] }
        return (0..<bands).map { b in
            var h = UInt64(b) &* 0x9E37_79B9_7F4A_7C15
            for r in 0..<rows { h = MinHash.mix(h ^ UInt64(signature[b * rows + r])) }
            return h
        }
    }

    /// Stories that may be one with `print`: same link, a shared band, or
    /// at least `sharedNames` names in common.
    func candidates(_ print: StoryPrint, sharedNames: Int, namelessConcepts: Int) -> Set<Int64> {
        var out = Set<Int64>()
        if let link = print.link, let s = byLink[link] { out.insert(s) }
        for key in Self.bandKeys(print.signature) {
            for s in byBand[key] ?? [] { out.insert(s) }
        }
        var counts: [Int64: Int] = [:]
        for c in print.names {
            for s in byName[c] ?? [] { counts[s, default: 0] += 1 }
        }
        for (s, n) in counts where n >= sharedNames { out.insert(s) }
        guard print.names.isEmpty, namelessConcepts > 0 else { return out }
        counts = [:]
        for c in print.concepts {
            for s in byNameless[c] ?? [] { counts[s, default: 0] += 1 }
        }
        for (s, n) in counts where n >= namelessConcepts { out.insert(s) }
        return out
    }

    /// Forgets the articles seen before `cutoff`, and the stories left with
    /// none; the indexes are rebuilt from what stays.
    mutating func forget(before cutoff: Double) {
        guard lastSeen.values.contains(where: { $0 < cutoff }) || members.values.contains(where: { $0.first.map { $0.time < cutoff } ?? false })
        else { return }
        var kept: [Int64: [Member]] = [:]
        for (s, list) in members {
            let live = list.filter { $0.time >= cutoff }
            if !live.isEmpty { kept[s] = live }
        }
        members = kept
        lastSeen = lastSeen.filter { kept[$0.key] != nil }
        byLink = [:]
        byBand = [:]
        byName = [:]
        byNameless = [:]
        for (s, list) in kept { for m in list { index(m.print, s) } }
    }
}
