import AlertStore
import FeedModel
import FeedwatchTestSupport
import Foundation
import Sinks
import Synchronization
import Testing

@Suite("smtp sinks: libcurl's SMTP against a real SMTP server on 127.0.0.1")
struct MailDeliveryTests {
    static func sink(_ server: TestSMTPServer, tries: Int = 10) -> Sink {
        var s = Sink(name: "mail", kind: .smtp)
        s.url = server.url
        s.from = "feedwatch@example.org"
        s.to = ["desk@example.org", "night@example.org"]
        s.backoff = 0.05
        s.maxTries = tries
        s.timeout = 10
        return s
    }

    @Test("one message per alert, to every recipient, Message-ID from the alert id, a feed's CR LF unable to add a header")
    func delivers() throws {
        let server = try TestSMTPServer()
        defer { server.stop() }
        let f = try SinkFixture(routes: [("kim", "mail")])
        let entries = [Entry(id: "1", title: "Kim\r\nBcc: victim@example.org", link: "https://desk.example/1"),
                       Entry(id: "2", title: "Kim — Пхеньян", link: "https://desk.example/2")]
        let ids = try f.store.ingest(feed: "desk", entries: entries, identity: .guid, now: Date()) { es in es.map { _ in [TopicMatch(topic: "kim", matched: [])] } }
            .alerts.map(\.id)
        try SinkFixture.worker(Self.sink(server), f).drain(until: Date().addingTimeInterval(20))
        let got = server.messages
        #expect(got.count == 2)
        #expect(got.map { $0.header("Message-ID") ?? "" } == ids.map { "<\($0)@feedwatch.invalid>" })
        #expect(got.allSatisfy { $0.from == "feedwatch@example.org" && $0.to == ["desk@example.org", "night@example.org"] })
        #expect(got[0].header("Bcc") == nil && got[0].header("Subject") == "[kim] KimBcc: victim@example.org")
        #expect(got[1].header("Subject")?.hasPrefix("=?UTF-8?B?") == true)
        #expect(got[1].body.contains("https://desk.example/2"))
        #expect(try f.counts("mail").delivered == 2)
    }

    @Test("a 451 after DATA is tried again; a 550 parks the alert")
    func refusals() throws {
        let calls = Mutex(0)
        let server = try TestSMTPServer { m in
            if m.data.contains("Kim item 1") { return "550 5.1.1 mailbox unavailable" }
            return calls.withLock { c in
                c += 1
                return c == 1 ? "451 4.3.0 try later" : nil
            }
        }
        defer { server.stop() }
        let f = try SinkFixture(routes: [("kim", "mail")])
        try f.addAlerts(2)
        try SinkFixture.worker(Self.sink(server), f).drain(until: Date().addingTimeInterval(20))
        let c = try f.counts("mail")
        #expect(c.delivered == 1 && c.failed == 1, "\(c)")
        #expect(c.lastError?.contains("550") == true, "\(c.lastError ?? "")")
        #expect(server.messages.count == 1)
    }
}
