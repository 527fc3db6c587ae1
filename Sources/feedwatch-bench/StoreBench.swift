import AlertLog
import AlertStore
import ArgumentParser
import FeedModel
import FeedwatchDaemon
import FeedwatchTestSupport
import Foundation
import GRDB

/// `feedwatch-bench store`: new-entry detection and alert delivery at the
/// scale of a large installation, against a bare baseline in the same run:
/// INSERT OR IGNORE of the same identities into a one-table database (the
/// least any store must do), and write+fsync of the same lines to a file.
struct StoreBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Store throughput: new-entry detection, alerts with fsync, size per million entries."
    )

    @Option(help: "Entries in all.")
    var entries = 1_000_000

    @Option(help: "Feeds they are spread over.")
    var feeds = 2000

    @Option(help: "Entries per poll (one transaction each).")
    var batch = 50

    @Option(help: "One entry in this many matches a topic (20 = 5%).")
    var matchEvery = 20

    @Option(help: "Directory for the databases (default: a temporary one, removed after).")
    var directory: String?

    func run() throws {
        let temp = TemporaryDirectory("fw-store-bench")
        let dir = directory ?? temp.path
        let perFeed = entries / feeds
        let polls = perFeed / batch
        print("\(feeds) feeds × \(polls) polls × \(batch) entries = \(feeds * polls * batch) entries, 1 in \(matchEvery) matching, in \(dir)")
        let entry = Self.entry
        // Ours: AlertStore, with deliveries (log append + fsync per poll).
        let store = try AlertStore(path: dir + "/feedwatch.sqlite")
        try store.register(feeds: (0..<feeds).map { ("feed\($0)", "https://feed\($0).example/rss") })
        let log = try AlertLog(path: dir + "/alerts.log", format: .text)
        let delivery = AlertDelivery(store: store, log: log)
        var ingestTime = 0.0, deliverTime = 0.0, alerts = 0, fsyncs = 0
        let now = Date()
        for p in 0..<polls {
            for f in 0..<feeds {
                let es = (0..<batch).map { entry(f, p * batch + $0) }
                let t0 = BenchClock.wall()
                let r = try store.ingest(feed: "feed\(f)", entries: es, identity: .guid, now: now) { batch in
                    batch.map { e in
                        Int(e.id.split(separator: "/").last ?? "") .map { $0 % matchEvery == 0 } == true
                            ? [TopicMatch(topic: "summit", matched: [MatchedTerm(term: "summit", field: "title", offset: 11)])] : []
                    }
                }
                let t1 = BenchClock.wall()
                if !r.alerts.isEmpty {
                    alerts += try delivery.deliverPending(now: now).count
                    fsyncs += 1
                }
                deliverTime += BenchClock.wall() - t1
                ingestTime += t1 - t0
            }
        }
        let total = Double(feeds * polls * batch)
        // The steady state: a poll where every entry is already known.
        let (seenTotal, seenTime) = try knownEntries(store, polls: min(polls, 2), now: now)

        // Baselines: the same identities into one bare table, same transactions;
        // the same number of log lines, write + fsync per batch.
        let (bare, bareTime) = try bareInserts(dir, polls: polls)
        let line = AlertLine.text(Alert(id: "00000000-1", time: now, topic: "summit", feed: "feed1", title: entry(1, 1).title,
                                        link: entry(1, 1).link, matched: [MatchedTerm(term: "summit", field: "title", offset: 11)])) + "\n"
        let bareLogTime = Self.bareLog(dir, line: line, perBatch: max(1, alerts / max(fsyncs, 1)), batches: fsyncs)

        try bare.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let size = try store.checkpointedSize()
        print(String(format: "new-entry detection: %.0f entries/s (bare INSERT OR IGNORE baseline %.0f/s, ratio %.2f)",
                     total / ingestTime, total / bareTime, bareTime / ingestTime))
        print(String(format: "known entries (steady state): %.0f entries/s", seenTotal / seenTime))
        print(String(format: "alerts: %d written in %d fsync'ed batches: %.0f alerts/s, %.0f batches/s (bare write+fsync baseline %.0f batches/s, ratio %.2f)",
                     alerts, fsyncs, Double(alerts) / deliverTime, Double(fsyncs) / deliverTime, Double(fsyncs) / bareLogTime,
                     bareLogTime / deliverTime))
        print(String(format: "database: %.1f MiB for %.0f entries = %.0f MiB per million entries", Double(size) / 1_048_576, total,
                     Double(size) / 1_048_576 / (total / 1_000_000)))
    }

    private func bareInserts(_ dir: String, polls: Int) throws -> (DatabasePool, Double) {
        let bare = try DatabasePool(path: dir + "/bare.sqlite")
        try bare.write { db in try db.execute(sql: "CREATE TABLE seen (feed INTEGER, identity TEXT, PRIMARY KEY (feed, identity)) WITHOUT ROWID") }
        let t3 = BenchClock.wall()
        for p in 0..<polls {
            for f in 0..<feeds {
                try bare.write { db in
                    let s = try db.cachedStatement(sql: "INSERT OR IGNORE INTO seen (feed, identity) VALUES (?, ?)")
                    for i in 0..<batch { try s.execute(arguments: [f, "https://feed\(f).example/articles/\(p * batch + i)"]) }
                }
            }
        }
        return (bare, BenchClock.wall() - t3)
    }

    private static func bareLog(_ dir: String, line: String, perBatch: Int, batches: Int) -> Double {
        let fd = open(dir + "/bare.log", O_WRONLY | O_APPEND | O_CREAT, 0o644)
        defer { close(fd) }
        let t4 = BenchClock.wall()
        for _ in 0..<batches {
            let chunk = Array(String(repeating: line, count: perBatch).utf8)
            _ = chunk.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            fsync(fd)
        }
        return BenchClock.wall() - t4
    }

    static func entry(_ f: Int, _ i: Int) -> Entry {
        Entry(id: "https://feed\(f).example/articles/\(i)",
              title: "Story \(i) of feed \(f): officials meet to discuss the regional summit agenda",
              link: "https://feed\(f).example/world/2026/11/29/story-\(i)?utm_source=rss")
    }

    /// Polls of entries all already known: how many, in how long.
    private func knownEntries(_ store: AlertStore, polls: Int, now: Date) throws -> (Double, Double) {
        let t2 = BenchClock.wall()
        for p in 0..<polls {
            for f in 0..<feeds {
                _ = try store.ingest(feed: "feed\(f)", entries: (0..<batch).map { Self.entry(f, p * batch + $0) }, identity: .guid,
                                     now: now) { _ in [] }
            }
        }
        return (Double(polls * feeds * batch), BenchClock.wall() - t2)
    }
}
