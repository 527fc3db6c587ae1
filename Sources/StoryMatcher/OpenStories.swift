import FeedModel

/// The open stories of one topic with the indexes that find the few worth
/// comparing with a new article: by link, by MinHash band (locality-sensitive
/// hashing: two articles whose shingles are alike share a band with high
/// probability), and by the names the rule needs in common. Entity ids are
/// interned as integers and links kept as hashes, so that comparing is
/// integer work; the name lists are bounded, most recent first, so that ten
/// thousand stories about the same two people cost no more than `nameCap`.
struct OpenStories {
    /// An article kept for comparing: its print, compact.
    struct Member: StoryFeatures {
        var linkKey: UInt64?
        var signature: [UInt32]
        var conceptIDs: [Int32]
        var nameIDs: [Int32]
        var eventIDs: [Int32]
        var languageID: Int32?
        var words: Int
        var time: Double

        /// With arrays of its own (not shared with the print it came from).
        func copied() -> Member {
            Member(linkKey: linkKey, signature: signature.map { $0 }, conceptIDs: conceptIDs.map { $0 }, nameIDs: nameIDs.map { $0 },
                   eventIDs: eventIDs.map { $0 }, languageID: languageID, words: words, time: time)
        }
    }

    /// The articles of each story that it is compared with: the first and
    /// the latest, up to `memberCap` (a story of 500 wire copies costs no
    /// more than one of 32).
    private(set) var members: [Int64: [Member]] = [:]
    private var lastSeen: [Int64: Double] = [:]
    private var byLink: [UInt64: Int64] = [:]
    private var byBand = BandTable()
    /// Each story's place in `storyIDs`, which the band table keeps (4 bytes, not 8).
    private var places: [Int64: Int32] = [:]
    private var storyIDs: [Int64] = []
    /// By pair of names (the rule needs two in common: only the stories
    /// sharing a pair can be one), by name where one may do (`sharedNames`
    /// ≤ 1), and by name and kind of event for `StoryRule.singleName`, which
    /// needs both in common (by name alone, an article naming Kim would
    /// compare with every recent story of Kim's).
    private var byNames = PostingTable()
    /// The concepts of articles that name nobody, for the nameless rule.
    private var byNameless = PostingTable()
    /// By pair of kinds of event, for `StoryRule.sharedEvents`.
    private var byEvents = PostingTable()
    private var ids: [String: Int32] = [:]
    /// Reused by each lookup: per story slot, the lookup that last took it.
    private var stamps: [UInt32] = []
    private var stamp: UInt32 = 0
    private var counts: [Int32: Int] = [:]
    let sharedNames: Int
    let singleName: Bool
    let sharedEvents: Int

    static let memberCap = 32
    /// Stories a name list offers (the most recent): past these, stories
    /// share only names with the article, and a text alike is found by band.
    static let nameCap = 64
    /// 32 bands of 2 minima: a pair at Jaccard 0.3 shares a band with
    /// probability 0.95, one at 0.05 with 0.08.
    static let bands = 32
    static let rows = 2

    init(rule: StoryRule) {
        sharedNames = rule.sharedNames
        singleName = rule.singleName
        sharedEvents = rule.sharedEvents
    }

    var count: Int { members.count }
    var memberCount: Int { members.values.reduce(0) { $0 + $1.count } }

    /// `print` in the compact form, its ids interned.
    mutating func member(_ print: StoryPrint, at time: Double) -> Member {
        Member(linkKey: print.link.map(Self.linkHash), signature: print.signature, conceptIDs: print.concepts.map { intern($0) }.sorted(),
               nameIDs: print.names.map { intern($0) }.sorted(), eventIDs: print.events.map { intern($0) }.sorted(),
               languageID: print.language.map { intern($0) }, words: print.words, time: time)
    }

    /// In memory only (the store keeps the link): 64 bits, so that two links
    /// of ten thousand open stories collide about once in 10^11.
    private static func linkHash(_ link: String) -> UInt64 {
        var h = Hasher()
        h.combine(link)
        return UInt64(bitPattern: Int64(h.finalize()))
    }

    private mutating func intern(_ id: String) -> Int32 {
        if let n = ids[id] { return n }
        let n = Int32(ids.count)
        ids[id] = n
        return n
    }

    mutating func add(_ m: Member, to story: Int64) {
        // In place: a copy of the list taken out of the dictionary was copied
        // again by its append (the dictionary still held it), every add.
        Self.append(m, to: &members[story, default: []])
        lastSeen[story] = max(lastSeen[story] ?? m.time, m.time)
        index(m, story)
    }

    /// `m` at the end of `list`, which keeps its first and latest `memberCap`.
    private static func append(_ m: Member, to list: inout [Member]) {
        list.append(m)
        if list.count > memberCap { list.remove(at: 1) }
    }

    private mutating func index(_ m: Member, _ story: Int64) {
        if let link = m.linkKey { byLink[link] = story }
        let slot = place(of: story)
        Self.forEachBand(m.signature) { byBand.insert($0, slot) }
        Self.forEachNameKey(m, sharedNames: sharedNames, singleName: singleName) { byNames.post(slot, under: $0, cap: Self.nameCap) }
        if m.nameIDs.isEmpty { for c in m.conceptIDs { byNameless.post(slot, under: Self.key(c), cap: Self.nameCap) } }
        if sharedEvents > 0 { Self.forEachEventKey(m, need: sharedEvents) { byEvents.post(slot, under: $0, cap: Self.nameCap) } }
    }

