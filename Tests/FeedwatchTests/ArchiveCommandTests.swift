import FeedwatchTestSupport
import Foundation
import Testing

@Suite("feedwatch search and backtest over the archive")
struct ArchiveCommandTests {
    static let feed = """
        {"version": "https://jsonfeed.org/version/1.1", "title": "Desk", "language": "en", "items": [
          {"id": "1", "url": "https://news.example/kim-putin", "title": "Kim Jong Un meets Putin in Vladivostok",
           "content_html": "<p>The <b>summit</b> of Kim Jong Un and Vladimir Putin.</p>", "authors": [{"name": "Anna"}]},
          {"id": "2", "url": "https://news.example/talks", "title": "Talks again", "summary": "Putin met Kim Jong Un by train"},
          {"id": "3", "url": "https://news.example/weather", "title": "Weather in Seoul", "content_text": "Rain, then sun."}
        ]}
        """

    static func setUp(_ dir: TemporaryDirectory, query: String = "\"Kim Jong Un\" NEAR/5 Putin") throws {
        try feed.write(toFile: dir.file("desk.json"), atomically: true, encoding: .utf8)
        try writeConfig(dir, query: query)
    }

    static func writeConfig(_ dir: TemporaryDirectory, query: String) throws {
        try """
            [feed desk]
            url = desk.json
            tags = wires

            [topic kim-putin]
            query = \(query)
            """.write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
    }

    static func args(_ dir: TemporaryDirectory, _ command: String, _ rest: [String] = []) -> [String] {
        [command, "--config", dir.file("feeds.conf"), "--state-dir", dir.file("state")] + rest
    }

    /// (link, matched) of each JSON line.
    static func hits(_ output: String, id: (([String: Any]) -> String?)? = nil) throws -> [String: String] {
        var out: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let matched = try JSONSerialization.data(withJSONObject: o["matched"] ?? [], options: .sortedKeys)
            out[id?(o) ?? (o["link"] as? String ?? "")] = String(decoding: matched, as: UTF8.self)
        }
        return out
    }

    @Test("search gives the hits and explanations feedwatch match gives for the same items, newest first, within its filters")
    func searchEqualsMatch() async throws {
        let dir = TemporaryDirectory()
        try Self.setUp(dir)
        let once = try await CLI.run(Self.args(dir, "once"))
        #expect(once.status == 0, "\(once.stderr)")
        let links = ["1": "https://news.example/kim-putin", "2": "https://news.example/talks", "3": "https://news.example/weather"]
        for query in ["Putin", "summit OR rain", "title:kim -weather", "@vladimir-putin", "author:anna", "\"then sun\""] {
            let search = try await CLI.run(Self.args(dir, "search", [query, "--json"]))
            #expect(search.status == 0, "\(search.stderr)")
            let match = try await CLI.run(["match", "--query", query, dir.file("desk.json")])
            var expected: [String: String] = [:]
            for line in match.stdout.split(separator: "\n") {
                let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                guard let m = (o["matches"] as? [[String: Any]])?.first, let id = o["id"] as? String else { continue }
                let matched = try JSONSerialization.data(withJSONObject: m["matched"] ?? [], options: .sortedKeys)
                expected[links[id] ?? id] = String(decoding: matched, as: UTF8.self)
            }
            #expect(!expected.isEmpty, "query \(query) must match something")
            #expect(try Self.hits(search.stdout) == expected, "query \(query)")
        }
        let limited = try await CLI.run(Self.args(dir, "search", ["Putin", "--json", "--limit", "1"]))
        #expect(limited.stdout.split(separator: "\n").count == 1)
        #expect(try await CLI.run(Self.args(dir, "search", ["Putin", "--json", "--feed", "other"])).stdout.isEmpty)
        #expect(try await CLI.run(Self.args(dir, "search", ["Putin", "--json", "--lang", "pl"])).stdout.isEmpty)
        #expect(try await CLI.run(Self.args(dir, "search", ["Putin", "--json", "--tag", "wires"])).stdout.split(separator: "\n").count == 2)
        #expect(try await CLI.run(Self.args(dir, "search", ["Putin", "--json", "--until", "1d"])).stdout.isEmpty)
        let text = try await CLI.run(Self.args(dir, "search", ["summit"]))
        #expect(text.stdout.contains("matched: content:summit@1"), "\(text.stdout)")
    }

    @Test("backtest: hits per day and the change from the alerts the topic produced, as an edit of its query changes them")
    func backtest() async throws {
        let dir = TemporaryDirectory()
        try Self.setUp(dir)
        #expect(try await CLI.run(Self.args(dir, "once")).status == 0)
        let same = try await CLI.run(Self.args(dir, "backtest", ["kim-putin"]))
        #expect(same.status == 0, "\(same.stderr)")
        #expect(same.stdout.contains(": 2 hit(s)"), "\(same.stdout)")
        #expect(same.stdout.contains("+0 new, -0 no longer"))
        try Self.writeConfig(dir, query: "weather OR (\"Kim Jong Un\" NEAR/5 Putin)")
        let wider = try await CLI.run(Self.args(dir, "backtest", ["kim-putin"]))
        #expect(wider.stdout.contains("+1 new, -0 no longer"), "\(wider.stdout)")
        try Self.writeConfig(dir, query: "weather")
        let other = try await CLI.run(Self.args(dir, "backtest", ["kim-putin", "--json"]))
        let o = try #require(try JSONSerialization.jsonObject(with: Data(other.stdout.utf8)) as? [String: Any])
        #expect(o["new"] as? Int == 1)
        #expect((o["noLonger"] as? [Any])?.count == 2)
        let days = try #require(o["days"] as? [[String: Any]])
        #expect(days.count >= 30 && days.map { $0["hits"] as? Int ?? 0 }.reduce(0, +) == 1)
        let query = try await CLI.run(Self.args(dir, "backtest", ["--query", "Putin"]))
        #expect(query.stdout.contains(": 2 hit(s)") && !query.stdout.contains("no longer"), "\(query.stdout)")
        let missing = try await CLI.run(Self.args(dir, "backtest", ["nope"]))
        #expect(missing.status != 0 && missing.stderr.contains("no [topic nope]"), "\(missing.stderr)")
    }
}
