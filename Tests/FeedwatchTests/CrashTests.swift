import AlertStore
import FeedwatchTestSupport
import Foundation
import Synchronization
import Testing

/// kill -9 at any point loses no alert and writes none twice (DESIGN.md).
@Suite("Exactly once under SIGKILL")
struct CrashTests {
    static let feeds = 6
    static let itemsPerFeed = 120
    /// Items each request adds: feeds keep growing through the kills, so every run has new alerts to lose.
    static let growth = 2

    /// Item i of feed k: every third is a Kim–Putin story, every third a
    /// summit story; every fourth is one article carried by all feeds (the same
    /// link, with each feed's tracking parameters).
    static func item(_ k: Int, _ i: Int) -> (guid: String, title: String, link: String) {
        let shared = i % 4 == 0
        let title = i % 3 == 0 ? "Kim Jong Un meets Putin, report \(i)" : i % 3 == 1 ? "Summit talk \(i)" : "Weather \(i)"
        let link = shared ? "https://news.example/shared/\(i)/?utm_source=feed\(k)" : "https://news.example/f\(k)/\(i)"
        return ("f\(k)-\(i)", title, link)
    }

    /// The (topic, article) alerts the final state must hold, each once.
    static var expected: Set<String> {
        var out = Set<String>()
        for k in 0..<feeds {
            for i in 0..<itemsPerFeed {
                let article = i % 4 == 0 ? "news.example/shared/\(i)" : "news.example/f\(k)/\(i)"
                if i % 3 == 0 { out.insert("kim-putin " + article) }
                if i % 3 == 1 { out.insert("summit " + article) }
            }
        }
        return out
    }

    /// Feeds grow with every request, newest first, so polls keep finding new
    /// items; nothing drops out, so the last runs see every item.
    static func document(_ k: Int, requests: Int) -> String {
        let count = min(itemsPerFeed, growth * requests)
        let items = (0..<count).reversed().map { i -> String in
            let it = item(k, i)
            return "<item><guid>\(it.guid)</guid><title>\(it.title)</title><link>\(it.link.replacingOccurrences(of: "&", with: "&amp;"))</link></item>"
        }
        return "<rss version=\"2.0\"><channel><title>Feed \(k)</title>\(items.joined())</channel></rss>"
    }

    enum Run { case clean, crashAt(String), killAfter(milliseconds: Int) }

    /// Runs `feedwatch once --all`; returns whether it died of SIGKILL.
    static func once(_ dir: TemporaryDirectory, _ run: Run, environment: [String: String] = [:]) async throws -> Bool {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["once", "--all", "--config", dir.file("feeds.conf"), "--state-dir", dir.file("state")]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        var extra = environment
        if case .crashAt(let point) = run { extra["FEEDWATCH_CRASH_AT"] = point }
        p.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        if case .killAfter(let ms) = run {
            try await p.runToExit(killAfter: .milliseconds(ms))
        } else {
            try await p.runToExit()
        }
        if p.terminationReason == .uncaughtSignal { return p.terminationStatus == SIGKILL }
        #expect(p.terminationStatus == 0, "feedwatch once failed without being killed")
        return false
    }

    @Test("killed at 50+ points across store, log and delivery, then restarted: every expected alert once in the store and once in the log")
    func crashes() async throws {
        let requests = Mutex([Int](repeating: 0, count: Self.feeds))
        let server = try TestHTTPServer { req in
            guard let k = Int(req.path.dropFirst(2)), req.path.hasPrefix("/f"), (0..<Self.feeds).contains(k) else { return .init(status: 404) }
            let n = requests.withLock { r in
                r[k] += 1
                return r[k]
            }
            return .init(headers: [("Content-Type", "application/rss+xml")], text: Self.document(k, requests: n))
        }
        defer { server.stop() }
        let dir = TemporaryDirectory("fw-crash")
        var conf = """
            [defaults]
            interval = 1m
            alert-log = \(dir.file("alerts.log"))
            stories = no

            [topic kim-putin]
            query = "Kim Jong Un" NEAR/5 Putin

            [topic summit]
            query = summit

            """
        for k in 0..<Self.feeds { conf += "[feed f\(k)]\nurl = \(server.baseURL)/f\(k)\n\n" }
        try conf.write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)

        var kills = 0
        var round = 0
        // Deterministic points (after the commit, after write before fsync,
        // after fsync before marking), then kills at varying times.
        let points = ["stored", "log-written", "logged"]
        while kills < 54 && round < 400 {
            let run: Run = round % 2 == 0
                ? .crashAt("\(points[(round / 2) % 3]):\(1 + (round / 6) % 4)")
                : .killAfter(milliseconds: 5 + (round * 37) % 70)
            if try await Self.once(dir, run) { kills += 1 }
            round += 1
        }
        #expect(kills >= 50, "only \(kills) kills landed")
        // Then clean runs until every feed has shown every item.
        var clean = 0
        while requests.withLock({ $0.min() ?? 0 }) * Self.growth < Self.itemsPerFeed + Self.growth && clean < 200 {
            _ = try await Self.once(dir, .clean)
            clean += 1
        }
        _ = try await Self.once(dir, .clean)

