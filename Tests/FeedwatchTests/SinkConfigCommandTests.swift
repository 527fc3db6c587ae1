import FeedwatchTestSupport
import Foundation
import Testing

@Suite("check-config with sinks")
struct SinkConfigCommandTests {
    @Test("check-config lists the sinks without their secrets, URL paths or passwords")
    func secretsHidden() async throws {
        let dir = TemporaryDirectory()
        try "hook-secret-8f3a\n".write(toFile: dir.file("hook.key"), atomically: true, encoding: .utf8)
        try "mail-password-77c1".write(toFile: dir.file("mail.key"), atomically: true, encoding: .utf8)
        try """
            [feed a]
            url = https://x.org/a

            [sink slack]
            type = webhook
            url = https://hooks.example.org/services/T000/B000/TOKENPART
            format = slack
            secret-file = hook.key

            [sink mail]
            type = smtp
            url = smtps://mail.example.org:465
            from = fw@example.org
            to = desk@example.org
            user = fw
            secret-file = mail.key
            digest = hourly

            [topic kim]
            query = kim
            sinks = slack mail
            """.write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        let r = try await CLI.run(["check-config", dir.file("feeds.conf")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("sink:      slack, webhook, to hooks.example.org, format slack, signed"), "\(r.stdout)")
        #expect(r.stdout.contains("sink:      mail, smtp, to mail.example.org, with a password, digest hourly"), "\(r.stdout)")
        for secret in ["hook-secret-8f3a", "mail-password-77c1", "TOKENPART"] {
            #expect(!r.stdout.contains(secret) && !r.stderr.contains(secret), "\(secret) shown")
        }
    }

    @Test("a sink error fails check-config with its place, and an unreadable key file is named")
    func errors() async throws {
        let dir = TemporaryDirectory()
        try """
            [feed a]
            url = https://x.org/a

            [sink slack]
            type = webhook
            url = https://hooks.example.org/x
            secret-file = missing.key
            """.write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        let r = try await CLI.run(["check-config", dir.file("feeds.conf")])
        #expect(r.status == 2)
        #expect(r.stderr.contains("feeds.conf:7:15: cannot read secret-file \(dir.file("missing.key")): there is no such file"), "\(r.stderr)")
    }
}
