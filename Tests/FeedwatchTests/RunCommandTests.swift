import AlertStore
import FeedwatchTestSupport
import Foundation
import Synchronization
import Testing

/// A datagram socket standing for systemd's notify socket.
final class NotifySocket: @unchecked Sendable {
    let path: String
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in path.utf8.enumerated() { raw[i] = b }
        }
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard ok == 0 else { throw POSIXError(.EADDRINUSE) }
    }

    deinit { close(fd) }

    /// The next message, waiting up to a minute without holding a thread
    /// (a blocking wait held one of the two Swift Testing runs tests on).
    func next() async -> String? {
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            if let m = receive(within: 0) { return m }
            // A sleep can end past the deadline when the pool is busy: the look above comes once more.
            guard ContinuousClock.now < deadline else { return nil }
            do { try await Task.sleep(for: .milliseconds(10)) } catch { return nil }
        }
    }

    /// The next message, blocking this thread up to a minute: for a thread of
    /// the test's own, where what follows a message must not wait for the pool.
    func nextOnThisThread() -> String? { receive(within: 60_000) }

    /// A message if one comes within `milliseconds`.
    private func receive(within milliseconds: Int32) -> String? {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, milliseconds) > 0, p.revents & Int16(POLLIN) != 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : nil
    }

    /// Messages until one contains `text` (those before it included).
    func until(_ text: String) async -> [String] {
        var seen: [String] = []
        while let m = await next() {
            seen.append(m)
            if m.contains(text) { break }
        }
        return seen
    }
}

@Suite("feedwatch run: the daemon end to end")
struct RunCommandTests {
    static func feed(_ items: [(String, String)]) -> String {
        "<rss version=\"2.0\"><channel><title>Wire</title>" + items.map { id, title in
            "<item><guid>\(id)</guid><title>\(title)</title><link>https://wire.example/\(id)</link></item>"
        }.joined() + "</channel></rss>"
    }

    /// Waits (up to a minute) until the log holds `count` lines.
    static func logLines(_ path: String, atLeast count: Int) async -> [String] {
        let deadline = ContinuousClock.now + .seconds(60)
        var lines: [String] = []
        repeat {
            lines = ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            if lines.count >= count { break }
            do { try await Task.sleep(for: .milliseconds(50)) } catch { break }
        } while ContinuousClock.now < deadline
        return lines
    }

    @Test("polls a changing loopback feed, reloads on SIGHUP (a new topic; then a broken file kept out), tells systemd, stops on SIGTERM")
    func endToEnd() async throws {
        let version = Mutex(1)
        let server = try TestHTTPServer { req in
            let v = version.withLock { $0 }
            var items = [("1", "Kim Jong Un meets Putin in Vladivostok"), ("2", "Weather in Seoul")]
            if v >= 2 { items.insert(("3", "Putin welcomes Kim Jong Un at the cosmodrome"), at: 0) }
            if v >= 3 { items.insert(("4", "Markets rally in Seoul"), at: 0) }
            return .init(headers: [("Content-Type", "application/rss+xml")], text: Self.feed(items))
        }
        defer { server.stop() }
        let dir = TemporaryDirectory("fw-run")
        let notify = try NotifySocket(path: dir.file("notify.sock"))
        let conf = """
            [defaults]
            interval = 1s
            stories = no

            [feed wire]
            url = \(server.baseURL)/wire

            [topic kim-putin]
            query = "Kim Jong Un" NEAR/5 Putin

            """
        try conf.write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)

