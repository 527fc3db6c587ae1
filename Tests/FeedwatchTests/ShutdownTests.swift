import AlertStore
import FeedwatchTestSupport
import Foundation
import Testing

/// SIGTERM while big feeds are being parsed: the daemon's loop answers at once
/// (the parsing runs on threads of its own), the watchdog keeps pinging, and
/// parsing, matching and storing notice the shutdown between entries.
@Suite("feedwatch run: stopping under heavy parsing")
struct ShutdownTests {
    static let items = 250_000
    static let feeds = 4

    /// One RSS document of `items` small items, under the 16 MiB cap.
    static let document: [UInt8] = {
        var s = "<rss version=\"2.0\"><channel><title>Big</title>"
        s.reserveCapacity(items * 60)
        for i in 0..<items { s += "<item><guid>g\(i)</guid><title>Item \(i)</title></item>" }
        return Array((s + "</channel></rss>").utf8)
    }()

    @Test("SIGTERM right after the polls of 4 feeds of 250,000 items start: pings go on, the polls are abandoned, nothing half stored, exit 0")
    func sigtermWhileParsing() async throws {
        let body = Self.document
        let server = try TestHTTPServer { _ in .init(headers: [("Content-Type", "application/rss+xml")], body: body) }
        defer { server.stop() }
        let dir = TemporaryDirectory("fw-term")
        let notify = try NotifySocket(path: dir.file("notify.sock"))
        var conf = "[topic kim]\nquery = kim\n\n"
        for k in 0..<Self.feeds { conf += "[feed big\(k)]\nurl = \(server.baseURL)/big\(k)\n\n" }
        try conf.write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["run", "--config", dir.file("feeds.conf"), "--state-dir", dir.file("state")]
        p.environment = ProcessInfo.processInfo.environment.merging(
            ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "400000", "FEEDWATCH_DEBUG": "1"]) { $1 }
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        let output = OutputCollector(err.fileHandleForReading)
        try p.run()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        // On a thread of its own, from the start to SIGTERM: this test's task,
        // resumed 23 s late on a pool busy with other tests, let every poll end
        // before the signal.
        let pid = p.processIdentifier
        let (parsing, pings) = await withCheckedContinuation { (c: CheckedContinuation<(Bool, [String?]), Never>) in
            Thread {
                while let m = notify.nextOnThisThread(), !m.contains("READY=1") {}
                let parsing = output.waitOnThisThread(for: "bytes fetched, parsing")
                // Counted, not timed: three keep-alives while the feeds are being parsed.
                var pings: [String?] = []
                while parsing, pings.count < 3 {
                    let m = notify.nextOnThisThread()
                    if m == nil || m == "WATCHDOG=1" { pings.append(m) }
                }
                kill(pid, SIGTERM)
                c.resume(returning: (parsing, pings))
            }.start()
        }
        #expect(parsing, "\(output.all)")
        #expect(pings == ["WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1"], "\(pings)")
        #expect(await notify.until("STOPPING=1").last?.contains("STOPPING=1") == true)
        await p.exited()
        #expect(p.terminationReason == .exit && p.terminationStatus == 0)
        #expect(await output.arrival(of: "stopped"))
        #expect(output.all.contains("abandoning"), "\(output.all)")
        let store = try AlertStore(path: dir.file("state/feedwatch.sqlite"))
        let states = try store.feedStates(seenCounts: true)
        #expect(states.count == Self.feeds)
        for s in states {
            #expect(s.seen == 0 && s.entryCount == 0, "\(s.name): the abandoned poll stored nothing (\(s.seen) entries): \(output.all)")
            #expect(s.lastPoll == nil, "\(s.name): an abandoned poll is not recorded; the feed stays due")
        }
    }
}
