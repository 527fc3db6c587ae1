import AlertStore
import FeedwatchTestSupport
import Foundation
import Synchronization
import Testing

@Suite("feedwatch run: a topic's backfill on reload")
struct BackfillRunTests {
    @Test("a topic added by reload alerts on the archive once (marked backfilled); the same again adds nothing, a changed query its new hits; polling goes on")
    func reloads() async throws {
        let version = Mutex(1)
        let server = try TestHTTPServer { _ in
            var items = [("1", "Kim Jong Un meets Putin in Vladivostok"), ("2", "Weather in Seoul")]
            if version.withLock({ $0 }) >= 2 { items.insert(("3", "Seoul markets rally"), at: 0) }
            return .init(headers: [("Content-Type", "application/rss+xml")], text: RunCommandTests.feed(items))
        }
        defer { server.stop() }
        let dir = TemporaryDirectory("fw-backfill-run")
        let notify = try NotifySocket(path: dir.file("notify.sock"))
        let conf = "[defaults]\ninterval = 1s\n\n[feed wire]\nurl = \(server.baseURL)/wire\n\n[topic kim-putin]\nquery = \"Kim Jong Un\" NEAR/5 Putin\n\n"
        try conf.write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["run", "--config", dir.file("feeds.conf"), "--state-dir", dir.file("state")]
        p.environment = ProcessInfo.processInfo.environment.merging(["NOTIFY_SOCKET": notify.path]) { $1 }
        p.standardError = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        _ = await notify.until("READY=1")
        let log = dir.file("state/alerts.log")
        #expect(await RunCommandTests.logLines(log, atLeast: 1).count == 1)

        func reload(_ topic: String) async throws {
            try (conf + topic).write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
            kill(p.processIdentifier, SIGHUP)
            _ = await notify.until("READY=1")
        }
        try await reload("[topic seoul]\nquery = seoul\nbackfill = 1d\n")
        let two = await RunCommandTests.logLines(log, atLeast: 2)
        #expect(two.count == 2 && two[1].contains("\tseoul\t") && two[1].contains("Weather in Seoul") && two[1].hasSuffix("\tbackfilled"),
                "\(two)")
        let store = try AlertStore(path: dir.file("state/feedwatch.sqlite"))
        let finished = try store.backfillState(topic: "seoul")?.finished
        #expect(finished != nil)

        // The same query again: no second backfill. Then polling finds a new story meanwhile (not backfilled).
        try await reload("[topic seoul]\nquery =   seoul\nbackfill = 1d\n")
        version.withLock { $0 = 2 }
        let three = await RunCommandTests.logLines(log, atLeast: 3)
        #expect(three.count == 3 && three[2].contains("Seoul markets rally") && !three[2].hasSuffix("backfilled"), "\(three)")
        #expect(try store.backfillState(topic: "seoul")?.finished == finished, "not run again for the same query")

        // A changed query: only what it adds (the Vladivostok story), once.
        try await reload("[topic seoul]\nquery = seoul OR vladivostok\nbackfill = 1d\n")
        let four = await RunCommandTests.logLines(log, atLeast: 4)
        #expect(four.count == 4 && four[3].contains("Vladivostok") && four[3].hasSuffix("\tbackfilled"), "\(four)")
        kill(p.processIdentifier, SIGTERM)
        await p.exited()
        #expect(p.terminationStatus == 0)
        #expect(try store.alerts(AlertQuery(topic: "seoul")).count == 3)
        #expect(try store.undelivered().isEmpty)
    }
}
