import AlertLog
import AlertStore
import FeedModel
import FeedsConf
import FeedwatchDaemon
import FeedwatchTestSupport
import Foundation
import Logging
import Testing

@Suite("Backfill: a new or changed topic matched against the archive once")
struct BackfillTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func config(_ topic: String, backfill: String = "7d", feed: String = "a") throws -> FeedsConfig {
        try FeedsConf.parse("""
            [feed a]
            url = https://a.example/rss
            [feed b]
            url = https://b.example/rss
            [topic t]
            query = \(topic)
            backfill = \(backfill)
            """, file: "feeds.conf")
    }

    /// 40 articles over feeds a and b, archived as a poll would (the topic not yet configured), an hour ago.
    static func archive(_ store: AlertStore, now: Date) throws {
        for (k, feed) in ["a", "b"].enumerated() {
            let entries = (0..<20).map { i in
                Entry(id: "\(feed)\(i)", title: i % 2 == 0 ? "Summit report \(i)" : i % 5 == 0 ? "Weather \(i)" : "Other \(i)",
                      link: "https://news.example/\(k * 100 + i)")
            }
            var kept: [String: ArchivedArticle] = [:]
            for e in entries { kept[e.id] = ArchiveText.prepare(e, feed: feed, language: nil, level: .full).1 }
            _ = try store.commit(feed: feed, entries: entries, identity: .guid, now: now - 3600, matches: [:], archive: kept)
        }
    }

    static func lines(_ dir: TemporaryDirectory) throws -> [Substring] {
        let text = (try? String(contentsOfFile: dir.file("alerts.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n")
    }

    @Test("a new topic's hits in the window are written once, marked backfilled; the same again does nothing; a changed query adds only its new hits")
    func onceThenChanged() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStore(path: dir.file("feedwatch.sqlite"))
        try store.register(feeds: [("a", "https://a.example/rss"), ("b", "https://b.example/rss")])
        let delivery = AlertDelivery(store: store, log: try AlertLog(path: dir.file("alerts.log"), format: .text))
        let now = Date()
        try Self.archive(store, now: now)
        let first = try Self.config("summit")
        Backfill.run(config: first, store: store, delivery: delivery, logger: Self.logger, stop: CancelFlag())
        let lines = try Self.lines(dir)
        #expect(lines.count == 20, "10 summit articles in each feed")
        #expect(lines.allSatisfy { $0.hasSuffix("\tbackfilled") && $0.split(separator: "\t").count == 8 })
        let finished = try #require(try store.backfillState(topic: "t")?.finished)
        // A reload with the same query (differently written): nothing again.
        Backfill.run(config: try Self.config("  summit  "), store: store, delivery: delivery, logger: Self.logger, stop: CancelFlag())
        #expect(try Self.lines(dir).count == 20)
        #expect(try store.backfillState(topic: "t")?.finished == finished)
        // Changed: only the new hits (weather 5 and 15 in each feed).
        Backfill.run(config: try Self.config("summit OR weather"), store: store, delivery: delivery, logger: Self.logger, stop: CancelFlag())
        let after = try Self.lines(dir)
        #expect(after.count == 24)
        #expect(after.dropFirst(20).allSatisfy { $0.contains("Weather") && $0.hasSuffix("\tbackfilled") })
        #expect(try store.alerts(AlertQuery(limit: 100)).allSatisfy(\.backfilled))
    }

    @Test("the window bounds it, a scope narrows it, and an article the topic already alerted on is not alerted again")
    func windowAndScope() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStore(path: dir.file("feedwatch.sqlite"))
        try store.register(feeds: [("a", "https://a.example/rss"), ("b", "https://b.example/rss")])
        let delivery = AlertDelivery(store: store, log: try AlertLog(path: dir.file("alerts.log"), format: .json))
        let now = Date()
        try Self.archive(store, now: now)
        Backfill.run(config: try Self.config("summit", backfill: "30m"), store: store, delivery: delivery, logger: Self.logger, stop: CancelFlag())
        #expect(try Self.lines(dir).isEmpty, "archived an hour ago: outside a 30-minute window")
        var scoped = try Self.config("summit OR weather", backfill: "2h")
        scoped.topics[0].feeds = ["b"]
        Backfill.run(config: scoped, store: store, delivery: delivery, logger: Self.logger, stop: CancelFlag())
        let lines = try Self.lines(dir)
        #expect(lines.count == 12, "feed b only")
        #expect(lines.allSatisfy { $0.contains("\"feed\":\"b\"") && $0.contains("\"backfilled\":true") })
        scoped.topics[0].feeds = []
        Backfill.run(config: scoped, store: store, delivery: delivery, logger: Self.logger, stop: CancelFlag())
        #expect(try Self.lines(dir).count == 24, "feed a's 12 added; b's not again")
    }
}
