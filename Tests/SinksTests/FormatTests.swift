import FeedModel
import Foundation
import Sinks
import Testing

@Suite("Webhook formats: the JSON shapes of each service's incoming webhook")
struct FormatTests {
    static let alert = Alert(id: "0a1b2c3d-42", time: Date(timeIntervalSince1970: 1_790_000_000), topic: "kim-putin", feed: "wire",
                             title: "Kim <meets> Putin & @everyone | more", link: "https://news.example/a?x=1&y=2", matched: [])

    static func body(_ format: Sink.Format, url: String = "https://hooks.example.org/x",
                     message: SinkMessage = SinkMessage(alert: alert)) throws -> (request: (url: String, method: String), json: [String: Any]) {
        var sink = Sink(name: "s", kind: .webhook)
        sink.url = url
        sink.format = format
        let t = try #require(WebhookTransport(sink: sink, userAgent: "t"))
        let r = t.request(for: message)
        #expect(r.headers.contains { $0.name == "Idempotency-Key" && $0.value == message.key })
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any])
        return ((r.url, r.method), json)
    }

    @Test("json: the alert as the log's JSON Lines carry it")
    func json() throws {
        let (r, j) = try Self.body(.json)
        #expect(r.method == "POST")
        #expect(j["id"] as? String == "0a1b2c3d-42" && j["topic"] as? String == "kim-putin" && j["link"] as? String == Self.alert.link)
        #expect(j["time"] as? String == "2026-09-21T14:13:20Z")
    }

    @Test("slack: text in mrkdwn, with &, < and > escaped and the link as <url|title>")
    func slack() throws {
        let (_, j) = try Self.body(.slack)
        let text = try #require(j["text"] as? String)
        #expect(text == "*kim-putin*: <https://news.example/a?x=1&amp;y=2|Kim &lt;meets&gt; Putin &amp; @everyone ¦ more> (wire)")
        #expect(j.count == 1)
    }

    @Test("discord: content of at most 2000 characters, mentions off")
    func discord() throws {
        let (_, j) = try Self.body(.discord)
        #expect((j["content"] as? String)?.contains("**kim-putin**: Kim <meets> Putin & @everyone | more <https://news.example/a?x=1&y=2>") == true)
        #expect((j["allowed_mentions"] as? [String: Any])?["parse"] as? [String] == [])
        let many = (0..<200).map { i in Alert(id: "x-\(i)", time: Self.alert.time, topic: "t", feed: "f", title: String(repeating: "word ", count: 10), link: nil, matched: []) }
        let (_, big) = try Self.body(.discord, message: SinkMessage(digest: "d-1", period: "2026-12-01 07:30 +0000", alerts: many))
        #expect(((big["content"] as? String)?.count ?? 9999) <= 2000)
    }

    @Test("matrix: an m.room.message PUT under the transaction id, which Matrix dedupes by")
    func matrix() throws {
        let (r, j) = try Self.body(.matrix, url: "https://matrix.example.org/_matrix/client/v3/rooms/!abc:example.org/send/m.room.message")
        #expect(r.method == "PUT")
        #expect(r.url == "https://matrix.example.org/_matrix/client/v3/rooms/!abc:example.org/send/m.room.message/0a1b2c3d-42")
        #expect(j["msgtype"] as? String == "m.notice" && j["format"] as? String == "org.matrix.custom.html")
        #expect((j["body"] as? String)?.hasPrefix("kim-putin: Kim <meets> Putin") == true)
        #expect((j["formatted_body"] as? String)?.contains("<a href=\"https://news.example/a?x=1&amp;y=2\">Kim &lt;meets&gt; Putin") == true)
    }

    @Test("ntfy: JSON to the server's root, the topic from the URL's path")
    func ntfy() throws {
        let (r, j) = try Self.body(.ntfy, url: "https://ntfy.example.org/newsroom")
        #expect(r.url == "https://ntfy.example.org/")
        #expect(j["topic"] as? String == "newsroom")
        #expect(j["message"] as? String == Self.alert.title && j["click"] as? String == Self.alert.link)
        #expect(j["title"] as? String == "kim-putin: wire" && j["tags"] as? [String] == ["kim-putin"])
    }

    @Test("a digest in json lists every alert; grouped by topic where it is text")
    func digest() throws {
        let a2 = Alert(id: "x-2", time: Self.alert.time, topic: "summit", feed: "wire", title: "Summit", link: nil, matched: [])
        let a3 = Alert(id: "x-3", time: Self.alert.time, topic: "kim-putin", feed: "wire", title: "Again", link: nil, matched: [])
        let m = SinkMessage(digest: "0a1b2c3d-digest-1", period: "2026-12-01 07:30 +0000", alerts: [Self.alert, a2, a3])
        let (_, j) = try Self.body(.json, message: m)
        #expect(j["digest"] as? String == "2026-12-01 07:30 +0000")
        #expect((j["alerts"] as? [[String: Any]])?.map { $0["id"] as? String ?? "" } == ["0a1b2c3d-42", "x-2", "x-3"])
        let (_, s) = try Self.body(.slack, message: m)
        let lines = (s["text"] as? String ?? "").split(separator: "\n").map(String.init)
        #expect(lines.first == "feedwatch digest, 2026-12-01 07:30 +0000: 3 alert(s)")
        #expect(lines.dropFirst().first == "*kim-putin (2)*" && lines.dropFirst(4).first == "*summit (1)*", "\(lines)")
    }
}