        let (p, err) = try Self.launch(dir, environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "400000"])
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }

        let ready = await notify.until("READY=1")
        #expect(ready.last?.contains("STATUS=1 feeds, 0 failing") == true, "\(ready)")
        let log = dir.file("state/alerts.log")
        #expect(await Self.logLines(log, atLeast: 1).count == 1)
        #expect(await notify.until("WATCHDOG=1").last == "WATCHDOG=1", "keep-alives at half of WATCHDOG_USEC")

        // The feed changes: the next poll finds the new story.
        version.withLock { $0 = 2 }
        let two = await Self.logLines(log, atLeast: 2)
        #expect(two.count == 2)
        #expect(two.last?.contains("Putin welcomes Kim Jong Un") == true)

        // A new topic by reload: it applies to entries that are new from now on.
        try (conf + "[topic seoul]\nquery = seoul\n").write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        kill(p.processIdentifier, SIGHUP)
        let reloaded = await notify.until("READY=1")
        #expect(reloaded.contains { $0.contains("RELOADING=1") && $0.contains("MONOTONIC_USEC=") })
        version.withLock { $0 = 3 }
        let three = await Self.logLines(log, atLeast: 3)
        #expect(three.last?.contains("\tseoul\t") == true && three.last?.contains("Markets rally in Seoul") == true)

        try await Self.refusedReloads(p, notify: notify, dir: dir, conf: conf)
        await Self.stops(p, notify: notify, stderr: err, dir: dir)
        let store = try AlertStore(path: dir.file("state/feedwatch.sqlite"))
        #expect(try store.alerts(AlertQuery()).map(\.topic).sorted() == ["kim-putin", "kim-putin", "seoul"])
        #expect(try store.undelivered().isEmpty)
    }

    /// `feedwatch run` on dir's feeds.conf and state, its stderr piped.
    static func launch(_ dir: TemporaryDirectory, environment: [String: String] = [:]) throws -> (Process, Pipe) {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["run", "--config", dir.file("feeds.conf"), "--state-dir", dir.file("state")]
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        return (p, err)
    }

    /// SIGTERM: STOPPING, exit 0, and stderr told of the reloads applied and refused.
    static func stops(_ p: Process, notify: NotifySocket, stderr err: Pipe, dir: TemporaryDirectory) async {
        kill(p.processIdentifier, SIGTERM)
        let stopping = await notify.until("STOPPING=1")
        #expect(stopping.last?.contains("STOPPING=1") == true)
        await p.exited()
        #expect(p.terminationReason == .exit && p.terminationStatus == 0)
        let stderr = String(decoding: await CLI.readToEnd(err.fileHandleForReading), as: UTF8.self)
        #expect(stderr.contains("reloaded \(dir.file("feeds.conf")): topics: +1 (seoul)"), "\(stderr)")
        #expect(stderr.contains("feeds.conf:11:13: bad query in topic 'broken'") && stderr.contains("still running on the configuration loaded before"), "\(stderr)")
        #expect(stderr.contains("feeds.conf: no feeds: nothing to poll"), "\(stderr)")
        #expect(!stderr.contains("feeds: -1 (wire)"), "the feed was not dropped by the refused reload")
        #expect(stderr.contains("stopped"))
    }

    /// A broken file, then one without feeds: each reload is refused and the
    /// daemon keeps running on what it had (stderr says where the error is).
    static func refusedReloads(_ p: Process, notify: NotifySocket, dir: TemporaryDirectory, conf: String) async throws {
        try (conf + "[topic broken]\nquery = kim NEAR putin\n").write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        kill(p.processIdentifier, SIGHUP)
        _ = await notify.until("READY=1")
        #expect(p.isRunning)
        try "[topic seoul]\nquery = seoul\n".write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        kill(p.processIdentifier, SIGHUP)
        _ = await notify.until("READY=1")
        #expect(p.isRunning)
    }
}

@Suite("feedwatch run and once: an alert log that is not a regular file")
struct AlertLogKindTests {
    static let doc = FeedFaultTests.doc

    @Test("a FIFO or /dev/stdout into a pipe is refused at start (run, once) and on reload, which keeps the log it had")
    func refused() async throws {
        let server = try TestHTTPServer { _ in .init(headers: [("Content-Type", "application/rss+xml")], text: Self.doc) }
        defer { server.stop() }
        let dir = TemporaryDirectory("fw-fifo")
        #expect(mkfifo(dir.file("pipe"), 0o600) == 0)
        func conf(_ log: String?) -> String {
            (log.map { "[defaults]\nalert-log = \($0)\n\n" } ?? "") + "[feed wire]\nurl = \(server.baseURL)/wire\n\n[topic kim]\nquery = kim\n"
        }
        let args = ["--config", dir.file("feeds.conf"), "--state-dir", dir.file("state")]
        for (log, command) in [("pipe", "run"), ("/dev/stdout", "once")] {
            try conf(log).write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
            let r = try await CLI.run([command] + args, killAfter: 60)
            #expect(r.status == 1, "\(command) with alert-log = \(log): \(r.stderr)")
            #expect(r.stderr.contains("is a pipe (FIFO): it must be a regular file") && r.stderr.contains("feedwatch tail -f"), "\(r.stderr)")
            #expect(r.stdout.isEmpty, "nothing was written into the pipe")
        }

        try conf(nil).write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        let notify = try NotifySocket(path: dir.file("notify.sock"))
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["run"] + args
        p.environment = ProcessInfo.processInfo.environment.merging(["NOTIFY_SOCKET": notify.path]) { $1 }
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        _ = await notify.until("READY=1")
        #expect(await RunCommandTests.logLines(dir.file("state/alerts.log"), atLeast: 1).count == 1)
        try conf("pipe").write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        kill(p.processIdentifier, SIGHUP)
        _ = await notify.until("READY=1")
        kill(p.processIdentifier, SIGTERM)
        await p.exited()
        #expect(p.terminationStatus == 0)
        let stderr = String(decoding: await CLI.readToEnd(err.fileHandleForReading), as: UTF8.self)
        #expect(stderr.contains("reload: the alert log \(dir.file("pipe")) is a pipe (FIFO)") && stderr.contains("still running on the configuration loaded before"), "\(stderr)")
    }
}

