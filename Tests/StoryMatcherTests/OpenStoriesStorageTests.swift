import FeedModel
import FeedwatchTestSupport
import Foundation
import Testing
@testable import StoryMatcher

/// The open stories' flat storage answers as the lists it replaced did, and a
/// compacted copy places articles as the original does.
@Suite("Open stories' storage")
struct OpenStoriesStorageTests {
    @Test("a posting table lists the latest stories of a key newest first, as appending to a list and trimming it did")
    func postingTableAgainstLists() {
        var r = SplitMix64(state: 11)
        var table = PostingTable()
        var lists: [UInt64: [Int32]] = [:]
        let cap = 4
        for _ in 0..<20_000 {
            let key = UInt64(r.int(40)), story = Int32(r.int(r.int(2) == 0 ? 3 : 60))
            table.post(story, under: key, cap: cap)
            // The lists it replaced: append unless last, past twice the cap keep the latest `cap` once each.
            var list = lists[key, default: []]
            if list.last != story {
                list.append(story)
                if list.count > 2 * cap {
                    var kept: [Int32] = [], seen = Set<Int32>()
                    for s in list.reversed() where kept.count < cap && seen.insert(s).inserted { kept.append(s) }
                    list = kept.reversed()
                }
            }
            lists[key] = list
            var listed: [Int32] = []
            table.forEach(key, limit: cap) { listed.append($0) }
            #expect(listed == Array(list.suffix(cap).reversed()))
        }
        for key in 0..<UInt64(41) {
            var listed: [Int32] = []
            table.forEach(key, limit: .max) { listed.append($0) }
            #expect(listed == Array((lists[key] ?? []).reversed()), "key \(key)")
        }
    }

    @Test("after compacting, the open stories place every article where the original places it")
    func compactedPlacesAlike() {
        var r = SplitMix64(state: 5)
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        let original = StoryIndex(), other = StoryIndex()
        var next: Int64 = 0
        for i in 0..<400 {
            let p = StoryScoreFloorTests.print(&r), t = t0.addingTimeInterval(Double(i) * 60)
            let story = original.story(of: p, topic: "t", at: t) ?? { next += 1; return next }()
            for index in [original, other] {
                index.beginTransaction()
                index.add(p, to: story, topic: "t", at: t)
                index.commitPending()
                index.endTransaction()
            }
        }
        other.compact()
        #expect(other.size == original.size)
        var joined = 0
        for i in 0..<400 {
            let p = StoryScoreFloorTests.print(&r), t = t0.addingTimeInterval(Double(400 + i) * 60)
            let story = original.story(of: p, topic: "t", at: t)
            #expect(other.story(of: p, topic: "t", at: t) == story)
            if story != nil { joined += 1 }
        }
        // Both kinds of answer were asked for: some articles join a story, some begin one.
        #expect(joined > 0 && joined < 400, "\(joined) of 400 joined")
    }
}
