import AlertStore
import ArgumentParser
import FeedModel
import FeedwatchDaemon
import FeedwatchTestSupport
import Foundation
import TopicMatcher

/// `feedwatch-bench archive`: the article archive at scale, each figure next to
/// its baseline in the same run: ingest with archive = full against the same
/// entries into a store with archive = off; a backtest and a search through the
/// full-text index against matching every archived article; bytes per article.
struct ArchiveBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Archive: ingest with archive=full vs off, backtest and rare-phrase search with vs without the index, bytes per article."
    )

    @Option(help: "Articles in all (1,000,000 for the issue's figures; generating and storing them takes minutes).")
    var articles = 1_000_000

    @Option(help: "Feeds they are spread over.")
    var feeds = 2000

    @Option(help: "Entries per poll (one transaction each).")
    var batch = 50

    @Option(help: "Directory for the databases (default: a temporary one, removed after).")
    var directory: String?

    @Flag(help: "Only the ingest figures (no index, backtests or searches).")
    var ingestOnly = false

    func run() throws {
        let temp = TemporaryDirectory("fw-archive-bench")
        let dir = directory ?? temp.path
        let polls = max(1, articles / (feeds * batch))
        let total = feeds * polls * batch
        print("\(feeds) feeds × \(polls) polls × \(batch) entries = \(total) articles (synthetic: 8-word titles, 200-word texts), in \(dir)")
        var generator = ArchiveCorpus()
        let off = try AlertStore(path: dir + "/off.sqlite")
        let full = try AlertStore(path: dir + "/full.sqlite")
        let names = (0..<feeds).map { ("feed\($0)", "https://feed\($0).example/rss") }
        try off.register(feeds: names)
        try full.register(feeds: names)
        // As the daemon runs them: checkpoints on a thread of their own, off the commits.
        try off.checkpointInBackground()
        try full.checkpointInBackground()
        var offTime = 0.0, fullTime = 0.0
        let now = Date()
        for p in 0..<polls {
            for f in 0..<feeds {
                let entries = (0..<batch).map { generator.entry(feed: f, index: p * batch + $0) }
                let t0 = BenchClock.wall()
                _ = try off.commit(feed: "feed\(f)", entries: entries, identity: .guid, now: now, matches: [:])
                let t1 = BenchClock.wall()
                // What archive = full adds to a poll: the rows (the text itself
                // the pipeline has already made for matching).
                var kept: [String: ArchivedArticle] = [:]
                for e in entries {
                    kept[e.id] = ArchivedArticle(title: e.title, link: e.link, summary: e.summary, content: nil, published: e.published,
                                                 updated: nil, language: "en", authors: e.authors, categories: e.categories)
                }
                _ = try full.commit(feed: "feed\(f)", entries: entries, identity: .guid, now: now, matches: [:], archive: kept)
                fullTime += BenchClock.wall() - t1
                offTime += t1 - t0
            }
        }
        print(String(format: "ingest, archive = full: %.0f entries/s (archive = off, same entries, same run: %.0f/s; ratio %.2f)",
                     Double(total) / fullTime, Double(total) / offTime, offTime / fullTime))
        guard !ingestOnly else { return }
        // The full-text index, filled as the daemon's indexer thread does, in batches.
        let t2 = BenchClock.wall()
        try ArchiveIndexer.catchUp(full)
        let indexTime = BenchClock.wall() - t2
        print(String(format: "full-text index (background, %d per transaction): %.0f articles/s", ArchiveIndexer.batch,
                     Double(total) / indexTime))
        let offSize = try off.checkpointedSize(), fullSize = try full.checkpointedSize()
        print(String(format: "store: %.1f MiB with the archive, %.1f MiB without: %.0f bytes per archived article, %.0f MiB per million articles",
                     Double(fullSize) / 1_048_576, Double(offSize) / 1_048_576, Double(fullSize - offSize) / Double(total),
                     Double(fullSize) / 1_048_576 / (Double(total) / 1_000_000)))
        try searches(full, total: total)
    }

    /// The backtest of two topics and a rare-phrase search, each with the index and by matching every article.
    private func searches(_ store: AlertStore, total: Int) throws {
        let cases: [(String, String, Int?)] = [
            ("backtest, narrow topic", "summit NEAR/10 leader", nil),
            ("backtest, broad topic", "summit OR talks", nil),
            ("search, rare phrase (limit 50)", "\"\(ArchiveCorpus.rarePhrase)\"", 50),
        ]
        for (label, query, limit) in cases {
            var search = ArchiveSearch(store: store, topic: TopicIndex.Topic(name: "t", query: try QueryParser.parse(query)),
                                       entities: .builtIn, feedTags: [:])
            let t0 = BenchClock.wall()
            let indexed = try search.hits(AlertStore.ArchiveFilter(), limit: limit)
            let t1 = BenchClock.wall()
            search.useIndex = false
            let scanned = try search.hits(AlertStore.ArchiveFilter(), limit: limit)
            let t2 = BenchClock.wall()
            let same = indexed.map(\.article.id) == scanned.map(\.article.id) ? "same hits" : "DIFFERENT HITS"
            print(String(format: "%@ over %d articles (%@): %.3f s with the index, %.3f s matching every article (%.1f× faster); %d hits, %@",
                         label, total, query, t1 - t0, t2 - t1, (t2 - t1) / max(t1 - t0, 1e-9), indexed.count, same))
        }
    }
}