    /// Pairs of `m`'s kinds of event, or each alone (top bit set) when the rule needs one.
    private static func forEachEventKey(_ m: Member, need: Int, _ body: (UInt64) -> Void) {
        forEachPair(m.eventIDs, pairs: need >= 2, body)
    }

    /// Each pair of `ids` as `a << 32 | b`, or with `pairs` false each id
    /// alone with the top bit set (interned ids are below 2^31).
    private static func forEachPair(_ ids: [Int32], pairs: Bool, _ body: (UInt64) -> Void) {
        let keys = ids.map(key)
        guard pairs else {
            for k in keys { body(1 << 63 | k) }
            return
        }
        for i in keys.indices {
            for j in keys.indices where j > i { body(keys[i] << 32 | keys[j]) }
        }
    }

    private mutating func place(of story: Int64) -> Int32 {
        if let p = places[story] { return p }
        let p = Int32(storyIDs.count)
        storyIDs.append(story)
        places[story] = p
        return p
    }

    /// An interned id as the low half of a key.
    private static func key(_ id: Int32) -> UInt64 { UInt64(UInt32(bitPattern: id)) }

    /// The keys of `m`'s names. A pair of names is `a << 32 | b` (interned
    /// ids are below 2^31: the top bit is clear); a name with an event and a
    /// name alone have the top bit set (a name alone in the low half), so
    /// that the kinds share one table.
    private static func forEachNameKey(_ m: Member, sharedNames: Int, singleName: Bool, _ body: (UInt64) -> Void) {
        forEachPair(m.nameIDs, pairs: sharedNames >= 2, body)
        guard sharedNames >= 2, singleName else { return }
        for n in m.nameIDs.map(key) {
            for e in m.eventIDs { body(1 << 63 | n << 32 | key(e)) }
        }
    }

    static func forEachBand(_ signature: [UInt32], _ body: (UInt64) -> Void) {
        guard signature.count == bands * rows, signature[0] != .max else { return }
        for b in 0..<bands {
            var h = UInt64(b) &* 0x9E37_79B9_7F4A_7C15
            for r in 0..<rows { h = MinHash.mix(h ^ UInt64(signature[b * rows + r])) }
            body(h)
        }
    }

    /// Stories that may be one with `m`: same link, a shared band, or (the
    /// most recent) with `sharedNames` names in common, each once, into `list`
    /// (emptied first; the caller's buffer, reused). Each is taken once by a
    /// stamp per story slot, not through a Set: hashing every posting was
    /// half of this, which runs for every matched article in the commit.
    mutating func candidates(_ m: Member, namelessConcepts: Int, into list: inout [Int64]) {
        var taken: [UInt32] = [], tally: [Int32: Int] = [:]
        swap(&taken, &stamps)
        swap(&tally, &counts)
        defer {
            swap(&taken, &stamps)
            swap(&tally, &counts)
        }
        stamp &+= 1
        if stamp == 0 {
            // Wrapped: a slot stamped 2^32 lookups ago would read as taken.
            taken = [UInt32](repeating: 0, count: taken.count)
            stamp = 1
        }
        if taken.count < storyIDs.count { taken.append(contentsOf: repeatElement(0, count: storyIDs.count - taken.count)) }
        let now = stamp
        list.removeAll(keepingCapacity: true)
        func take(_ slot: Int32) {
            guard taken[Int(slot)] != now else { return }
            taken[Int(slot)] = now
            list.append(storyIDs[Int(slot)])
        }
        if let link = m.linkKey, let s = byLink[link], let slot = places[s] { take(slot) }
        Self.forEachBand(m.signature) { key in byBand.forEach(key, take) }
        Self.forEachNameKey(m, sharedNames: sharedNames, singleName: singleName) { key in
            byNames.forEach(key, limit: Self.nameCap, take)
        }
        if sharedEvents > 0 {
            Self.forEachEventKey(m, need: sharedEvents) { key in byEvents.forEach(key, limit: Self.nameCap, take) }
        }
        if m.nameIDs.isEmpty, namelessConcepts > 0 {
            tally.removeAll(keepingCapacity: true)
            for c in m.conceptIDs { byNameless.forEach(Self.key(c), limit: Self.nameCap) { tally[$0, default: 0] += 1 } }
            for (slot, n) in tally where n >= namelessConcepts { take(slot) }
        }
    }

    /// The kept members of each of `stories` (read in place: copying the
    /// open stories out of their dictionary cost a retain per table).
    func forEachMember(of stories: [Int64], _ body: (Int64, Member) -> Void) {
        for story in stories {
            for member in members[story] ?? [] { body(story, member) }
        }
    }

    /// The same stories in new allocations, indexed in the order their
    /// articles came: what a burst of polls added was allocated among its
    /// parsed documents, and each small block kept pinned a page of memory
    /// the allocator could otherwise give back once they were freed.
    func compacted(rule: StoryRule) -> OpenStories {
        var copy = OpenStories(rule: rule)
        copy.ids.reserveCapacity(ids.count)
        for (id, n) in ids { copy.ids[String(decoding: Array(id.utf8), as: UTF8.self)] = n }
        var all: [(story: Int64, member: Member)] = []
        all.reserveCapacity(memberCount)
        for (story, list) in members { for m in list { all.append((story, m)) } }
        all.sort { $0.member.time < $1.member.time }
        for (story, m) in all { copy.add(m.copied(), to: story) }
        copy.byNames.shrink()
        copy.byNameless.shrink()
        copy.byEvents.shrink()
        return copy
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
        byBand = BandTable()
        places = [:]
        storyIDs = []
        byNames = PostingTable()
        byNameless = PostingTable()
        byEvents = PostingTable()
        for (s, list) in kept { for m in list { index(m, s) } }
    }
}
