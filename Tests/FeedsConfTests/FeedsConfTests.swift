import FeedsConf
import Foundation
import Testing

@Suite("feeds.conf")
struct FeedsConfTests {
    static let good = """
        # comment
        ; another comment
        [defaults]
        interval = 30m

        [feed world]
        url = https://example.org/world.rss
        tags = world asia
        interval = 5m

        [feed local]
        url = samples/world-briefing.xml
        conditional-get = no

        [topic kim-putin-summit]
        title = Kim–Putin summit
        query = ("Kim Jong Un" OR "North Korean leader")
                NEAR/20 (Putin OR "Russian President")
        feeds = world
        """

    @Test("the format of DESIGN.md reads into typed values")
    func reads() throws {
        let c = try FeedsConf.parse(Self.good, file: "/etc/feedwatch/feeds.conf")
        #expect(c.defaults.interval == 1800)
        #expect(c.feeds.map(\.name) == ["world", "local"])
        #expect(c.feeds[0].interval == 300)
        #expect(c.feeds[0].tags == ["world", "asia"])
        #expect(c.feeds[1].interval == 1800, "inherits [defaults]")
        #expect(c.feeds[1].url == "file:///etc/feedwatch/samples/world-briefing.xml", "paths are relative to feeds.conf")
        #expect(c.feeds[1].conditionalGet == false)
        #expect(c.topics.count == 1)
        #expect(c.topics[0].title == "Kim–Putin summit")
        #expect(c.topics[0].query.contains("NEAR/20 (Putin"), "continuation lines join the value")
        #expect(c.topics[0].feeds == ["world"])
    }

    @Test("the bundled feeds.conf is valid")
    func bundled() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("feeds.conf").path
        let c = try FeedsConf.load(path)
        #expect(c.topics.contains { $0.name == "kim-putin-summit" })
        #expect(c.feeds.allSatisfy { $0.url.hasPrefix("file://") || $0.url.hasPrefix("http") })
    }

    static let bad: [(String, Int, Int, String)] = [
        ("[feed a]\nurl = https://x.org/a\ncolour = red\n", 3, 1, "unknown key 'colour'"),
        ("[feed a]\nurl = https://x.org/a\n[feed a]\nurl = https://x.org/b\n", 3, 7, "defined twice"),
        ("[feed a]\nurl = https://x.org/a\ninterval = soon\n", 3, 12, "not a duration"),
        ("[feed a]\nurl = ftp://x.org/a\n", 2, 7, "only http, https"),
        ("[feed a]\ninterval = 5m\n", 1, 1, "needs a url"),
        ("[topic t]\nquery = kim NEAR putin\n", 2, 13, "NEAR needs a distance"),
        ("[topic t]\nquery = (kim\n        OR putin\n", 2, 9, "never closed"),
        ("[topic t]\nquery = kim OR\n   putin NEAR/99 x\n", 3, 10, "too far"),
        ("[topci t]\nquery = kim\n", 1, 2, "unknown section"),
        ("url = https://x.org\n", 1, 1, "before any '[section]'"),
        ("[feed a]\nurl = https://x.org/a\nenabled = maybe\n", 3, 11, "not yes or no"),
        ("[topic t]\nquery = kim\nfeeds = nowhere\n", 1, 1, "not defined"),
        ("[feed a]\nurl = https://x.org/a\nurl = https://x.org/b\n", 3, 1, "'url' is set twice in [feed a] (first at line 2)"),
        ("[defaults]\nretention = 90d\nretention = 10d\n", 3, 1, "set twice in [defaults]"),
        ("[defaults]\nretention = forever\n", 2, 13, "not a duration"),
    ]

    @Test("each kind of mistake is named with file:line:column", arguments: bad)
    func errors(_ text: String, _ line: Int, _ column: Int, _ fragment: String) {
        do {
            _ = try FeedsConf.parse(text, file: "feeds.conf")
            Issue.record("expected an error")
        } catch {
            let first = error.errors[0]
            #expect(first.line == line && first.column == column, "\(first)")
            #expect(first.message.contains(fragment), "\(first.message)")
            #expect(first.description.hasPrefix("feeds.conf:\(line):\(column): "))
        }
    }

    @Test("intervals under a minute are allowed with a warning")
    func shortInterval() throws {
        let c = try FeedsConf.parse("[feed a]\nurl = https://x.org/a\ninterval = 30s\n", file: "f.conf")
        #expect(c.feeds[0].interval == 30)
        #expect(c.warnings.count == 1)
    }
}

@Suite("The README's feeds.conf example")
struct ReadmeExampleTests {
    @Test("is a valid feeds.conf, so users can copy it")
    func valid() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let start = try #require(text.range(of: "## feeds.conf\n\n```\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let config = try FeedsConf.parse(String(text[start.upperBound..<end.lowerBound]), file: "README.md")
        #expect(config.feeds.map(\.name) == ["yonhap-north-korea"])
        #expect(config.topics.first?.tags == ["korea", "russia"])
        #expect(config.defaults.retention == 90 * 86400)
    }
}
