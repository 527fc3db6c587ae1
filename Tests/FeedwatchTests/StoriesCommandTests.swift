import FeedwatchTestSupport
import Foundation
import Testing

@Suite("feedwatch stories, story, and story ids in alerts and tail")
struct StoriesCommandTests {
    /// One event reported by three desks in three languages, one unrelated item about the same man.
    static func feed(_ n: Int, _ lang: String, _ title: String, extra: String = "") -> String {
        """
        {"version": "https://jsonfeed.org/version/1.1", "title": "Desk \(n)", "language": "\(lang)", "items": [
          {"id": "\(n)", "url": "https://desk\(n).example/summit", "title": "\(title)"}\(extra)
        ]}
        """
    }

    @Test("three outlets' reports of one summit are one story: one alert line with its id, a story line at 3 sources; Kim at a factory is another")
    func oneStory() async throws {
        let dir = TemporaryDirectory()
        try Self.feed(1, "en", "Kim Jong Un and Putin meet at the Vostochny cosmodrome",
                      extra: #", {"id": "f", "url": "https://desk1.example/factory", "title": "Kim Jong Un tours a fighter jet factory in Komsomolsk-on-Amur"}"#)
            .write(toFile: dir.file("d1.json"), atomically: true, encoding: .utf8)
        try Self.feed(2, "de", "Kim Jong Un trifft Putin am Weltraumbahnhof Wostotschny zum Gipfeltreffen")
            .write(toFile: dir.file("d2.json"), atomically: true, encoding: .utf8)
        try Self.feed(3, "fr", "Kim Jong-un et Vladimir Poutine se rencontrent au cosmodrome de Vostotchny")
            .write(toFile: dir.file("d3.json"), atomically: true, encoding: .utf8)
        var conf = """
            [defaults]
            story-updates = 3

            [topic kim]
            query = "Kim Jong Un" OR "Kim Jong-un"

            """
        let args = ["--config", dir.file("feeds.conf"), "--state-dir", dir.file("state")]
        // One more feed each run, so that the first desk's report is the story's first.
        for feed in ["d1", "d2", "d3"] {
            conf += "[feed \(feed)]\nurl = \(feed).json\n\n"
            try conf.write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
            let r = try await CLI.run(["once"] + args)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let lines = try String(contentsOfFile: dir.file("state/alerts.log"), encoding: .utf8).split(separator: "\n")
        let alerts = lines.filter { $0.split(separator: "\t", omittingEmptySubsequences: false).count == 8 }
        #expect(alerts.count == 2, "the summit's first report and the factory: \(lines)")
        let storyLines = lines.filter { $0.contains("\tstory s-") }
        #expect(storyLines.count == 1 && storyLines[0].contains("now 3 sources in 3 languages · first: Kim Jong Un and Putin meet"))

        let listed = try await CLI.run(["stories", "--json"] + args)
        #expect(listed.status == 0, "\(listed.stderr)")
        let stories = listed.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(stories.count == 2)
        let summit = try #require(stories.first { ($0["sources"] as? Int) == 3 })
        #expect(summit["languages"] as? Int == 3 && (summit["title"] as? String)?.hasPrefix("Kim Jong Un and Putin meet") == true)
        let id = try #require(summit["id"] as? String)
        let shown = try await CLI.run(["story", id] + args)
        #expect(shown.status == 0 && shown.stdout.split(separator: "\n").count == 4, "the story and its three articles: \(shown.stdout)")
        #expect(try await CLI.run(["alerts"] + args).stdout.contains("story \(id)"))
        #expect(try await CLI.run(["tail"] + args).stdout.contains("story \(id)"))
        let missing = try await CLI.run(["story", "s-999"] + args)
        #expect(missing.status != 0 && missing.stderr.contains("no story s-999"))
    }
}
