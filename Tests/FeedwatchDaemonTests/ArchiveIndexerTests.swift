import AlertStore
import FeedModel
import FeedwatchDaemon
import FeedwatchTestSupport
import Foundation
import Logging
import Testing
import TopicMatcher

/// The archive's indexer yields the cores to polls in flight.
@Suite struct ArchiveIndexerTests {
    @Test("while polls are in flight a batch is indexed at most every busy pause; with none, at once")
    func rule() {
        let pause = Duration.seconds(5)
        #expect(ArchiveIndexer.shouldIndex(pollsInFlight: 0, sinceLastBatch: .zero, busyPause: pause))
        #expect(!ArchiveIndexer.shouldIndex(pollsInFlight: 3, sinceLastBatch: .seconds(1), busyPause: pause))
        #expect(ArchiveIndexer.shouldIndex(pollsInFlight: 3, sinceLastBatch: .seconds(5), busyPause: pause))
    }

    @Test("an article's index text is the matcher's tokens joined by spaces, in every script, however much folding lengthens it")
    func indexText() {
        var r = SplitMix64(state: 20261204)
        // Hangul folds to its jamo (three times the bytes), ß and ligatures to letters.
        let words = ["Kim", "Jong-un's", "김정은", "한반도", "Straße", "ﬃ", "Путина", "東京", "x", "2024", "—", "  ", "\n", "é"]
        for n in [0, 1, 2, 5, 40, 400] {
            let text = (0..<n).map { _ in words[r.int(words.count)] }.joined(separator: r.int(2) == 0 ? " " : "")
            #expect(ArchiveText.fold(text) == TextFolder.tokens(text).joined(separator: " "), "\(text.prefix(80))")
        }
        #expect(ArchiveText.fold(nil) == "" && ArchiveText.fold("— …") == "")
    }

    @Test("a store with 1,200 articles to index: one batch while a poll is in flight (the pause an hour long), the rest once it has ended")
    func defersToPolls() async throws {
        let dir = TemporaryDirectory()
        let store = try AlertStore(path: dir.file("feedwatch.sqlite"))
        try store.register(feeds: [("a", "https://a.example/rss")])
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        let entries = (0..<1200).map { i in
            Entry(id: "e\(i)", title: "Summit report \(i)", link: "https://news.example/\(i)", summary: "Kim Jong Un meets Vladimir Putin, part \(i)")
        }
        var kept: [String: ArchivedArticle] = [:]
        for e in entries { kept[e.id] = ArchiveText.prepare(e, feed: "a", language: nil, level: .full).1 }
        _ = try store.commit(feed: "a", entries: entries, identity: .guid, now: t0, matches: [:], archive: kept)
        #expect(try store.unindexedCount() == 1200)

        let indexer = ArchiveIndexer(busyPause: .seconds(3600))
        indexer.pollsInFlight(1)
        indexer.start(store: store, logger: Logger(label: "test"))
        defer { indexer.stopIndexing() }
        // The first batch is not held back (no batch for longer than the pause); the next waits an hour.
        try await Self.wait { try store.unindexedCount() <= 1200 - ArchiveIndexer.batch }
        try await Task.sleep(for: .milliseconds(1500))
        #expect(try store.unindexedCount() == 1200 - ArchiveIndexer.batch)
        indexer.pollsInFlight(0)
        try await Self.wait { try store.unindexedCount() == 0 }
        #expect(try store.unindexedCount() == 0)
    }

    /// Until `done`, for at most a minute (a liveness bound, not a measure).
    private static func wait(_ done: () throws -> Bool) async throws {
        for _ in 0..<600 where try !done() { try await Task.sleep(for: .milliseconds(100)) }
    }
}
