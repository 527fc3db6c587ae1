import AlertStore
import FeedModel
import FeedwatchTestSupport
import Foundation
import LibCrypto
import Sinks
import Synchronization
import Testing

@Suite("Webhook delivery from the outbox, against a real HTTP receiver")
struct WebhookDeliveryTests {
    @Test("each alert is POSTed once, in order, with its id as Idempotency-Key and a signature the receiver can check")
    func deliversSigned() throws {
        let server = try TestHTTPServer { _ in .init(status: 200, text: "ok") }
        defer { server.stop() }
        let f = try SinkFixture(routes: [("kim", "hook")])
        let ids = try f.addAlerts(5)
        var sink = SinkFixture.webhook("hook", url: server.baseURL + "/in")
        let key = Array("k3y-that-stays-secret".utf8)
        sink.secret = Secret(bytes: key, file: "/etc/hook.key")
        try SinkFixture.worker(sink, f).drain(until: Date().addingTimeInterval(20))
        let got = server.requests
        #expect(got.map { $0.header("Idempotency-Key") ?? "" } == ids, "once each, in the order stored")
        for r in got {
            #expect(r.method == "POST" && r.path == "/in" && r.header("Content-Type") == "application/json")
            #expect(r.header("X-Feedwatch-Signature") == "sha256=" + (HMACSHA256.hex(key: key, data: r.body) ?? "?"), "signature of the body")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any])
            #expect(json["id"] as? String == r.header("Idempotency-Key"))
            #expect((json["title"] as? String)?.hasPrefix("Kim item") == true)
        }
        #expect(try f.counts("hook").delivered == 5)
        #expect(!f.log.all.contains { $0.contains("k3y-that-stays-secret") })
    }

    @Test("500s are tried again with backoff until the receiver takes the alert; then the next goes")
    func retriesServerErrors() throws {
        let calls = Mutex(0)
        let server = try TestHTTPServer { _ in
            let n = calls.withLock { c in
                c += 1
                return c
            }
            return n <= 2 ? .init(status: 500, text: "busy") : .init(status: 204)
        }
        defer { server.stop() }
        let f = try SinkFixture(routes: [("kim", "hook")])
        let ids = try f.addAlerts(2)
        try SinkFixture.worker(SinkFixture.webhook("hook", url: server.baseURL), f).drain(until: Date().addingTimeInterval(20))
        #expect(server.requests.map { $0.header("Idempotency-Key") ?? "" } == [ids[0], ids[0], ids[0], ids[1]])
        #expect(try f.counts("hook").delivered == 2)
        #expect(f.log.all.contains { $0.contains("not delivered (try 1 of 10): HTTP 500: busy") }, "\(f.log.all)")
    }

    @Test("a 429 with Retry-After is not tried again before the receiver's time")
    func honoursRetryAfter() throws {
        let server = try TestHTTPServer { _ in .init(status: 429, headers: [("Retry-After", "120")], text: "slow down") }
        defer { server.stop() }
        let f = try SinkFixture(routes: [("kim", "hook")])
        try f.addAlerts(1)
        let before = Date()
        // The deadline is well before the receiver's time: one try, then drain returns.
        try SinkFixture.worker(SinkFixture.webhook("hook", url: server.baseURL), f).drain(until: Date().addingTimeInterval(10))
        #expect(server.requests.count == 1)
        let row = try #require(try f.store.nextOutbox(sink: "hook"))
        #expect(row.tries == 1)
        #expect(row.notBefore >= before.addingTimeInterval(120), "the next try waits for Retry-After, not the 0.05 s backoff")
    }