@Suite("feedwatch: feeds that move, vanish or hang")
struct FeedFaultTests {
    static let item = "<item><guid>k1</guid><title>Kim Jong Un meets Putin</title><link>https://wire.example/k1</link></item>"
    static let doc = "<rss version=\"2.0\"><channel><title>W</title>\(item)</channel></rss>"

    @Test("a permanent redirect moves the feed (and says so); 410 disables it and tells the user; feedwatch feeds shows both")
    func movedAndGone() async throws {
        let server = try TestHTTPServer { req in
            switch req.path {
            case "/old": return .init(status: 301, headers: [("Location", "/new")])
            case "/new": return .init(headers: [("Content-Type", "application/rss+xml")], text: Self.doc)
            case "/later": return .init(headers: [("Content-Type", "application/rss+xml")], text: Self.doc.replacingOccurrences(of: "k1", with: "k2"))
            case "/gone": return .init(status: 410)
            default: return .init(status: 404)
            }
        }
        defer { server.stop() }
        let dir = TemporaryDirectory()
        try """
            [feed moving]
            url = \(server.baseURL)/old

            [feed vanished]
            url = \(server.baseURL)/gone

            [topic kim]
            query = kim
            stories = no
            """.write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        let args = ["--config", dir.file("feeds.conf"), "--state-dir", dir.file("state")]
        let r = try await CLI.run(["once"] + args)
        #expect(r.status == 0)
        #expect(r.stderr.contains("feed moving moved permanently to \(server.baseURL)/new"), "\(r.stderr)")
        #expect(r.stderr.contains("feed vanished") && r.stderr.contains("gone for good (HTTP 410): disabled"), "\(r.stderr)")
        let again = try await CLI.run(["once", "--all"] + args)
        #expect(again.status == 0)
        #expect(server.requests.filter { $0.path == "/gone" }.count == 1, "a disabled feed is not polled again")
        #expect(server.requests.last { $0.path.hasSuffix("new") || $0.path.hasSuffix("old") }?.path == "/new", "the moved feed is fetched from its new place")
        // The daemon, started later with a new feed beside them, polls the new one
        // at once and leaves the disabled one alone (both would start in the same pass).
        try (try String(contentsOfFile: dir.file("feeds.conf"), encoding: .utf8) + "\n[feed later]\nurl = \(server.baseURL)/later\n")
            .write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        let daemon = Process()
        daemon.executableURL = CLI.binary
        daemon.arguments = ["run"] + args
        daemon.standardError = FileHandle.nullDevice
        try daemon.run()
        #expect(await RunCommandTests.logLines(dir.file("state/alerts.log"), atLeast: 2).count == 2, "the new feed's alert")
        kill(daemon.processIdentifier, SIGTERM)
        await daemon.exited()
        #expect(server.requests.filter { $0.path == "/gone" }.count == 1, "feedwatch run does not poll a feed a 410 disabled")
        let feeds = try await CLI.run(["feeds"] + args)
        #expect(feeds.stdout.split(separator: "\n").contains { $0.hasPrefix("vanished") && $0.contains("disabled") }, "\(feeds.stdout)")
        #expect(feeds.stdout.split(separator: "\n").contains { $0.hasPrefix("moving") && $0.contains(" ok ") }, "\(feeds.stdout)")
    }

    @Test("one hanging feed delays no other, and SIGTERM abandons it and exits 0")
    func hangingFeed() async throws {
        let server = try TestHTTPServer { req in
            if req.path == "/hang" {
                var r = TestHTTPServer.Response()
                r.hang = true
                return r
            }
            return .init(headers: [("Content-Type", "application/rss+xml")], text: Self.doc)
        }
        defer { server.stop() }
        let dir = TemporaryDirectory()
        try """
            [feed stuck]
            url = \(server.baseURL)/hang

            [feed fine]
            url = \(server.baseURL)/fine

            [topic kim]
            query = kim
            """.write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["run", "--config", dir.file("feeds.conf"), "--state-dir", dir.file("state")]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        let lines = await RunCommandTests.logLines(dir.file("state/alerts.log"), atLeast: 1)
        #expect(lines.count == 1 && lines[0].contains("\tfine\t"), "the fine feed's alert arrives while the other hangs")
        #expect(server.requests.contains { $0.path == "/hang" })
        kill(p.processIdentifier, SIGTERM)
        await p.exited()
        #expect(p.terminationReason == .exit && p.terminationStatus == 0)
        let stderr = String(decoding: await CLI.readToEnd(err.fileHandleForReading), as: UTF8.self)
        #expect(stderr.contains("abandoning 1 poll(s) still in flight"), "\(stderr)")
    }
}
