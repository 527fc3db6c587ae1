import AlertStore
import FeedModel
import FeedwatchTestSupport
import Foundation
import FeedwatchSupport
import Testing

/// A next-poll time in the store written by a clock that was wrong then.
@Suite("feedwatch run and once: stored next-poll times from a wrong clock")
struct StoredScheduleTests {
    static let doc = FeedFaultTests.doc

    /// Stores `due` as the feed's next poll, as a poll on a wrong clock would have.
    static func store(_ due: Date, in dir: TemporaryDirectory) throws {
        let store = try AlertStore(path: dir.file("state/feedwatch.sqlite"))
        try store.record(feed: "wire", PollRecord(time: Date(), status: 200, nextDue: due))
        #expect(try store.feedState(named: "wire")?.nextDue == Date(timeIntervalSince1970: due.timeIntervalSince1970.rounded(.down)))
    }

    static func requests(_ server: TestHTTPServer) -> Int { server.requests.filter { $0.path == "/wire" }.count }

    @Test("a next poll a year ahead is made due now at start (once, then run) and logged; one far in the past is simply due")
    func farAheadAndFarBehind() async throws {
        let server = try TestHTTPServer { _ in .init(headers: [("Content-Type", "application/rss+xml")], text: Self.doc) }
        defer { server.stop() }
        let dir = TemporaryDirectory("fw-clock")
        try "[feed wire]\nurl = \(server.baseURL)/wire\ninterval = 1h\n\n[topic kim]\nquery = kim\n"
            .write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        let args = ["--config", dir.file("feeds.conf"), "--state-dir", dir.file("state")]
        #expect(try await CLI.run(["once"] + args).status == 0)
        #expect(Self.requests(server) == 1)
        #expect(try await CLI.run(["once"] + args).status == 0)
        #expect(Self.requests(server) == 1, "not due again within its interval")

        let yearAhead = Date().addingTimeInterval(365 * 86400)
        try Self.store(yearAhead, in: dir)
        let once = try await CLI.run(["once"] + args)
        #expect(once.status == 0)
        #expect(Self.requests(server) == 2, "polled, not left for a year")
        #expect(once.stderr.contains("feed wire: its next poll was stored as \(UTCTime.iso8601(yearAhead))") && once.stderr.contains("Polling it now"), "\(once.stderr)")

        try Self.store(Date(timeIntervalSince1970: -2_208_988_800), in: dir)  // 1900-01-01
        #expect(try await CLI.run(["once"] + args).status == 0)
        #expect(Self.requests(server) == 3, "a time far in the past is due")

        try Self.store(yearAhead, in: dir)
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["run"] + args
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        let deadline = Date().addingTimeInterval(60)
        while Self.requests(server) < 4 && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        kill(p.processIdentifier, SIGTERM)
        await p.exited()
        #expect(Self.requests(server) == 4, "the daemon polls it at start")
        let stderr = String(decoding: await CLI.readToEnd(err.fileHandleForReading), as: UTF8.self)
        #expect(stderr.contains("further ahead than its longest wait"), "\(stderr)")
    }
}