        try Self.eachAlertOnce(dir)
    }

    /// Every expected alert once in the store and once in the log, with the same ids.
    static func eachAlertOnce(_ dir: TemporaryDirectory) throws {
        let store = try AlertStore(path: dir.file("state/feedwatch.sqlite"))
        #expect(try store.undelivered().isEmpty)
        let stored = try store.alerts(AlertQuery(limit: 100_000))
        let storedKeys = stored.map { "\($0.topic) \(URLNormalizer.key($0.link ?? "") ?? "?")" }
        #expect(storedKeys.count == Set(storedKeys).count, "an alert stored twice")
        #expect(Set(storedKeys) == Self.expected)

        let lines = try String(contentsOfFile: dir.file("alerts.log"), encoding: .utf8).split(separator: "\n")
        let logged = lines.map { line -> String in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            return f.count >= 7 ? "\(f[2]) \(URLNormalizer.key(String(f[5])) ?? "?")" : "malformed: \(line)"
        }
        #expect(logged.count == Set(logged).count, "an alert logged twice: \(logged.count - Set(logged).count) duplicates")
        #expect(Set(logged) == Self.expected)
        #expect(Set(lines.map { $0.split(separator: "\t")[1] }) == Set(stored.map { Substring($0.id) }), "the log and the store hold the same alert ids")
    }

    /// Runs `feedwatch once --all` with the backfill in chunks of 7 articles.
    static func backfillRun(_ dir: TemporaryDirectory, _ run: Run) async throws -> Bool {
        try await once(dir, run, environment: ["FEEDWATCH_BACKFILL_CHUNK": "7"])
    }

    @Test("a topic's backfill killed between and inside its chunks, then restarted: each of its hits once in the store and once in the log, marked backfilled")
    func backfillCrashes() async throws {
        let items = (0..<60).map { i in
            "<item><guid>g\(i)</guid><title>\(i % 2 == 0 ? "Summit talk" : "Weather") \(i)</title><link>https://news.example/b/\(i)</link></item>"
        }
        let server = try TestHTTPServer { _ in
            .init(headers: [("Content-Type", "application/rss+xml")], text: "<rss version=\"2.0\"><channel><title>F</title>\(items.joined())</channel></rss>")
        }
        defer { server.stop() }
        let dir = TemporaryDirectory("fw-backfill-crash")
        let feed = "[defaults]\nalert-log = \(dir.file("alerts.log"))\n\n[feed f]\nurl = \(server.baseURL)/f\n\n"
        try (feed + "[topic kim]\nquery = kim\n").write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        let killed = try await Self.once(dir, .clean)
        #expect(!killed, "the archive filled by a poll")
        try (feed + "[topic summit]\nquery = summit\nbackfill = 7d\n").write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        var kills = 0
        let points = ["backfill-stored:1", "backfill-stored:3", "log-written:1", "logged:2", "backfill-stored:2", "logged:1"]
        for (round, point) in points.enumerated() {
            if try await Self.backfillRun(dir, .crashAt(point)) { kills += 1 }
            if try await Self.backfillRun(dir, .killAfter(milliseconds: 20 + round * 45)) { kills += 1 }
        }
        #expect(kills >= 6, "only \(kills) kills landed")
        _ = try await Self.backfillRun(dir, .clean)
        _ = try await Self.backfillRun(dir, .clean)

        let store = try AlertStore(path: dir.file("state/feedwatch.sqlite"))
        #expect(try store.undelivered().isEmpty)
        #expect(try store.backfillState(topic: "summit")?.finished != nil)
        let stored = try store.alerts(AlertQuery(topic: "summit", limit: 1000))
        let expected = Set((0..<30).map { "https://news.example/b/\($0 * 2)" })
        #expect(stored.count == 30 && Set(stored.compactMap(\.link)) == expected && stored.allSatisfy(\.backfilled))
        let lines = try String(contentsOfFile: dir.file("alerts.log"), encoding: .utf8).split(separator: "\n")
        let logged = lines.map { $0.split(separator: "\t", omittingEmptySubsequences: false) }.filter { $0.count >= 7 && $0[2] == "summit" }
        #expect(logged.count == 30, "each hit once in the log: \(logged.count)")
        #expect(Set(logged.map { String($0[5]) }) == expected)
        #expect(logged.allSatisfy { $0.last == "backfilled" })
    }
}
