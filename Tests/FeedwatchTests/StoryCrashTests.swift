import AlertStore
import FeedwatchTestSupport
import Foundation
import Synchronization
import Testing

/// kill -9 with stories on: every story's alert line and each of its story
/// lines once in the log and once in the store, however the kills fall.
@Suite("Stories exactly once under SIGKILL")
struct StoryCrashTests {
    static let feeds = 6
    static let events = 24
    static let growth = 2

    /// Event i as every feed reports it: the same words (a story by its text),
    /// each feed on its own link; the words of two events share only "summit".
    static func title(_ i: Int) -> String {
        "summit " + (0..<8).map { "w\(i)x\($0)" }.joined(separator: " ")
    }

    static func document(_ k: Int, requests: Int) -> String {
        let count = min(events, growth * requests)
        let items = (0..<count).reversed().map { i in
            "<item><guid>f\(k)-\(i)</guid><title>\(title(i))</title><link>https://f\(k).example/\(i)</link></item>"
        }
        return "<rss version=\"2.0\"><channel><title>Feed \(k)</title>\(items.joined())</channel></rss>"
    }

    /// Runs killed at the delivery's points and at varying times: how many kills landed.
    static func kill(_ dir: TemporaryDirectory) async throws -> Int {
        var kills = 0, round = 0
        let points = ["stored", "log-written", "logged"]
        while kills < 32 && round < 300 {
            let run: CrashTests.Run = round % 2 == 0
                ? .crashAt("\(points[(round / 2) % 3]):\(1 + (round / 6) % 3)")
                : .killAfter(milliseconds: 5 + (round * 37) % 70)
            if try await CrashTests.once(dir, run) { kills += 1 }
            round += 1
        }
        return kills
    }

    @Test("killed at 30+ points, then restarted: each story's alert line, 3-sources line and 5-sources line once, in the log and the store")
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
        let dir = TemporaryDirectory("fw-story-crash")
        var conf = """
            [defaults]
            interval = 1m
            alert-log = \(dir.file("alerts.log"))
            story-updates = 3 5

            [topic summit]
            query = summit

            """
        for k in 0..<Self.feeds { conf += "[feed f\(k)]\nurl = \(server.baseURL)/f\(k)\n\n" }
        try conf.write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)

        let kills = try await Self.kill(dir)
        #expect(kills >= 30, "only \(kills) kills landed")
        var clean = 0
        while requests.withLock({ $0.min() ?? 0 }) * Self.growth < Self.events + Self.growth && clean < 100 {
            _ = try await CrashTests.once(dir, .clean)
            clean += 1
        }
        _ = try await CrashTests.once(dir, .clean)

        let store = try AlertStore(path: dir.file("state/feedwatch.sqlite"))
        #expect(try store.undelivered().isEmpty)
        let stored = try store.alerts(AlertQuery(limit: 100_000))
        let lines = try String(contentsOfFile: dir.file("alerts.log"), encoding: .utf8).split(separator: "\n")
        // An alert line: story id last; a story line: "story s-N · summit · now K sources …".
        let said = lines.map { line -> String in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            if f.count == 8 { return "alert \(f[7])" }
            if f.count == 3, f[2].hasPrefix("story ") {
                let words = f[2].split(separator: " ")
                return words.count > 6 ? "grew \(words[1]) \(words[6])" : "malformed: \(line)"
            }
            return "malformed: \(line)"
        }
        #expect(said.count == Set(said).count, "a line written twice: \(said.count - Set(said).count) duplicates")
        let stories = Set(stored.compactMap(\.story))
        #expect(stories.count == Self.events, "one story per event")
        let expected = Set(stories.flatMap { ["alert \($0)", "grew \($0) 3", "grew \($0) 5"] })
        #expect(Set(said) == expected)
        #expect(stored.count == 3 * Self.events)
        #expect(Set(lines.map { $0.split(separator: "\t")[1] }) == Set(stored.map { Substring($0.id) }), "the log and the store hold the same ids")
    }
}
