import Foundation

/// Feeds by the time they fall due, soonest first: a binary heap of (due,
/// feed index). `FeedStates` pushes a feed when its poll ends and skips
/// entries that no longer hold as they surface (the feed in flight, due at
/// another time, removed), so the loop's "what is due, when next" reads the
/// few feeds due rather than every feed after every poll.
struct DueQueue {
    struct Item: Equatable {
        var due: Date
        var feed: Int
    }

    private var heap: [Item] = []

    var first: Item? { heap.first }

    mutating func removeAll() { heap.removeAll(keepingCapacity: true) }

    mutating func push(_ due: Date, feed: Int) {
        heap.append(Item(due: due, feed: feed))
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].due < heap[parent].due else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    mutating func popFirst() -> Item? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        guard !heap.isEmpty else { return top }
        heap[0] = last
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count, heap[l].due < heap[m].due { m = l }
            if r < heap.count, heap[r].due < heap[m].due { m = r }
            guard m != i else { return top }
            heap.swapAt(i, m)
            i = m
        }
    }
}
