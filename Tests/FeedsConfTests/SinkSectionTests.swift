import FeedModel
import FeedsConf
import FeedwatchTestSupport
import Foundation
import Testing

@Suite("[sink] sections")
struct SinkSectionTests {
    static func conf(_ dir: TemporaryDirectory) -> String {
        """
        [defaults]
        sinks = desk-mail

        [feed a]
        url = https://x.org/a

        [sink newsroom-slack]
        type = webhook
        url = https://hooks.example.org/T000/B000/XXXX
        format = slack
        secret-file = \(dir.file("newsroom.key"))
        rate = 30/min
        max-tries = 4

        [sink desk-mail]
        type = smtp
        url = smtps://mail.example.org:465
        from = feedwatch@example.org
        to = desk@example.org, night@example.org
        digest = daily 07:30

        [sink archive-script]
        type = exec
        command = /usr/local/bin/file-alert --topic {topic} "--title={title}"
        timeout = 10s

        [topic kim]
        query = kim
        sinks = newsroom-slack archive-script

        [topic putin]
        query = putin
        """
    }

    @Test("sinks read into typed values; a topic names its own, others take [defaults] sinks")
    func reads() throws {
        let dir = TemporaryDirectory()
        try "s3cr3t-key\n".write(toFile: dir.file("newsroom.key"), atomically: true, encoding: .utf8)
        let c = try FeedsConf.parse(Self.conf(dir), file: dir.file("feeds.conf"))
        #expect(c.sinks.map(\.name) == ["newsroom-slack", "desk-mail", "archive-script"])
        let slack = try #require(c.sink(named: "newsroom-slack"))
        #expect(slack.kind == .webhook && slack.format == .slack && slack.perMinute == 30 && slack.maxTries == 4)
        #expect(slack.secret?.bytes == Array("s3cr3t-key".utf8), "the trailing newline is not part of the key")
        let mail = try #require(c.sink(named: "desk-mail"))
        #expect(mail.kind == .smtp && mail.to == ["desk@example.org", "night@example.org"] && mail.digest == .daily(hour: 7, minute: 30))
        let exec = try #require(c.sink(named: "archive-script"))
        #expect(exec.command == ["/usr/local/bin/file-alert", "--topic", "{topic}", "--title={title}"])
        #expect(exec.timeout == 10)
        #expect(c.sinkRoutes.map { "\($0.topic)>\($0.sink)" } == ["kim>newsroom-slack", "kim>archive-script", "putin>desk-mail"])
    }

    @Test("a secret never shows in a description of the sink")
    func secretHidden() throws {
        let dir = TemporaryDirectory()
        try "s3cr3t-key\n".write(toFile: dir.file("newsroom.key"), atomically: true, encoding: .utf8)
        let c = try FeedsConf.parse(Self.conf(dir), file: dir.file("feeds.conf"))
        let slack = try #require(c.sink(named: "newsroom-slack"))
        for text in [String(describing: slack), String(reflecting: slack), "\(slack.secret as Any)"] {
            #expect(!text.contains("s3cr3t"), "\(text)")
        }
    }

    static let bad: [(String, Int, Int, String)] = [
        ("[sink s]\ntype = pigeon\n", 2, 8, "unknown sink type 'pigeon'"),
        ("[sink s]\nurl = https://x.org\n", 1, 1, "needs a type = webhook, smtp or exec"),
        ("[sink s]\ntype = webhook\nurl = https://x.org\nformat = teams\n", 4, 10, "unknown format 'teams'"),
        ("[sink s]\ntype = webhook\nurl = ftp://x.org/hook\n", 3, 7, "not a webhook URL"),
        ("[sink s]\ntype = webhook\nurl = https://\n", 3, 7, "not a webhook URL"),
        ("[sink s]\ntype = smtp\nurl = https://x.org\nfrom = a@b\nto = c@d\n", 3, 7, "not a smtp URL"),
        ("[sink s]\ntype = smtp\nurl = smtps://x.org\nto = c@d\n", 1, 1, "needs a from = ADDRESS line"),
        ("[sink s]\ntype = webhook\n", 1, 1, "needs a url = https://... line"),
        ("[sink s]\ntype = webhook\nurl = https://x.org\nsecret-file = /nonexistent/feedwatch.key\n", 4, 15,
         "cannot read secret-file /nonexistent/feedwatch.key: there is no such file"),
        ("[sink s]\ntype = webhook\nurl = https://x.org\nrate = lots\n", 4, 8, "not a rate"),
        ("[sink s]\ntype = smtp\nurl = smtp://x.org\nfrom = a@b\nto = c@d\ndigest = weekly\n", 6, 10, "not a digest"),
        ("[sink s]\ntype = smtp\nurl = smtp://x.org\nfrom = a@b\nto = c@d\ndigest = daily 25:00\n", 6, 10, "not a digest"),
        ("[sink s]\ntype = exec\ncommand = file-alert {topic}\n", 3, 11, "absolute path"),
        ("[sink s]\ntype = exec\ncommand = /bin/x {colour}\n", 3, 11, "unknown placeholder {colour}"),
        ("[sink s]\ntype = exec\ncommand = /bin/x \"open\n", 3, 11, "never closed"),
        ("[sink s]\ntype = exec\ncommand = /bin/x\ncolour = red\n", 4, 1, "unknown key 'colour' in [sink s]"),
        ("[sink s]\ntype = exec\ncommand = /bin/x\n[sink s]\ntype = exec\ncommand = /bin/y\n", 4, 7, "sink 's' is defined twice"),
        ("[sink s]\ntype = exec\ncommand = /bin/x\n[topic t]\nquery = kim\nsinks = s nowhere\n", 6, 11,
         "[topic t] names sink 'nowhere', which is not defined (defined: s)"),
        ("[defaults]\nsinks = missing\n[topic t]\nquery = kim\n", 2, 9, "names sink 'missing', which is not defined (no [sink NAME]"),
    ]

    @Test("each mistake in a sink is named with file:line:column", arguments: bad)
    func errors(_ text: String, _ line: Int, _ column: Int, _ fragment: String) {
        do {
            _ = try FeedsConf.parse(text, file: "feeds.conf")
            Issue.record("expected an error")
        } catch {
            let first = error.errors[0]
            #expect(first.line == line && first.column == column, "\(first)")
            #expect(first.message.contains(fragment), "\(first.message)")
        }
    }

    @Test("an unreadable secret-file is named, and what it holds is never in the error")
    func unreadableSecret() throws {
        let dir = TemporaryDirectory()
        let key = dir.file("locked.key")
        try "hunter2".write(toFile: key, atomically: true, encoding: .utf8)
        chmod(key, 0)
        defer { chmod(key, 0o600) }
        // root reads any file: then only the message for a missing one can be checked.
        guard FileManager.default.contents(atPath: key) == nil else { return }
        do {
            _ = try FeedsConf.parse("[sink s]\ntype = webhook\nurl = https://x.org\nsecret-file = locked.key\n", file: dir.file("feeds.conf"))
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("cannot read secret-file \(key): it cannot be read"), "\(error)")
            #expect(!error.description.contains("hunter2"))
        }
    }
}
