import ArgumentParser
import FeedModel
import FeedsConf
import Foundation
import StoryMatcher
import TopicMatcher

/// `feedwatch-bench story-cost`: story assignment with many open stories, next
/// to matching the same articles against the quality topics in the same run,
/// and the memory an open story takes.
struct StoryCostBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "story-cost",
        abstract: "Articles/s of story assignment with N open stories (beside matching alone), and memory per open story."
    )

    @Option(help: "Open stories to fill the index with before measuring.") var open = 10_000
    @Option(parsing: .upToNextOption, help: "Topics the open stories are spread over (the measured articles go to the first).")
    var spread: [Int] = [1, 100]
    @Option(help: "Times the labelled items are run through.") var rounds = 5
    @Option(help: "Topics matched for the baseline.") var topics = "bench/quality-topics.conf"
    @Option(help: "The dev set, whose items are the measured articles.") var dev = "../shared/eval/dev/dev.jsonl"
    @Option(help: "Its story labels.") var devLabels = "bench/stories/dev-stories.tsv"

    func run() throws {
        var set = StoryEvalSet()
        try set.addDev(dev, labels: devLabels)
        let items = set.items
        let index = try FeedsConf.load(topics, feedsRequired: false).topicIndex
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        // The open stories: prints of made-up articles, each its own event
        // (words drawn from the items' own, two names of the catalog).
        let words = Array(Set(items.flatMap { TextFolder.tokens($0.title) })).sorted()
        let people = ["kim-jong-un", "vladimir-putin", "xi-jinping", "sergei-shoigu", "recep-tayyip-erdogan", "narendra-modi", "joe-biden"]
        var rng = SplitMix(seed: 7)
        let filler = (0..<open).map { n -> StoryPrint in
            let text = (0..<14).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " ")
            let a = ArticleText(id: "\(n)", title: text, summary: nil, content: nil, link: nil, feed: nil, language: "en")
            var p = StoryPrinter.print(a, link: "filler.example/\(n)")
            p.names = [people[n % people.count], people[(n / people.count + 1 + n) % people.count]].sorted()
            p.concepts = p.names + ["meeting"]
            return p
        }
        let before = BenchClock.selfRSSMiB()
        let filled = StoryIndex()
        filled.restore(filler.enumerated().map { (Int64($0.offset + 1_000_000), "t0", $0.element, now) })
        let after = BenchClock.selfRSSMiB()
        let size = filled.size

        var t = BenchClock.wall()
        var matched = 0
        for _ in 0..<rounds { for item in items { matched += index.match(item.article).count } }
        let matchRate = Double(rounds * items.count) / (BenchClock.wall() - t)

        // Tagging and printing alone: what assignment adds is the difference.
        t = BenchClock.wall()
        var printed = 0
        for r in 0..<rounds {
            for (i, item) in items.enumerated() { printed += StoryPrinter.print(index.tagged(item.article), link: "dev.example/\(r)/\(i)").words }
        }
        let printRate = Double(rounds * items.count) / (BenchClock.wall() - t)

        print("story-cost: \(items.count) dev items x \(rounds) rounds, \(open) open stories (\(size.articles) articles kept)")
        print(String(format: "matching alone (%d quality topics):          %8.0f articles/s", index.topics.count, matchRate))
        print(String(format: "tag + print (no stories):                    %8.0f articles/s", printRate))
        for topics in spread {
            let stories = StoryIndex()
            stories.restore(filler.enumerated().map { (Int64($0.offset + 1_000_000), "t\($0.offset % max(1, topics))", $0.element, now) })
            let (rate, joined) = assign(items, stories, index: index, now: now)
            print(String(format: "tag + print + assign, %5d open stories in %3d topic(s): %6.0f articles/s  (%d joined a story)",
                         open, topics, rate, joined))
        }
        print(String(format: "memory: %.1f MiB resident for %d open stories: %.0f bytes per open story (one article each)",
                     after - before, size.stories, (after - before) * 1_048_576 / Double(max(1, size.stories))))
        _ = (matched, printed)
    }

    /// The dev items, `rounds` times, assigned in topic t0 one transaction each.
    private func assign(_ items: [StoryEvalSet.Item], _ stories: StoryIndex, index: TopicIndex, now: Date) -> (Double, Int) {
        let t = BenchClock.wall()
        var joined = 0, next: Int64 = 0
        for r in 0..<rounds {
            for (i, item) in items.enumerated() {
                let p = StoryPrinter.print(index.tagged(item.article), link: "dev.example/\(r)/\(i)")
                let at = now.addingTimeInterval(Double(r * items.count + i))
                stories.beginTransaction()
                if let s = stories.story(of: p, topic: "t0", at: at) {
                    joined += 1
                    stories.add(p, to: s, topic: "t0", at: at)
                } else {
                    next += 1
                    stories.add(p, to: next, topic: "t0", at: at)
                }
                stories.commitPending()
                stories.endTransaction()
            }
        }
        return (Double(rounds * items.count) / (BenchClock.wall() - t), joined)
    }
}

/// A small deterministic generator, so that every run fills the same stories.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return MinHash.mix(state)
    }
}
