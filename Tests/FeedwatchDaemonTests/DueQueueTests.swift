import FeedwatchTestSupport
import Foundation
import Testing
@testable import FeedwatchDaemon

@Suite struct DueQueueTests {
    @Test("items come out soonest first, whatever order they went in, duplicates included")
    func order() {
        var r = SplitMix64(state: 20261203)
        var q = DueQueue()
        let dues = (0..<500).map { _ in Date(timeIntervalSince1970: Double(r.int(200))) }
        for (i, d) in dues.enumerated() { q.push(d, feed: i) }
        var out: [Date] = []
        while let item = q.popFirst() {
            #expect(dues[item.feed] == item.due)
            out.append(item.due)
        }
        #expect(out == dues.sorted())
        #expect(q.first == nil)
    }
}
