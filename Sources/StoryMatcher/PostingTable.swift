/// Lists of stories by key, newest first, as chains through flat arrays: a
/// dictionary of arrays took an allocation per key (most keys list one or
/// two stories), and those tens of thousands of small blocks, made during a
/// first poll among its parsed documents, pinned pages the allocator could
/// not give back after it (`feedwatch-bench daemon`, (d)). A story is its
/// place in the caller's list of stories, as in `BandTable`.
struct PostingTable {
    private struct Head {
        var node: Int32
        var count: Int32
    }

    private var heads: [UInt64: Head] = [:]
    /// The story of each node, and the node listed after it (older; -1 at a list's end).
    private var stories: [Int32] = []
    private var older: [Int32] = []
    /// Nodes no list reaches any more (left by `post`'s trimming).
    private var dead = 0

    init() {}

    /// Puts `story` first under `key` unless it is first already; past
    /// twice `cap`, keeps the latest `cap` stories once each.
    mutating func post(_ story: Int32, under key: UInt64, cap: Int) {
        let head = heads[key]
        if let h = head, stories[Int(h.node)] == story { return }
        let node = append(story, before: head?.node ?? -1)
        let count = (head?.count ?? 0) + 1
        heads[key] = Head(node: node, count: count)
        if Int(count) > 2 * cap { trim(key, cap: cap) }
    }

    private mutating func append(_ story: Int32, before node: Int32) -> Int32 {
        stories.append(story)
        older.append(node)
        return Int32(stories.count - 1)
    }

    private mutating func trim(_ key: UInt64, cap: Int) {
        guard let h = heads[key] else { return }
        var kept: [Int32] = [], seen = Set<Int32>()
        forEach(key, limit: Int(h.count)) { if kept.count < cap, seen.insert($0).inserted { kept.append($0) } }
        heads[key] = chain(kept)
        dead += Int(h.count)
        if dead > stories.count / 2 { compact() }
    }

    /// Copies the live lists into new arrays, dropping the nodes trimming left.
    private mutating func compact() {
        var copy = PostingTable()
        for key in heads.keys {
            var list: [Int32] = []
            forEach(key, limit: .max) { list.append($0) }
            copy.heads[key] = copy.chain(list)
        }
        self = copy
    }

    /// New nodes listing `newestFirst` in that order; the head of the list.
    private mutating func chain(_ newestFirst: [Int32]) -> Head {
        var node: Int32 = -1
        for s in newestFirst.reversed() { node = append(s, before: node) }
        return Head(node: node, count: Int32(newestFirst.count))
    }

    /// The node arrays without the room left for growing (a quarter of them
    /// on average, grown by doubling), for a table that is done growing for now.
    mutating func shrink() {
        stories = stories.withUnsafeBufferPointer { Array($0) }
        older = older.withUnsafeBufferPointer { Array($0) }
    }

    /// Calls `body` with the stories under `key`, newest first, at most `limit`.
    func forEach(_ key: UInt64, limit: Int, _ body: (Int32) -> Void) {
        guard var node = heads[key]?.node else { return }
        var left = limit
        while node >= 0, left > 0 {
            body(stories[Int(node)])
            node = older[Int(node)]
            left -= 1
        }
    }
}
