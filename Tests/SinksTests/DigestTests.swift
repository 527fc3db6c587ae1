import AlertStore
import FeedModel
import FeedwatchSupport
import FeedwatchTestSupport
import Foundation
import Sinks
import Synchronization
import Testing

@Suite("Digests: one message per period, grouped by topic, sent once")
struct DigestTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin") ?? .current

    static func t(_ s: String) throws -> Date { try #require(UTCTime.parse(s)) }

    @Test("period ends are on the local hour, or at HH:MM local time each day, also across a DST change")
    func schedule() throws {
        let hourly = DigestSchedule(.hourly, timeZone: Self.berlin)
        let now = try Self.t("2026-12-01T13:20:00Z")
        #expect(hourly.lastBoundary(atOrBefore: now) == (try Self.t("2026-12-01T13:00:00Z")))
        #expect(hourly.nextBoundary(after: now) == (try Self.t("2026-12-01T14:00:00Z")))
        #expect(hourly.label(try Self.t("2026-12-01T13:00:00Z")) == "2026-12-01 14:00 +0100")
        let daily = DigestSchedule(.daily(hour: 7, minute: 30), timeZone: Self.berlin)
        let early = try Self.t("2026-12-01T05:00:00Z")  // 06:00 in Berlin: before today's 07:30
        #expect(daily.lastBoundary(atOrBefore: early) == (try Self.t("2026-11-30T06:30:00Z")))
        #expect(daily.nextBoundary(after: early) == (try Self.t("2026-12-01T06:30:00Z")))
        // Summer time starts on 2026-03-29: 07:30 is 06:30Z before it and 05:30Z after.
        #expect(daily.nextBoundary(after: try Self.t("2026-03-28T07:00:00Z")) == (try Self.t("2026-03-29T05:30:00Z")))
    }

    static func sink(_ url: String) -> Sink {
        var s = SinkFixture.webhook("digest", url: url)
        s.digest = .hourly
        return s
    }

    /// A worker whose clock runs `hours` ahead (so that the period of alerts stored now has ended).
    static func worker(_ sink: Sink, _ f: SinkFixture, hours: Double) throws -> SinkWorker {
        let transport = try #require(SinkDispatcher.transport(for: sink, userAgent: "t"))
        return SinkWorker(sink: sink, transport: transport, store: f.store, logger: f.logger, clock: { Date().addingTimeInterval(hours * 3600) })
    }

    @Test("a period's alerts go as one message grouped by topic; alerts stored after it closed wait for the next period")
    func onePerPeriod() throws {
        let server = try TestHTTPServer { _ in .init(status: 200) }
        defer { server.stop() }
        let f = try SinkFixture(routes: [("kim", "digest"), ("summit", "digest")])
        try f.addAlerts(3)
        try f.addAlerts(2, from: 3, topic: "summit")
        let sink = Self.sink(server.baseURL)
        try Self.worker(sink, f, hours: 2).drain(until: Date().addingTimeInterval(2 * 3600 + 20))
        #expect(server.requests.count == 1)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(server.requests[0].body)) as? [String: Any])
        #expect((first["alerts"] as? [[String: Any]])?.map { $0["topic"] as? String ?? "" } == ["kim", "kim", "kim", "summit", "summit"])
        #expect(server.requests[0].header("Idempotency-Key") == "\(f.store.instance)-digest-1")
        #expect(try f.counts("digest").delivered == 5)
        // Stored now, but the period two hours on has had its digest: they wait for the next one.
        try f.addAlerts(2, from: 5)
        try Self.worker(sink, f, hours: 2).drain(until: Date().addingTimeInterval(2 * 3600 + 20))
        #expect(server.requests.count == 1)
        try Self.worker(sink, f, hours: 3).drain(until: Date().addingTimeInterval(3 * 3600 + 20))
        #expect(server.requests.count == 2)
        #expect(server.requests[1].header("Idempotency-Key") == "\(f.store.instance)-digest-2")
        #expect(try f.counts("digest").delivered == 7 && f.counts("digest").pending == 0)
    }

    @Test("a digest that fails is sent again whole under the same key, and not again once delivered")
    func sentOnce() throws {
        let calls = Mutex(0)
        let server = try TestHTTPServer { _ in
            calls.withLock { c in
                c += 1
                return c == 1 ? .init(status: 503) : .init(status: 200)
            }
        }
        defer { server.stop() }
        let f = try SinkFixture(routes: [("kim", "digest")])
        try f.addAlerts(4)
        let sink = Self.sink(server.baseURL)
        try Self.worker(sink, f, hours: 2).drain(until: Date().addingTimeInterval(2 * 3600 + 20))
        try Self.worker(sink, f, hours: 5).drain(until: Date().addingTimeInterval(5 * 3600 + 20))
        let keys = server.requests.map { $0.header("Idempotency-Key") ?? "" }
        #expect(keys.count == 2 && Set(keys).count == 1, "\(keys)")
        #expect(server.requests.allSatisfy { ((try? JSONSerialization.jsonObject(with: Data($0.body)) as? [String: Any])?["alerts"] as? [Any])?.count == 4 })
    }

    @Test("a mail digest: one message, a subject that counts, a body grouped by topic, Message-ID from the digest")
    func mailDigest() throws {
        let server = try TestSMTPServer()
        defer { server.stop() }
        let f = try SinkFixture(routes: [("kim", "mail"), ("summit", "mail")])
        try f.addAlerts(2)
        try f.addAlerts(1, from: 2, topic: "summit")
        var sink = MailDeliveryTests.sink(server)
        sink.digest = .daily(hour: 7, minute: 30)
        try Self.worker(sink, f, hours: 25).drain(until: Date().addingTimeInterval(25 * 3600 + 20))
        let m = try #require(server.messages.first)
        #expect(server.messages.count == 1)
        #expect(m.header("Subject")?.hasSuffix(": 3 alert(s) in 2 topic(s)") == true, "\(m.header("Subject") ?? "")")
        #expect(m.header("Message-ID") == "<\(f.store.instance)-digest-1@feedwatch.invalid>")
        #expect(m.body.contains("== kim (2) ==") && m.body.contains("== summit (1) =="), "\(m.body)")
    }
}