    @Test("a receiver that resets the connection is retried, then the alert is parked as failed, logged and shown, not dropped")
    func parksAfterTries() throws {
        let server = try TestHTTPServer { _ in
            var r = TestHTTPServer.Response()
            r.reset = true
            return r
        }
        defer { server.stop() }
        let f = try SinkFixture(routes: [("kim", "hook")])
        try f.addAlerts(2)
        var sink = SinkFixture.webhook("hook", url: server.baseURL)
        sink.maxTries = 3
        try SinkFixture.worker(sink, f).drain(until: Date().addingTimeInterval(20))
        let c = try f.counts("hook")
        #expect(c.failed == 2 && c.pending == 0 && c.delivered == 0)
        #expect(server.requests.count == 6, "three tries each")
        #expect(f.log.all.filter { $0.contains("parked as failed after 3 tries") }.count == 2)
        #expect(try f.store.retryFailed(sink: "hook") == 2)
        #expect(try f.counts("hook").pending == 2)
    }

    @Test("a 404 is parked at once: another try would get the same answer")
    func refusedAtOnce() throws {
        let server = try TestHTTPServer { _ in .init(status: 404, text: "no such hook") }
        defer { server.stop() }
        let f = try SinkFixture(routes: [("kim", "hook")])
        try f.addAlerts(1)
        try SinkFixture.worker(SinkFixture.webhook("hook", url: server.baseURL), f).drain(until: Date().addingTimeInterval(20))
        #expect(server.requests.count == 1)
        #expect(try f.counts("hook").failed == 1)
        #expect(try f.counts("hook").lastError == "HTTP 404: no such hook")
    }

    @Test("rate = 1/min sends one alert and keeps the next for a minute later")
    func rateLimit() throws {
        let server = try TestHTTPServer { _ in .init(status: 200) }
        defer { server.stop() }
        let f = try SinkFixture(routes: [("kim", "hook")])
        try f.addAlerts(3)
        var sink = SinkFixture.webhook("hook", url: server.baseURL)
        sink.perMinute = 1
        // The deadline comes long before the minute is up: drain returns after the first.
        try SinkFixture.worker(sink, f).drain(until: Date().addingTimeInterval(20))
        #expect(server.requests.count == 1)
        #expect(try f.counts("hook").pending == 2)
    }

    @Test("a sink whose receiver hangs holds up no other sink")
    func deadSinkAlone() async throws {
        let hung = try TestHTTPServer { _ in
            var r = TestHTTPServer.Response()
            r.hang = true
            return r
        }
        let fine = try TestHTTPServer { _ in .init(status: 200) }
        defer {
            hung.stop()
            fine.stop()
        }
        let f = try SinkFixture(routes: [("kim", "dead"), ("kim", "live")])
        try f.addAlerts(20)
        let dispatcher = SinkDispatcher(store: f.store, logger: f.logger, userAgent: "feedwatch-test")
        var dead = SinkFixture.webhook("dead", url: hung.baseURL)
        dead.timeout = 600
        dispatcher.apply([dead, SinkFixture.webhook("live", url: fine.baseURL)])
        defer { dispatcher.stop() }
        #expect(try await eventually { try f.counts("live").delivered == 20 })
        #expect(hung.requests.count == 1, "the dead sink is still in its first try")
        #expect(try f.counts("dead").pending == 20)
    }

    @Test("alerts stored while the sink runs are delivered when it is woken")
    func wakes() async throws {
        let server = try TestHTTPServer { _ in .init(status: 200) }
        defer { server.stop() }
        let f = try SinkFixture(routes: [("kim", "hook")])
        let dispatcher = SinkDispatcher(store: f.store, logger: f.logger, userAgent: "feedwatch-test")
        dispatcher.apply([SinkFixture.webhook("hook", url: server.baseURL)])
        defer { dispatcher.stop() }
        try f.addAlerts(3)
        dispatcher.wake()
        #expect(try await eventually { try f.counts("hook").delivered == 3 })
        try f.addAlerts(2, from: 3)
        dispatcher.wake()
        #expect(try await eventually { try f.counts("hook").delivered == 5 })
        #expect(server.requests.count == 5)
    }
}
