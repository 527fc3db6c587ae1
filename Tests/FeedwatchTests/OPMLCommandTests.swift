import FeedwatchTestSupport
import Foundation
import Testing

@Suite("feedwatch import-opml, export-opml and check-config")
struct OPMLCommandTests {
    static let opml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <opml version="1.0"><head><title>My feeds</title></head><body>
          <outline text="World News">
            <outline text="BBC World" type="rss" xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml"/>
            <outline title="Yonhap: N. Korea" text="ignored" type="rss" xmlUrl="https://en.yna.co.kr/RSS/nk.xml" category="Korea,Asia/North Korea"/>
          </outline>
          <outline text="TASS &amp; more" type="rss" xmlUrl="https://tass.com/rss/v2.xml?a=1&amp;b=2"/>
          <outline text="BBC World" type="rss" xmlUrl="https://feeds.bbci.co.uk/news/world/asia/rss.xml"/>
        </body></opml>
        """

    @Test("import appends sections with folder and category tags, skips known URLs, and survives a round trip through export")
    func roundTrip() async throws {
        let dir = TemporaryDirectory()
        let conf = dir.file("feeds.conf")
        try "[feed existing]\nurl = https://tass.com/rss/v2.xml?a=1&b=2\n".write(toFile: conf, atomically: true, encoding: .utf8)
        try Self.opml.write(toFile: dir.file("in.opml"), atomically: true, encoding: .utf8)
        let r = try await CLI.run(["import-opml", dir.file("in.opml"), "--config", conf])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("added 3 feed(s)") && r.stderr.contains("(1 already there)"))
        let text = try String(contentsOfFile: conf, encoding: .utf8)
        #expect(text.contains("[feed bbc-world]\nurl = https://feeds.bbci.co.uk/news/world/rss.xml\ntags = world-news\n"))
        #expect(text.contains("[feed yonhap-n-korea]\nurl = https://en.yna.co.kr/RSS/nk.xml\ntags = world-news korea asia north-korea\n"))
        #expect(text.contains("[feed bbc-world-2]"), "names are made unique")
        #expect(try await CLI.run(["check-config", conf]).status == 0)

        let exported = try await CLI.run(["export-opml", "--config", conf])
        #expect(exported.status == 0)
        try exported.stdout.write(toFile: dir.file("out.opml"), atomically: true, encoding: .utf8)
        let fresh = dir.file("fresh.conf")
        #expect(try await CLI.run(["import-opml", dir.file("out.opml"), "--config", fresh]).status == 0)
        let a = try await CLI.run(["export-opml", "--config", conf]).stdout, b = try await CLI.run(["export-opml", "--config", fresh]).stdout
        func outlines(_ s: String) -> [Substring] { s.split(separator: "\n").filter { $0.contains("<outline") } }
        #expect(outlines(a) == outlines(b), "the same feeds, names, URLs and tags after export and import")
    }

    @Test("a file that is not OPML, and a feeds.conf with errors, are refused without writing")
    func refusals() async throws {
        let dir = TemporaryDirectory()
        let conf = dir.file("feeds.conf")
        try "<rss/>".write(toFile: dir.file("x.opml"), atomically: true, encoding: .utf8)
        let notOPML = try await CLI.run(["import-opml", dir.file("x.opml"), "--config", conf])
        #expect(notOPML.status == 1 && notOPML.stderr.contains("not an OPML file"))
        try "[feed a]\nurl = https://a.example/rss\ninterval = soon\n".write(toFile: conf, atomically: true, encoding: .utf8)
        try Self.opml.write(toFile: dir.file("in.opml"), atomically: true, encoding: .utf8)
        let broken = try await CLI.run(["import-opml", dir.file("in.opml"), "--config", conf])
        #expect(broken.status == 2 && broken.stderr.contains("feeds.conf:3:12"), "\(broken.stderr)")
        #expect(try String(contentsOfFile: conf, encoding: .utf8).hasSuffix("interval = soon\n"))
    }

    @Test("an outline with a control character in its URL or title is refused by name, and feeds.conf is left as it was")
    func controlCharacters() async throws {
        let dir = TemporaryDirectory()
        let conf = dir.file("feeds.conf")
        let before = "[feed existing]\nurl = https://a.example/rss\n"
        try before.write(toFile: conf, atomically: true, encoding: .utf8)
        let injected = [
            #"<outline text="Evil wire" xmlUrl="https://b.example/rss&#10;[topic evil]&#10;query = a"/>"#,
            #"<outline title="Evil&#13;[defaults]" xmlUrl="https://c.example/rss"/>"#,
        ]
        for (outline, key) in zip(injected, ["xmlUrl", "title"]) {
            let opml = "<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><body>\n<outline text=\"Fine\" xmlUrl=\"https://d.example/rss\"/>\n\(outline)\n</body></opml>"
            try opml.write(toFile: dir.file("in.opml"), atomically: true, encoding: .utf8)
            let r = try await CLI.run(["import-opml", dir.file("in.opml"), "--config", conf])
            #expect(r.status == 1, "\(r.stderr)")
            #expect(r.stderr.contains("in.opml:4: the outline 'Evil") && r.stderr.contains("control character (U+000") && r.stderr.contains("in its \(key)"), "\(r.stderr)")
            #expect(try String(contentsOfFile: conf, encoding: .utf8) == before)
        }
    }

    @Test("check-config reads a CRLF feeds.conf as it reads the LF one; a file without feeds fails check-config, once and run")
    func lineEndingsAndNoFeeds() async throws {
        let dir = TemporaryDirectory()
        let bundled = try String(contentsOf: CLI.packageRoot.appendingPathComponent("feeds.conf"), encoding: .utf8)
        try bundled.replacingOccurrences(of: "\n", with: "\r\n").write(toFile: dir.file("crlf.conf"), atomically: true, encoding: .utf8)
        let lf = try await CLI.run(["check-config", "feeds.conf"])
        let crlf = try await CLI.run(["check-config", dir.file("crlf.conf")])
        #expect(crlf.status == 0, "\(crlf.stderr)")
        func feedsLine(_ out: String) -> Substring? { out.split(separator: "\n").first { $0.contains("feeds:") } }
        #expect(feedsLine(crlf.stdout) == feedsLine(lf.stdout) && feedsLine(lf.stdout)?.contains("feeds:     0") == false, "\(crlf.stdout)")

        try "[topic t]\r\nquery = kim\r\n".write(toFile: dir.file("topics.conf"), atomically: true, encoding: .utf8)
        let state = ["--config", dir.file("topics.conf"), "--state-dir", dir.file("state")]
        for args in [["check-config", dir.file("topics.conf")], ["once"] + state, ["run"] + state] {
            let r = try await CLI.run(args, killAfter: 60)
            #expect(r.status == 2 && r.stderr.contains("topics.conf: no feeds: nothing to poll"), "\(args[0]): \(r.stderr)")
        }
        let match = try await CLI.run(["match", "--topics", dir.file("topics.conf"), "samples/world-briefing.xml"])
        #expect(match.status == 0, "match --topics still reads a file of topics alone: \(match.stderr)")
    }

    @Test("a FIFO as feeds.conf is refused at once by check-config and run, and import-opml will not replace a feeds.conf it cannot read")
    func unreadableConfig() async throws {
        let dir = TemporaryDirectory()
        #expect(mkfifo(dir.file("fifo.conf"), 0o600) == 0)
        for args in [["check-config", dir.file("fifo.conf")], ["run", "--config", dir.file("fifo.conf"), "--state-dir", dir.file("state")]] {
            let r = try await CLI.run(args, killAfter: 60)
            #expect(r.status == 2 && r.stderr.contains("fifo.conf: it is a FIFO (named pipe), not a file"), "\(args[0]): \(r.stderr)")
        }
        let latin1 = dir.file("latin1.conf")
        let bytes = Data("[feed caf".utf8) + Data([0xE9]) + Data("]\nurl = https://a.example/rss\n".utf8)
        try bytes.write(to: URL(fileURLWithPath: latin1))
        try Self.opml.write(toFile: dir.file("in.opml"), atomically: true, encoding: .utf8)
        let r = try await CLI.run(["import-opml", dir.file("in.opml"), "--config", latin1])
        #expect(r.status == 2 && r.stderr.contains("latin1.conf:1:10: not UTF-8"), "\(r.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: latin1)) == bytes, "left as it was")
    }

    @Test("check-config summarises a good file and lists every error of a bad one with its place")
    func checkConfig() async throws {
        let good = try await CLI.run(["check-config", "feeds.conf"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("feeds.conf: OK") && good.stdout.contains("topics:    1 (kim-putin-summit)"))
        let dir = TemporaryDirectory()
        try """
            [defaults]
            interval = 15 minutes
            colour = blue

            [feed a]
            url = ftp://example.org/feed

            [feed a]
            url = https://example.org/rss

            [topic t]
            query = kim NEAR putin

            [feed b]
            url = https://example.org/b
            interval = 30s
            """.write(toFile: dir.file("bad.conf"), atomically: true, encoding: .utf8)
        let bad = try await CLI.run(["check-config", dir.file("bad.conf")])
        #expect(bad.status == 2)
        for place in ["bad.conf:2:12", "bad.conf:3:1", "bad.conf:6:7", "bad.conf:8:7", "bad.conf:12:13"] {
            #expect(bad.stderr.contains(place), "missing \(place) in:\n\(bad.stderr)")
        }
        // The warnings of a file with errors are shown with them, not only once the errors are fixed.
        #expect(bad.stderr.contains("warning: \(dir.file("bad.conf")):14:1: feed 'b' polls more often than once a minute"), "\(bad.stderr)")
        #expect(bad.stderr.contains("5 error(s) and 1 warning(s) in"), "\(bad.stderr)")
    }
}
