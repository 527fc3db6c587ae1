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

    @Option(help: "The articles' language (as a feed's <language> says it); none: the ending tables of each word's script, the costlier case.")
    var lang: String?

    @Option(help: "Only tag the articles with the built-in entities this many times (for a profiler).")
    var tagOnly: Int = 0

    @Option(parsing: .upToNextOption, help: "Workloads to measure (generated, selective, entities; for a profiler).")
    var workloads: [String] = ["generated", "selective", "entities"]

    @Option(parsing: .upToNextOption, help: "Topic counts.")
    var topics: [Int] = [1000, 10000, 100000]

    @Flag(help: "Time with this process's CPU time instead of the wall clock (a machine shared with other work).")
    var cpuTime = false

    func run() throws {
        let dir = try corpus ?? Corpus.ensureGenerated()
        let raw = try Data(contentsOf: URL(fileURLWithPath: dir + "/articles.jsonl"))
        var texts: [(id: String, title: String, text: String)] = []
        // Split as bytes, and only as far as needed: splitting the whole corpus
        // as Characters took most of a run.
        for (i, line) in raw.split(separator: UInt8(ascii: "\n"), maxSplits: articles).prefix(articles).enumerated() {
            texts.append(try Corpus.article(line, number: i + 1, dir: dir))
        }
        let language = lang
        func fold(_ t: (id: String, title: String, text: String)) -> ArticleText {
            ArticleText(id: t.id, title: t.title, summary: nil, content: t.text, link: nil, feed: nil, language: language)
        }
        // The folding table is made on first use: not part of any article's cost.
        _ = ArticleText(id: "", title: "Čong Ким 김정은", summary: nil, content: nil, link: nil, feed: nil)
        let t0 = now()
        let prepared = texts.map(fold)
        let prepRate = Double(prepared.count) / (now() - t0)
        print(String(format: "articles: %d from %@ (folding alone: %.0f articles/s)", prepared.count, dir, prepRate))
        print("end to end = fold the raw article + presearch + decide + explain every match; brute force = the same without the presearch: every topic decided (and explained) by the same compiled evaluator")
        if cpuTime { print("rates in this process's CPU time (--cpu-time), not wall time") }

        let before = Self.residentMiB()
        let catalog = EntityCatalog.builtIn
        if tagOnly > 0 {
            var found = 0
            let t = now()
            for _ in 0..<tagOnly { for var a in prepared { a.tag(with: catalog); found += a.entityHits.count } }
            print(String(format: "tagging alone: %.0f articles/s (%d hits)", Double(tagOnly * prepared.count) / (now() - t), found))
            let t2 = now()
            for _ in 0..<tagOnly { for raw in texts { var a = fold(raw); a.tag(with: catalog); found += a.entityHits.count } }
            print(String(format: "folding and tagging: %.0f articles/s", Double(tagOnly * texts.count) / (now() - t2)))
            let t3 = now()
            for _ in 0..<tagOnly { for raw in texts { found += fold(raw).streamCount } }
            print(String(format: "folding alone: %.0f articles/s", Double(tagOnly * texts.count) / (now() - t3)))
            return
        }
        print(String(format: "entity tables: %d entities and concepts, %.1f MiB resident", catalog.count, Self.residentMiB() - before))
        for count in topics {
            if workloads.contains("generated") {
                let generated = try Corpus.generatedTopics(count, dir: dir)
                guard generated.count == count else {
                    throw Mismatch(description: "gen_topics.py gave \(generated.count) topics, not \(count): is --corpus a gen_corpus.py directory?")
                }
                try measure("generated", generated, texts, prepared, fold)
            }
            if workloads.contains("selective") { try measure("selective", Corpus.selectiveTopics(count, from: prepared), texts, prepared, fold) }
            if workloads.contains("entities") {
                try measure("entities ", Corpus.entityTopics(count, from: prepared, ids: catalog.ids), texts, prepared, fold)
            }
        }
    }

    /// The clock measurements are taken with.
    private func now() -> Double { cpuTime ? BenchClock.cpu() : BenchClock.wall() }

    /// VmRSS of this process.
    static func residentMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }

    struct Mismatch: Error, CustomStringConvertible {
        var description: String
    }

    private func measure(_ label: String, _ defs: [(name: String, query: String)],
                         _ texts: [(id: String, title: String, text: String)], _ prepared: [ArticleText],
                         _ fold: ((id: String, title: String, text: String)) -> ArticleText) throws {
        let index = try TopicIndex(defs)
        var candidates = 0
        for a in prepared { candidates += index.candidates(a).count }
        // Decisions alone, on articles folded beforehand.
        var decided = 0
        let t0 = now()
        for a in prepared { decided += index.matchingTopics(a).count }
        let decisions = Double(prepared.count) / (now() - t0)
        // End to end: what the daemon does per new article.
        var explained = 0
        let t1 = now()
        for t in texts { explained += index.match(fold(t)).count }
        let endToEnd = Double(texts.count) / (now() - t1)
        guard explained == decided else { throw Mismatch(description: "\(label): \(explained) explained matches, \(decided) decided") }
        // Entities and concepts found alone (what the entity workload adds per article).
        var found = 0
        let t3 = now()
        for a in prepared { found += index.tagged(a).entityHits.count }
        let tagging = Double(prepared.count) / (now() - t3)
        // Brute force on a prefix of the stream, in the same run.
        let n = min(bruteArticles, texts.count)
        var bruteMatches = 0, indexedMatches = 0
        let t2 = now()
        for t in texts.prefix(n) { bruteMatches += index.matchWithoutPresearch(fold(t)).count }
        let brute = Double(n) / (now() - t2)
        for a in prepared.prefix(n) { indexedMatches += index.matchingTopics(a).count }
        guard bruteMatches == indexedMatches else {
            throw Mismatch(description: "\(label): brute force found \(bruteMatches) matches, the index \(indexedMatches)")
        }
        print(String(format: "%@ %6d topics: end to end %8.0f articles/s | decisions alone %8.0f/s | tagging alone %8.0f/s (%.1f entities per article) | brute force %8.1f/s (indexed %.1f× faster) | candidates %.2f%%, matches %.3f%% of topics per article",
                     label, defs.count, endToEnd, decisions, tagging, Double(found) / Double(prepared.count), brute, endToEnd / brute,
                     100 * Double(candidates) / Double(prepared.count) / Double(defs.count),
                     100 * Double(decided) / Double(prepared.count) / Double(defs.count)))
    }
}
