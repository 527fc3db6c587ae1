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

    /// Requests served per feed.
    final class RequestCounts: Sendable {
        private let counts = Mutex([Int](repeating: 0, count: SinkCrashTests.feeds))
        func next(_ k: Int) -> Int {
            counts.withLock { r in
                r[k] += 1
                return r[k]
            }
        }
        var fewest: Int { counts.withLock { $0.min() ?? 0 } }
    }

    /// The feeds and the three receivers, on loopback.
    final class Servers: Sendable {
        let requests = RequestCounts()
        let hook = Receiver(), digests = Receiver()
        let feeds: TestHTTPServer, hookServer: TestHTTPServer, digestServer: TestHTTPServer, mail: TestSMTPServer

        init() throws {
            let requests = self.requests, hook = self.hook, digests = self.digests
            feeds = try TestHTTPServer { req in
                guard req.path.hasPrefix("/f"), let k = Int(req.path.dropFirst(2)), (0..<SinkCrashTests.feeds).contains(k) else {
                    return .init(status: 404)
                }
                return .init(headers: [("Content-Type", "application/rss+xml")], text: SinkCrashTests.document(k, requests: requests.next(k)))
            }
            let calls = Mutex(0)
            // Every seventh answer is a 500, so retries run through the kills too.
            hookServer = try TestHTTPServer { req in
                let n = calls.withLock { c in
                    c += 1
                    return c
                }
                if n % 7 == 0 { return .init(status: 500) }
                hook.record(req.header("Idempotency-Key") ?? "?", req.body)
                return .init(status: 200)
            }
            digestServer = try TestHTTPServer { req in
                digests.record(req.header("Idempotency-Key") ?? "?", req.body)
                return .init(status: 200)
            }
            mail = try TestSMTPServer()
        }

        func stop() {
            feeds.stop()
            hookServer.stop()
            digestServer.stop()
            mail.stop()
        }

        var config: String {
            var conf = """
                [defaults]
                stories = no
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
            for k in 0..<SinkCrashTests.feeds { conf += "[feed f\(k)]\nurl = \(feeds.baseURL)/f\(k)\n\n" }
            return conf
        }
    }

    @Test("killed 50+ times while delivering: by key, every alert reaches the webhook and the mailbox once and is in exactly one digest")
    func crashes() async throws {
        let servers = try Servers()
        defer { servers.stop() }
        let dir = TemporaryDirectory("fw-sink-crash")
        try servers.config.write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        var kills = 0
        var round = 0
        while kills < 52 && round < 200 {
            if try await Self.run(dir, killAfterMilliseconds: 20 + (round * 53) % 700) { kills += 1 }
            round += 1
        }
        #expect(kills >= 50, "only \(kills) kills landed")
        // Then a run left alone until the feeds are whole and every outbox is empty.
        let store = try AlertStore(path: dir.file("state/feedwatch.sqlite"))
        _ = try await Self.run(dir, killAfterMilliseconds: nil) {
            let grown = servers.requests.fewest * 2 >= Self.itemsPerFeed + 2
            let counts = (try? store.sinkCounts()) ?? []
            return grown && counts.count == 3 && counts.allSatisfy { $0.pending == 0 && $0.failed == 0 }
        }
        try Self.check(store, servers, kills: kills)
    }

    /// Each receiver, counting by key, holds every stored alert exactly once; no alert is in two digests.
    static func check(_ store: AlertStore, _ servers: Servers, kills: Int) throws {
        let ids = Set(try store.alerts(AlertQuery(limit: 100_000)).map(\.id))
        #expect(ids.count == Self.feeds * Self.itemsPerFeed / 2)
        let hookKeys = servers.hook.keys
        #expect(Set(hookKeys) == ids, "the webhook saw every alert (\(Set(hookKeys).count) of \(ids.count))")
        let messageIDs = servers.mail.messages.map { $0.header("Message-ID") ?? "?" }
        #expect(Set(messageIDs) == Set(ids.map { "<\($0)@feedwatch.invalid>" }), "the mailbox saw every alert")
        var inDigests: [String] = []
        for body in servers.digests.bodies.values {
            let json = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
            inDigests += (json?["alerts"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        #expect(inDigests.count == Set(inDigests).count, "an alert in two digests")
        #expect(Set(inDigests) == ids, "every alert in a digest")
        print("sink crash test: \(kills) kills, \(ids.count) alerts; webhook requests \(hookKeys.count), mails \(messageIDs.count), digests \(servers.digests.bodies.count) sent \(servers.digests.keys.count) times")
    }

    /// One `feedwatch run`: SIGKILLed `killAfterMilliseconds` after it is
    /// running (true when the kill landed), or stopped with SIGTERM once `done`.
    static func run(_ dir: TemporaryDirectory, killAfterMilliseconds: Int?, done: () -> Bool = { true }) async throws -> Bool {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["run", "--config", dir.file("feeds.conf"), "--state-dir", dir.file("state")]
        p.environment = ProcessInfo.processInfo.environment.merging(["FEEDWATCH_TEST_DIGEST_SECONDS": "2"]) { $1 }
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        let output = OutputCollector(err.fileHandleForReading)
        let exit = try p.start()
        defer { exit.send(SIGKILL) }
        guard await output.arrival(of: "feedwatch running") else {
            Issue.record("the daemon did not start: \(output.all)")
            return false
        }
        guard let ms = killAfterMilliseconds else {
            let deadline = Date().addingTimeInterval(180)
            while !done() && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
            await exit.stop(with: SIGTERM)
            return false
        }
        try await Task.sleep(for: .milliseconds(ms))
        await exit.stop(with: SIGKILL)
        return p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL
    }
}
