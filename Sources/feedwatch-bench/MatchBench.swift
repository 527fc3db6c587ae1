import ArgumentParser
import Foundation
import TopicMatcher

/// `feedwatch-bench match`: articles/s for the indexed matcher and the brute-force
/// evaluator, in the same run, at 1,000 / 10,000 / 100,000 topics: on the shared
/// generated workload (gen_topics.py over gen_corpus.py's articles), and on a
/// selective one of our own where an article matches well under 0.1% of topics.
struct MatchBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Topic matching throughput: indexed against brute force."
    )

    @Option(help: "A corpus made by ../shared/bench/gen_corpus.py (generated into .build/bench-corpus when absent).")
    var corpus: String?

    @Option(help: "Articles to match per measurement.")
    var articles: Int = 5000

    @Option(help: "Articles for the (slow) brute-force measurement.")
    var bruteArticles: Int = 300

    @Option(parsing: .upToNextOption, help: "Topic counts.")
    var topics: [Int] = [1000, 10000, 100000]

    func run() throws {
        let dir = try corpus ?? Corpus.ensureGenerated()
        let raw = try String(contentsOfFile: dir + "/articles.jsonl", encoding: .utf8)
        var texts: [(id: String, title: String, text: String)] = []
        for line in raw.split(separator: "\n").prefix(articles) {
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            texts.append((o["id"] as? String ?? "", o["title"] as? String ?? "", o["text"] as? String ?? ""))
        }
        func prepare(_ n: Int) -> [ArticleText] {
            texts.prefix(n).map { ArticleText(id: $0.id, title: $0.title, summary: nil, content: $0.text, link: nil, feed: nil) }
        }
        let t0 = BenchClock.wall()
        let prepared = prepare(texts.count)
        let prepRate = Double(prepared.count) / (BenchClock.wall() - t0)
        print(String(format: "articles: %d from %@ (folding alone: %.0f articles/s)", prepared.count, dir, prepRate))

        for count in topics {
            let generated = try generatedTopics(count, dir: dir)
            try measure("generated", generated, prepared)
            let selective = selectiveTopics(count, from: prepared)
            try measure("selective", selective, prepared)
        }
    }

    private func measure(_ label: String, _ defs: [(name: String, query: String)], _ prepared: [ArticleText]) throws {
        let index = try TopicIndex(defs)
        // Both contenders on the same folded articles (folding is timed apart,
        // above): the difference is the presearch.
        var matches = 0, candidates = 0
        for a in prepared { candidates += index.candidates(a).count }
        let t0 = BenchClock.wall()
        for a in prepared { matches += index.matchingTopics(a).count }
        let indexed = Double(prepared.count) / (BenchClock.wall() - t0)
        let t2 = BenchClock.wall()
        var explained = 0
        for a in prepared { explained += index.match(a).count }
        let withExplanations = Double(prepared.count) / (BenchClock.wall() - t2)
        precondition(explained == matches, "explained and decided matches differ")
        let n = min(bruteArticles, prepared.count)
        let t1 = BenchClock.wall()
        var bruteMatches = 0
        for a in prepared.prefix(n) { bruteMatches += index.matchBruteForce(a).count }
        let brute = Double(n) / (BenchClock.wall() - t1)
        let perArticle = Double(matches) / Double(prepared.count)
        print(String(format: "%@ %6d topics: indexed %8.0f articles/s (%.0f/s with explanations) | brute force %7.1f articles/s | candidates %.2f%%, matches %.3f%% of topics per article",
                     label, defs.count, indexed, withExplanations, brute, 100 * Double(candidates) / Double(prepared.count) / Double(defs.count),
                     100 * perArticle / Double(defs.count)))
        _ = bruteMatches
    }

    /// gen_topics.py's topics (its syntax is a subset of ours), cached beside the corpus.
    private func generatedTopics(_ n: Int, dir: String) throws -> [(name: String, query: String)] {
        let path = dir + "/topics-\(n).tsv"
        if !FileManager.default.fileExists(atPath: path) {
            let generator = URL(fileURLWithPath: dir).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("shared/bench/gen_topics.py")
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", generator.path, String(n)]
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            p.standardOutput = FileHandle(forWritingAtPath: path)
            try p.run()
            p.waitUntilExit()
        }
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { line in
            let cols = line.split(separator: "\t")
            return cols.count >= 2 ? (String(cols[0]), String(cols[1])) : nil
        }
    }

    /// Topics an article rarely matches, as most monitoring topics are: each
    /// names something that is almost never in the news (a made-up name here,
    /// the corpus having no long tail), near or with a common word; one topic in
    /// a thousand is made of corpus words and matches now and then.
    private func selectiveTopics(_ n: Int, from articles: [ArticleText]) -> [(name: String, query: String)] {
        var df: [String: Int] = [:]
        for a in articles { for t in a.vocabulary { df[t, default: 0] += 1 } }
        let common = df.filter { $0.key.count > 3 && $0.key.allSatisfy(\.isLetter) }.sorted { $0.value > $1.value }.prefix(300).map(\.key)
        guard !common.isEmpty else { return [] }
        var state: UInt64 = 42
        func next(_ m: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(m))
        }
        func madeUpName(_ i: Int) -> String {
            var v = i, s = "zq"
            repeat {
                s.append(Character(UnicodeScalar(UInt8(97 + v % 26))))
                v /= 26
            } while v > 0
            return s
        }
        return (0..<n).map { i in
            if i % 1000 == 999 { return ("s\(i)", "\"\(common[next(common.count)]) \(common[next(common.count)])\"") }
            return i % 2 == 0
                ? ("s\(i)", "\(madeUpName(i)) AND \"\(common[next(common.count)]) \(common[next(common.count)])\"")
                : ("s\(i)", "\(madeUpName(i)) NEAR/10 \(common[next(common.count)])")
        }
    }
}
