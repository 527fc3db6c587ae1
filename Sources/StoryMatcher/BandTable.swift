/// The stories of each MinHash band key, as one flat open-addressing table:
/// an entry is 8 bytes in two arrays, where a dictionary of arrays took an
/// allocation per band key (32 per story, most of an open story's memory).
/// Only the upper 32 bits of a key are kept (and place it): two keys that
/// share them only add a candidate, which the same-story rule then compares.
/// A story is its place in the caller's list of stories (`OpenStories`), not
/// its 8-byte id: the table was the largest part of the open stories.
struct BandTable {
    private var tags: [UInt32] = []
    /// `empty` where no entry is.
    private var stories: [Int32] = []
    private(set) var count = 0
    private static let empty: Int32 = -1

    init() {}

    private static func tag(_ key: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: key >> 32) }

    /// Adds `story` under `key` (once).
    mutating func insert(_ key: UInt64, _ story: Int32) {
        if (count + 1) * 10 > stories.count * 7 { grow() }
        place(Self.tag(key), story)
    }

    private mutating func place(_ tag: UInt32, _ story: Int32) {
        let mask = stories.count - 1
        var i = Int(tag) & mask
        while stories[i] != Self.empty {
            if tags[i] == tag, stories[i] == story { return }
            i = (i + 1) & mask
        }
        tags[i] = tag
        stories[i] = story
        count += 1
    }

    private mutating func grow() {
        let (oldTags, oldStories) = (tags, stories)
        let capacity = max(64, stories.count * 2)
        tags = [UInt32](repeating: 0, count: capacity)
        stories = [Int32](repeating: Self.empty, count: capacity)
        count = 0
        for i in 0..<oldStories.count where oldStories[i] != Self.empty { place(oldTags[i], oldStories[i]) }
    }

    /// Calls `body` with each story under `key`.
    func forEach(_ key: UInt64, _ body: (Int32) -> Void) {
        guard !stories.isEmpty else { return }
        let tag = Self.tag(key), mask = stories.count - 1
        var i = Int(tag) & mask
        while stories[i] != Self.empty {
            if tags[i] == tag { body(stories[i]) }
            i = (i + 1) & mask
        }
    }

    /// Bytes the table's arrays take.
    var bytes: Int { stories.count * 8 }
}
