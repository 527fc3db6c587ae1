import AlertStore
import FeedwatchTestSupport
import Foundation
import Synchronization
import Testing

/// SIGKILL the daemon while alerts flow to a webhook, an SMTP server and a
/// digest: afterwards each receiver, deduplicating by idempotency key, holds
/// every alert exactly once, and no alert is in two digests.
@Suite("Sinks under SIGKILL")
struct SinkCrashTests {
    static let feeds = 3
    static let itemsPerFeed = 90

    /// Feed k after `requests` requests: two more items each time, newest first; every other one matches.
    static func document(_ k: Int, requests: Int) -> String {
        let count = min(itemsPerFeed, 2 * requests)
        let items = (0..<count).reversed().map { i in
            let title = i % 2 == 0 ? "Kim Jong Un meets Putin, report \(k)-\(i)" : "Weather \(k)-\(i)"
            return "<item><guid>f\(k)-\(i)</guid><title>\(title)</title><link>https://news.example/f\(k)/\(i)</link></item>"
        }
        return "<rss version=\"2.0\"><channel><title>Feed \(k)</title>\(items.joined())</channel></rss>"
    }

    /// What a receiver saw: every request's key, and the first body for each key.
    final class Receiver: Sendable {
        private let seen = Mutex<(keys: [String], bodies: [String: [UInt8]])>(([], [:]))
        func record(_ key: String, _ body: [UInt8]) {
            seen.withLock { s in
                s.keys.append(key)
                if s.bodies[key] == nil { s.bodies[key] = body }
            }
        }
        var keys: [String] { seen.withLock { $0.keys } }
        var bodies: [String: [UInt8]] { seen.withLock { $0.bodies } }
    }

    @Test("killed 50+ times while delivering: every alert reaches the webhook and the mailbox once by key, and one digest")
    func crashes() throws {
        let requests = Mutex([Int](repeating: 0, count: Self.feeds))
        let feedServer = try TestHTTPServer { req in
            guard req.path.hasPrefix("/f"), let k = Int(req.path.dropFirst(2)), (0..<Self.feeds).contains(k) else { return .init(status: 404) }
            let n = requests.withLock { r in
                r[k] += 1
                return r[k]
            }
            return .init(headers: [("Content-Type", "application/rss+xml")], text: Self.document(k, requests: n))
        }
        let hook = Receiver(), digests = Receiver()
        let calls = Mutex(0)
        // Every seventh answer is a 500, so retries run through the kills too.
        let hookServer = try TestHTTPServer { req in
            let n = calls.withLock { c in
                c += 1
                return c
            }
            if n % 7 == 0 { return .init(status: 500) }
            hook.record(req.header("Idempotency-Key") ?? "?", req.body)
            return .init(status: 200)
        }
        let digestServer = try TestHTTPServer { req in
            digests.record(req.header("Idempotency-Key") ?? "?", req.body)
            return .init(status: 200)
        }
        let mail = try TestSMTPServer()
        defer {
            feedServer.stop()
            hookServer.stop()
            digestServer.stop()
            mail.stop()
        }
        let dir = TemporaryDirectory("fw-sink-crash")
        var conf = """
            [defaults]
            interval = 1s
            sinks = hook mail digest

            [sink hook]
            type = webhook
            url = \(hookServer.baseURL)/hook
            backoff = 0.1s

            [sink mail]
            type = smtp
            url = \(mail.url)
            from = feedwatch@example.org
            to = desk@example.org
            backoff = 0.1s

            [sink digest]
            type = webhook
            url = \(digestServer.baseURL)/digest
            digest = hourly
            backoff = 0.1s

            [topic kim-putin]
            query = "Kim Jong Un" NEAR/5 Putin

            """
        for k in 0..<Self.feeds { conf += "[feed f\(k)]\nurl = \(feedServer.baseURL)/f\(k)\n\n" }
        try conf.write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)

        var kills = 0
        var round = 0
        while kills < 52 && round < 200 {
            if try Self.run(dir, killAfterMilliseconds: 20 + (round * 53) % 700) { kills += 1 }
            round += 1
        }
        #expect(kills >= 50, "only \(kills) kills landed")
        // Then a run left alone until the feeds are whole and every outbox is empty.
        let store = try AlertStore(path: dir.file("state/feedwatch.sqlite"))
        _ = try Self.run(dir, killAfterMilliseconds: nil) {
            let grown = requests.withLock { $0.min() ?? 0 } * 2 >= Self.itemsPerFeed + 2
            let counts = (try? store.sinkCounts()) ?? []
            return grown && counts.count == 3 && counts.allSatisfy { $0.pending == 0 && $0.failed == 0 }
        }

        let ids = Set(try store.alerts(AlertQuery(limit: 100_000)).map(\.id))
        #expect(ids.count == Self.feeds * Self.itemsPerFeed / 2)
        #expect(Set(hook.keys) == ids, "the webhook saw every alert (\(Set(hook.keys).count) of \(ids.count))")
        #expect(hook.keys.count >= ids.count)
        let messageIDs = mail.messages.map { $0.header("Message-ID") ?? "?" }
        #expect(Set(messageIDs) == Set(ids.map { "<\($0)@feedwatch.invalid>" }), "the mailbox saw every alert")
        // Each digest (by key) lists its alerts; no alert may be in two digests.
        var inDigests: [String] = []
        for body in digests.bodies.values {
            let json = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
            inDigests += (json?["alerts"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        #expect(inDigests.count == Set(inDigests).count, "an alert in two digests")
        #expect(Set(inDigests) == ids, "every alert in a digest")
        print("sink crash test: \(kills) kills, \(ids.count) alerts; webhook requests \(hook.keys.count), mails \(messageIDs.count), digests \(digests.bodies.count) sent \(digests.keys.count) times")
    }

    /// One `feedwatch run`: SIGKILLed `killAfterMilliseconds` after it is
    /// running (true when the kill landed), or stopped with SIGTERM once `done`.
    static func run(_ dir: TemporaryDirectory, killAfterMilliseconds: Int?, done: () -> Bool = { true }) throws -> Bool {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["run", "--config", dir.file("feeds.conf"), "--state-dir", dir.file("state")]
        p.environment = ProcessInfo.processInfo.environment.merging(["FEEDWATCH_TEST_DIGEST_SECONDS": "2"]) { $1 }
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        let output = OutputCollector(err.fileHandleForReading)
        try p.run()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        guard output.wait(for: "feedwatch running") else {
            Issue.record("the daemon did not start: \(output.all)")
            return false
        }
        guard let ms = killAfterMilliseconds else {
            let deadline = Date().addingTimeInterval(180)
            while !done() && Date() < deadline { usleep(100_000) }
            kill(p.processIdentifier, SIGTERM)
            p.waitUntilExit()
            return false
        }
        usleep(useconds_t(ms * 1000))
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        return p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL
    }
}
