import FeedsConf
import FeedwatchTestSupport
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
        ("[defaults]\ninterval = 5m\n[feed a]\nurl = https://x.org/a\n[defaults]\ninterval = 1m\n", 5, 2,
         "[defaults] is given twice, at lines 1 and 5"),
        ("[feed a]\nurl = https://x.org/a\n[feed  a ]\nurl = https://x.org/b\n", 3, 7, "feed 'a' is defined twice, at lines 1 and 3"),
        ("[feed a]\nurl = https://x.org/a\n[topic t]\nquery = a\n[topic t]\nquery = b\n", 5, 8, "topic 't' is defined twice, at lines 3 and 5"),
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

    /// What a parse came to, compared across line endings.
    static func summary(_ text: String) -> String {
        do {
            let c = try FeedsConf.parse(text, file: "feeds.conf")
            let feeds = c.feeds.map { "\($0.name) \($0.url) \($0.interval) \($0.tags) \($0.conditionalGet) line \($0.line)" }
            let topics = c.topics.map { "\($0.name) \($0.title) [\($0.query)] \($0.feeds) line \($0.line)" }
            return (["defaults \(c.defaults.interval)"] + feeds + topics).joined(separator: "\n")
        } catch {
            return error.description
        }
    }

    @Test("a file with CRLF or lone CR line endings reads exactly like the same file with LF")
    func lineEndings() {
        let broken = Self.good + "\n[topic bad]\nquery = kim NEAR putin\n"
        for text in [Self.good, broken] {
            let lf = Self.summary(text)
            #expect(lf.contains("kim-putin-summit") || lf.contains("bad query"))
            #expect(Self.summary(text.replacingOccurrences(of: "\n", with: "\r\n")) == lf)
            #expect(Self.summary(text.replacingOccurrences(of: "\n", with: "\r")) == lf)
        }
        #expect(Self.summary(broken).contains("feeds.conf:21:13: "), "errors point at the same place")
    }

    @Test("anything after ']' on a section line is an error at its column")
    func afterSection() {
        for (line, column) in [("[feed a] # the wire", 10), ("[feed a]\turl = https://x.org/a", 10), ("[defaults]x", 11)] {
            do {
                _ = try FeedsConf.parse(line + "\nurl = https://x.org/a\n", file: "feeds.conf")
                Issue.record("expected an error for \(line)")
            } catch {
                #expect(error.errors.map(\.description).contains { $0.hasPrefix("feeds.conf:1:\(column): unexpected") }, "\(error)")
            }
        }
        #expect(Self.summary("[feed a]  \t\r\nurl = https://x.org/a\r\n").contains("a https://x.org/a"), "trailing spaces are fine")
    }

    @Test("a file without feeds is an error for the commands that poll, not for topics alone")
    func noFeeds() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("feeds.conf")
        try "[topic t]\nquery = kim\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try FeedsConf.load(path)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "\(path): " + error.errors[0].message)
            #expect(error.errors[0].message.hasPrefix("no feeds: nothing to poll"))
        }
        #expect(try FeedsConf.load(path, feedsRequired: false).topics.map(\.name) == ["t"])
    }

    @Test("intervals under a minute are allowed with a warning")
    func shortInterval() throws {
        let c = try FeedsConf.parse("[feed a]\nurl = https://x.org/a\ninterval = 30s\n", file: "f.conf")
        #expect(c.feeds[0].interval == 30)
        #expect(c.warnings.count == 1)
    }

    @Test("a file with errors carries its warnings with them")
    func warningsBesideErrors() throws {
        let text = "[feed a]\nurl = https://x.org/a\ninterval = 30s\n[feed b]\nurl = ftp://x.org/b\n"
        #expect {
            _ = try FeedsConf.parse(text, file: "f.conf")
        } throws: { error in
            guard let e = error as? ConfigErrors else { return false }
            return e.errors.map(\.line) == [5] && e.warnings.map(\.line) == [1] && e.warnings[0].message.contains("feed 'a' polls more often")
        }
    }

    @Test("a url that is no web address and no existing file is kept, with a warning that names its line, column and the path read")
    func missingLocalFile() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("feeds.conf")
        try "x".write(toFile: dir.file("here.xml"), atomically: true, encoding: .utf8)
        try "[feed a]\nurl = notaurl\n[feed b]\nurl =   here.xml\n[feed c]\nurl = https://x.org/c\n".write(toFile: path, atomically: true, encoding: .utf8)
        let c = try FeedsConf.load(path)
        #expect(c.feeds.count == 3)
        #expect(c.warnings.count == 1)
        let w = try #require(c.warnings.first)
        #expect((w.line, w.column) == (2, 7))
        #expect(w.message.contains("'notaurl'") && w.message.contains(dir.file("notaurl")) && w.message.contains("https://"))
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
