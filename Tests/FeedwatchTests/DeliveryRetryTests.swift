import AlertStore
import FeedwatchTestSupport
import Foundation
import Synchronization
import Testing

/// Alerts stored while the log could not take them (disk full) reach it
/// without waiting for a poll to store new ones.
@Suite("feedwatch run: alerts left undelivered by a failed log write")
struct DeliveryRetryTests {
    static let doc = FeedFaultTests.doc

    @Test("a write that fails (file size limit, like a full disk) is retried on SIGHUP while the feed only answers 304")
    func retriedOnSIGHUP() async throws {
        let served = Mutex(0)
        let server = try TestHTTPServer { _ in
            // The story once, then "not modified" for ever: no poll brings new alerts.
            let first = served.withLock { n in
                n += 1
                return n == 1
            }
            return first ? .init(headers: [("Content-Type", "application/rss+xml"), ("ETag", "\"v1\"")], text: Self.doc) : .init(status: 304)
        }
        defer { server.stop() }
        let dir = TemporaryDirectory("fw-retry")
        try "[defaults]\ninterval = 1s\n\n[feed wire]\nurl = \(server.baseURL)/wire\n\n[topic kim]\nquery = kim\n"
            .write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        // A log already at the process's file-size limit: every append fails with EFBIG.
        let limit = 4 << 20
        try FileManager.default.createDirectory(atPath: dir.file("state"), withIntermediateDirectories: true)
        try Data((String(repeating: "x", count: 1023) + "\n").utf8).repeated(limit / 1024).write(to: URL(fileURLWithPath: dir.file("state/alerts.log")))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
        p.arguments = ["--fsize=\(limit)", CLI.binary.path, "run", "--config", dir.file("feeds.conf"), "--state-dir", dir.file("state")]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        let stderr = OutputCollector(err.fileHandleForReading)
        #expect(await stderr.arrival(of: "cannot deliver alerts"), "the write past the limit failed and was reported")
        #expect(try AlertStore(path: dir.file("state/feedwatch.sqlite")).undelivered().count == 1)

        // Room is made (logrotate's copytruncate would do the same), then SIGHUP.
        try FileHandle(forWritingAtPath: dir.file("state/alerts.log")).map { h in
            try h.truncate(atOffset: 0)
            try h.close()
        }
        kill(p.processIdentifier, SIGHUP)
        let lines = await RunCommandTests.logLines(dir.file("state/alerts.log"), atLeast: 1)
        #expect(lines.count == 1 && lines.first?.contains("Kim Jong Un meets Putin") == true, "\(lines)")
        kill(p.processIdentifier, SIGTERM)
        await p.exited()
        #expect(p.terminationReason == .exit && p.terminationStatus == 0, "not killed by SIGXFSZ")
        #expect(stderr.all.contains("wrote 1 alert(s) left undelivered by an earlier failure"), "\(stderr.all)")
        #expect(try AlertStore(path: dir.file("state/feedwatch.sqlite")).undelivered().isEmpty)
    }
}

extension Data {
    func repeated(_ n: Int) -> Data {
        var out = Data(capacity: count * n)
        for _ in 0..<n { out.append(self) }
        return out
    }
}
