import FeedwatchTestSupport
import Foundation
import Testing

/// A feed that suddenly alerts on everything: past its hourly limit, alerts are
/// stored held, not written; one line says so and how to release them.
@Suite("feedwatch: the flood guard")
struct FloodGuardTests {
    static func setUp(_ dir: TemporaryDirectory, limit: String) throws {
        let items = (1...5).map { #"{"id": "\#($0)", "url": "https://news.example/\#($0)", "title": "Kim story \#($0)"}"# }
        try #"{"version": "https://jsonfeed.org/version/1.1", "title": "Desk", "items": [\#(items.joined(separator: ","))]}"#
            .write(toFile: dir.file("desk.json"), atomically: true, encoding: .utf8)
        try "[feed desk]\nurl = desk.json\nflood-limit = \(limit)\n\n[topic kim]\nquery = kim\n"
            .write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
    }

    static func logLines(_ dir: TemporaryDirectory) -> [Substring] {
        ((try? String(contentsOfFile: dir.file("state/alerts.log"), encoding: .utf8)) ?? "").split(separator: "\n")
    }

    @Test("past flood-limit the alerts are held: one line says so, alerts --held lists them, feeds shows flooding, release writes them once")
    func heldAndReleased() async throws {
        let dir = TemporaryDirectory()
        try Self.setUp(dir, limit: "2")
        let args = { (c: String, rest: [String]) in OnceCommandTests.args(dir, c, rest) }
        let once = try await CLI.run(args("once", []))
        #expect(once.status == 0, "\(once.stderr)")
        #expect(Self.logLines(dir).count == 2, "two alerts an hour reach the log")
        let floodLines = once.stderr.split(separator: "\n").filter { $0.contains("is flooding") }
        #expect(floodLines.count == 1 && floodLines[0].contains("3 alert(s) held") && floodLines[0].contains("feedwatch alerts --held")
                && floodLines[0].contains("feedwatch release desk"), "\(once.stderr)")
        let held = try await CLI.run(args("alerts", ["--held", "--json"]))
        #expect(held.stdout.split(separator: "\n").count == 3, "\(held.stdout)")
        let feeds = try await CLI.run(args("feeds", []))
        #expect(feeds.stdout.split(separator: "\n").contains { $0.hasPrefix("desk") && $0.contains("flooding (3 held)") }, "\(feeds.stdout)")

        let release = try await CLI.run(args("release", ["desk"]))
        #expect(release.status == 0 && release.stdout.contains("released 3 alert(s) of feed desk: written to"), "\(release.stdout)\(release.stderr)")
        let lines = Self.logLines(dir)
        #expect(lines.count == 5 && Set(lines.map { $0.split(separator: "\t")[1] }).count == 5, "nothing lost, nothing twice")
        #expect(try await CLI.run(args("alerts", ["--held"])).stdout.isEmpty)
        #expect(try await CLI.run(args("feeds", [])).stdout.split(separator: "\n").contains { $0.hasPrefix("desk") && $0.contains(" ok ") })
        #expect(try await CLI.run(args("once", ["--all"])).status == 0)
        #expect(Self.logLines(dir).count == 5)
    }

    @Test("flood-limit can be off, and a bad value is an error with its place")
    func configured() async throws {
        let dir = TemporaryDirectory()
        try Self.setUp(dir, limit: "off")
        let once = try await CLI.run(OnceCommandTests.args(dir, "once"))
        #expect(once.status == 0 && !once.stderr.contains("flooding"), "\(once.stderr)")
        #expect(Self.logLines(dir).count == 5)
        try Self.setUp(dir, limit: "lots")
        let check = try await CLI.run(["check-config", dir.file("feeds.conf")])
        #expect(check.status == 2 && check.stderr.contains("feeds.conf:3:15: 'lots' is not a flood limit"), "\(check.stdout)\(check.stderr)")
    }
}
