import FeedModel
import Foundation
import GRDB
import Testing
@testable import AlertStore
import FeedwatchTestSupport

@Suite("Checkpoints on a thread of their own: the commits only write the WAL")
struct BackgroundCheckpointTests {
    /// One poll of 50 new entries with about 2 KB of text each (25 pages of WAL).
    static func poll(_ store: AlertStore, _ p: Int) throws {
        let text = String(repeating: "words of the article text ", count: 80)
        let entries = (0..<50).map { i in
            Entry(id: "p\(p)-\(i)", title: "Poll \(p) item \(i)", link: "https://news.example/\(p)/\(i)", summary: "\(p) \(i) \(text)")
        }
        _ = try ArchiveStoreTests.commit(store, entries, at: AlertStoreTests.t0 + Double(p))
    }

    static func size(_ path: String) throws -> Int {
        try #require((try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue)
    }

    @Test("the thread copies the committed pages into the database file, and every row reads back after reopening")
    func thread() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("feedwatch.sqlite")
        let store = try AlertStoreTests.open(dir)
        try store.checkpointInBackground()
        let before = try Self.size(path)
        // 80 polls: 2,000 pages, past the 1,000 that wake the thread, far below the 16,384 of the inline fallback.
        for p in 0..<80 { try Self.poll(store, p) }
        // Waits for the thread (a condition, not a time: it gives up after a minute).
        for _ in 0..<6000 where store.backgroundCheckpoints == 0 { usleep(10_000) }
        #expect(store.backgroundCheckpoints > 0)
        store.stopBackgroundCheckpoints()
        // Only a checkpoint writes the database file past its first pages: 4,000 articles of 2 KB.
        #expect(try Self.size(path) > before + 4_000_000)
        #expect(try store.archivedCount() == 4000)
        try store.close()
        let again = try AlertStore(path: path)
        #expect(try again.archivedCount() == 4000)
    }

    @Test("without the thread the commits checkpoint as SQLite does; after it stops, they do again")
    func withoutThread() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("feedwatch.sqlite")
        let store = try AlertStoreTests.open(dir)
        try store.checkpointInBackground()
        store.stopBackgroundCheckpoints()
        let before = try Self.size(path)
        for p in 0..<80 { try Self.poll(store, p) }
        #expect(store.backgroundCheckpoints == 0)
        #expect(try Self.size(path) > before + 2_000_000, "the autocheckpoint at 1,000 pages ran in a commit")
        #expect(try store.archivedCount() == 4000)
    }
}
