import AlertStore
import FeedwatchTestSupport
import Foundation
import Testing

/// A store lost between runs (or under the daemon) beside an alert log that
/// remembers: no silent re-alerting.
@Suite("feedwatch run and once: a store that does not belong to its alert log")
struct StoreContinuityTests {
    static func setUp(_ dir: TemporaryDirectory) throws -> [String] {
        try OnceCommandTests.setUp(dir)
        return OnceCommandTests.args(dir, "once")
    }

    static func log(_ dir: TemporaryDirectory) -> String {
        (try? String(contentsOfFile: dir.file("state/alerts.log"), encoding: .utf8)) ?? ""
    }

    @Test("a deleted or emptied store is refused by once and run, with what happened and what to do; --new-store starts afresh, once")
    func lostBetweenRuns() async throws {
        let dir = TemporaryDirectory()
        let once = try Self.setUp(dir)
        #expect(try await CLI.run(once).status == 0)
        let before = Self.log(dir)
        #expect(before.split(separator: "\n").count == 4)
        let database = dir.file("state/feedwatch.sqlite")

        try FileManager.default.removeItem(atPath: database)
        let refused = try await CLI.run(once)
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("does not exist") && refused.stderr.contains("holds alerts of store instance")
                && refused.stderr.contains("alert every story still in the feeds again")
                && refused.stderr.contains("restore") && refused.stderr.contains("--new-store"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: database), "nothing created: a backup can be put back as it was")
        let run = try await CLI.run(["run"] + once.dropFirst(), killAfter: 60)
        #expect(run.status == 1 && run.stderr.contains("--new-store"), "\(run.stderr)")
        #expect(Self.log(dir) == before, "no alert written again")

        // Truncated to nothing: the same.
        #expect(FileManager.default.createFile(atPath: database, contents: Data()))
        let truncated = try await CLI.run(once)
        #expect(truncated.status == 1 && truncated.stderr.contains("is empty"), "\(truncated.stderr)")
        #expect(Self.log(dir) == before)

        let fresh = try await CLI.run(once + ["--new-store"])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(fresh.stderr.contains("--new-store: store") && fresh.stderr.contains("alerted again"), "\(fresh.stderr)")
        #expect(Self.log(dir).split(separator: "\n").count == 8, "the user accepted the repeats")
        // The new store now belongs to the log: no flag needed again.
        let again = try await CLI.run(once + ["--all"])
        #expect(again.status == 0 && again.stderr.contains("0 alerts"), "\(again.stderr)")
    }

    @Test("another store put in place between runs is refused: it did not write the log's newest alert")
    func replacedBetweenRuns() async throws {
        let dir = TemporaryDirectory()
        let once = try Self.setUp(dir)
        #expect(try await CLI.run(once).status == 0)
        // A store of its own, for another log: put where the first one was.
        let other = TemporaryDirectory()
        _ = try AlertStore(path: other.file("feedwatch.sqlite"))
        // The whole file set: a -wal left behind would be read into the copy and
        // make it the first store again (whether one is left depends on how the
        // last run closed).
        for suffix in ["", "-wal", "-shm"] {
            let path = dir.file("state/feedwatch.sqlite" + suffix)
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            if FileManager.default.fileExists(atPath: other.file("feedwatch.sqlite" + suffix)) {
                try FileManager.default.copyItem(atPath: other.file("feedwatch.sqlite" + suffix), toPath: path)
            }
        }
        let refused = try await CLI.run(once)
        #expect(refused.status == 1 && refused.stderr.contains("which did not write that alert"), "\(refused.stderr)")
    }

    @Test("the store deleted while the daemon runs: it stops with an error instead of writing on")
    func deletedUnderTheDaemon() async throws {
        let server = try TestHTTPServer { _ in .init(headers: [("Content-Type", "application/rss+xml")], text: FeedFaultTests.doc) }
        defer { server.stop() }
        let dir = TemporaryDirectory()
        try "[defaults]\ninterval = 1s\nstories = no\n\n[feed wire]\nurl = \(server.baseURL)/wire\n\n[topic kim]\nquery = kim\n"
            .write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["run", "--config", dir.file("feeds.conf"), "--state-dir", dir.file("state")]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        let output = OutputCollector(err.fileHandleForReading)
        try p.run()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        #expect(await RunCommandTests.logLines(dir.file("state/alerts.log"), atLeast: 1).count == 1)
        let polls = server.requests.count
        try FileManager.default.removeItem(atPath: dir.file("state/feedwatch.sqlite"))
        #expect(await output.arrival(of: "stopped"), "\(output.all)")
        await p.exited()
        #expect(p.terminationReason == .exit && p.terminationStatus == 1)
        #expect(output.all.contains("is gone") && output.all.contains("deleted or moved while feedwatch had it open"), "\(output.all)")
        #expect(server.requests.count <= polls + 1, "at most the poll in flight when the file went")
    }
}
