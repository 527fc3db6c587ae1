import FeedwatchTestSupport
import Foundation
import Synchronization
import Testing

@Suite("Sinks from the command line: once, deliveries, retry, test-sink")
struct SinkCommandTests {
    static func setUp(_ dir: TemporaryDirectory, hook: String, secret: String) throws {
        try OnceCommandTests.feed.write(toFile: dir.file("desk.json"), atomically: true, encoding: .utf8)
        try (secret + "\n").write(toFile: dir.file("hook.key"), atomically: true, encoding: .utf8)
        try """
            [defaults]
            stories = no
            sinks = hook

            [feed desk]
            url = desk.json

            [sink hook]
            type = webhook
            url = \(hook)
            secret-file = hook.key
            max-tries = 1

            [topic kim-putin]
            query = "Kim Jong Un" NEAR/5 Putin
            """.write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
    }

    @Test("once delivers to the sink; deliveries counts it; test-sink says what the receiver answered; no secret in any output")
    func onceAndDeliveries() async throws {
        let refuse = Mutex(false)
        let server = try TestHTTPServer { _ in refuse.withLock { $0 } ? .init(status: 403, text: "forbidden") : .init(status: 200, text: "ok") }
        defer { server.stop() }
        let dir = TemporaryDirectory()
        let secret = "whsec-5e5e5e-never-shown"
        try Self.setUp(dir, hook: server.baseURL + "/hook", secret: secret)
        var outputs: [String] = []
        let once = try await CLI.run(OnceCommandTests.args(dir, "once"))
        outputs += [once.stdout, once.stderr]
        #expect(once.status == 0, "\(once.stderr)")
        #expect(server.requests.count == 2, "two Kim–Putin items, one alert each")
        let counts = try await CLI.run(OnceCommandTests.args(dir, "deliveries"))
        outputs += [counts.stdout, counts.stderr]
        #expect(counts.stdout.contains("hook          2        0       0  -"), "\(counts.stdout)")

        refuse.withLock { $0 = true }
        let test = try await CLI.run(OnceCommandTests.args(dir, "test-sink", ["hook"]))
        outputs += [test.stdout, test.stderr]
        #expect(test.status == 1)
        #expect(test.stdout.contains("refused: HTTP 403: forbidden"), "\(test.stdout)")
        refuse.withLock { $0 = false }
        let ok = try await CLI.run(OnceCommandTests.args(dir, "test-sink", ["hook"]))
        outputs += [ok.stdout, ok.stderr]
        #expect(ok.status == 0 && ok.stdout.contains("delivered: HTTP 200: ok"), "\(ok.stdout)")
        #expect(server.requests.last?.header("Idempotency-Key")?.hasPrefix("test-") == true)

        for out in outputs + [try String(contentsOfFile: dir.file("state/alerts.log"), encoding: .utf8)] {
            #expect(!out.contains(secret))
        }
        #expect(server.requests.allSatisfy { r in !r.text.contains(secret) && !r.headers.values.contains { $0.contains(secret) } })
    }

    @Test("a parked delivery is listed by deliveries --failed and sent again after retry")
    func retry() async throws {
        let refuse = Mutex(true)
        let server = try TestHTTPServer { _ in refuse.withLock { $0 } ? .init(status: 410, text: "gone") : .init(status: 200) }
        defer { server.stop() }
        let dir = TemporaryDirectory()
        try Self.setUp(dir, hook: server.baseURL + "/hook", secret: "s")
        let once = try await CLI.run(OnceCommandTests.args(dir, "once"))
        #expect(once.stderr.contains("parked as failed after 1 try: HTTP 410: gone"), "\(once.stderr)")
        let failed = try await CLI.run(OnceCommandTests.args(dir, "deliveries", ["--failed"]))
        #expect(failed.stdout.contains("hook          0        0       2  HTTP 410: gone"), "\(failed.stdout)")
        #expect(failed.stdout.split(separator: "\n").filter { $0.hasPrefix("failed  hook  ") }.count == 2)
        let retry = try await CLI.run(OnceCommandTests.args(dir, "retry", ["hook"]))
        #expect(retry.stdout.hasPrefix("2 failed deliveries of sink hook pending again"), "\(retry.stdout)")
        refuse.withLock { $0 = false }
        _ = try await CLI.run(OnceCommandTests.args(dir, "once"))
        let after = try await CLI.run(OnceCommandTests.args(dir, "deliveries"))
        #expect(after.stdout.contains("hook          2        0       0"), "\(after.stdout)")
    }
}
