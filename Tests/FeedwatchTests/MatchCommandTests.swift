import Foundation
import FeedwatchTestSupport
import Testing

@Suite("feedwatch match and check-query")
struct MatchCommandTests {
    @Test("check-query prints the tree, or the error with a caret and exit 2")
    func checkQuery() async throws {
        let good = try await CLI.run(["check-query", "kim NEAR/5 putin"])
        #expect(good.status == 0)
        #expect(good.stdout == "(kim NEAR/5 putin)\n")
        let bad = try await CLI.run(["check-query", "kim NEAR putin"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("column 5: NEAR needs a distance"))
        #expect(bad.stderr.contains("\n      ^"))
    }

    @Test("match --topics feeds.conf on a sample feed: one JSON line per article, matches explained")
    func matchFeed() async throws {
        let r = try await CLI.run(["match", "--topics", "feeds.conf", "samples/world-briefing.xml"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 9)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["id"] as? String == "sample-world-0001")
        let matches = first?["matches"] as? [[String: Any]] ?? []
        #expect(matches.first?["topic"] as? String == "kim-putin-summit")
        let matched = matches.first?["matched"] as? [[String: Any]] ?? []
        #expect(matched.contains { $0["term"] as? String == "@vladimir-putin \"Putin\"" && $0["field"] as? String == "title" && $0["offset"] as? Int == 9 },
                "\(matched)")
    }

    @Test("match --query --jsonl reads one article a line")
    func matchJSONLines() async throws {
        let input = """
            {"id":"1","title":"Kim Jong-un meets Putin","summary":"","content":"","link":"","feed":"x"}
            {"id":"2","title":"Kim Kardashian in Moscow","summary":"","content":"","link":"","feed":"x"}
            """
        let r = try await CLI.run(["match", "--query", "\"kim jong un\" NEAR/3 putin", "--jsonl", "-"], stdin: Data(input.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#"{"id":"1","matches":[{"topic":"query","#))
        #expect(r.stdout.contains(#"{"id":"2","matches":[]}"#))
    }

    @Test("match --topics agrees with the daemon on scoped topics: --feed applies feeds = and tags =, without it they are left out")
    func scopedTopics() async throws {
        let dir = TemporaryDirectory("fw-match")
        let conf = dir.path + "/feeds.conf"
        try """
            [feed asia]
            url = https://example.org/asia.xml
            tags = korea
            [feed sport]
            url = https://example.org/sport.xml
            [topic everywhere]
            query = summit
            [topic korea-only]
            query = summit
            tags = korea
            """.write(toFile: conf, atomically: true, encoding: .utf8)
        let input = #"{"id":"1","title":"Summit in Vladivostok"}"# + "\n"
        func topics(_ extra: [String]) async throws -> String {
            let r = try await CLI.run(["match", "--topics", conf, "--jsonl"] + extra + ["-"], stdin: Data(input.utf8))
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout
        }
        #expect(try await topics(["--feed", "asia"]).contains("korea-only"))
        let sport = try await topics(["--feed", "sport"])
        #expect(!sport.contains("korea-only"))
        #expect(sport.contains("everywhere"))
        let unscoped = try await CLI.run(["match", "--topics", conf, "--jsonl", "-"], stdin: Data(input.utf8))
        #expect(!unscoped.stdout.contains("korea-only"))
        #expect(unscoped.stderr.contains("left out without --feed: korea-only"))
        let unknown = try await CLI.run(["match", "--topics", conf, "--feed", "nope", "--jsonl", "-"], stdin: Data(input.utf8))
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no [feed nope]"))
    }

    @Test("match --jsonl reads lang, published and HTML summaries; entities are explained with the form found")
    func matchEntities() async throws {
        let input = """
            {"id":"pl","title":"Spotkanie z Putinem","summary":"<p>Kim Dzong Un przyjecha&#322;</p>","lang":"pl","published":"2023-09-13"}
            {"id":"en","title":"Putinem","summary":"","lang":"en"}
            """
        let r = try await CLI.run(["match", "--query", "@vladimir-putin", "--jsonl", "-"], stdin: Data(input.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""term":"@vladimir-putin \"Putinem\"""#), "\(r.stdout)")
        #expect(r.stdout.contains(#"{"id":"en","matches":[]}"#), "English takes no Polish endings")
        let html = try await CLI.run(["match", "--query", "przyjechał", "--jsonl", "-"], stdin: Data(input.utf8))
        #expect(html.stdout.contains(#""id":"pl","matches":[{"topic":"query""#), "the summary's character reference is decoded")
    }

    @Test("entities ID lists each alias with the forms every one of its words takes; check-query names each spelling once")
    func entitiesListing() async throws {
        let r = try await CLI.run(["entities", "vladimir-putin"])
        #expect(r.status == 0, "\(r.stderr)")
        let polish = r.stdout.split(separator: "\n").first { $0.hasPrefix("  pl\tWładimir Putin  → ") }
        // Both words inflect in an item ("Władimirem Putinem"), so both are listed.
        #expect(polish?.contains("władimir: ") == true && polish?.contains(" władimirem ") == true, "\(r.stdout)")
        #expect(polish?.contains("; putin: ") == true && polish?.contains(" putinem ") == true, "\(polish ?? "")")
        let q = try await CLI.run(["check-query", "@kim-jong-un"])
        let line = q.stdout.split(separator: "\n").first { $0.hasPrefix("@kim-jong-un: person") } ?? ""
        #expect(line.components(separatedBy: "Kim Jong Un,").count == 2, "each spelling once: \(line)")
    }
}
