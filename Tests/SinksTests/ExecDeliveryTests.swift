import AlertStore
import FeedModel
import FeedwatchTestSupport
import Foundation
import Sinks
import Testing

@Suite("exec sinks: a command run without a shell")
struct ExecDeliveryTests {
    static func script(_ f: SinkFixture, _ name: String, _ body: String) throws -> String {
        let path = f.dir.file(name)
        try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    static func sink(_ command: [String], timeout: TimeInterval = 20, tries: Int = 10) -> Sink {
        var s = Sink(name: "cmd", kind: .exec)
        s.command = command
        s.timeout = timeout
        s.backoff = 0.05
        s.maxTries = tries
        return s
    }

    @Test("the alert's JSON on stdin, its id in FEEDWATCH_ALERT_ID, placeholders filled per argument (spaces and quotes stay inside one)")
    func succeeds() throws {
        let f = try SinkFixture(routes: [("kim", "cmd")])
        let out = f.dir.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let path = try Self.script(f, "ok.sh", """
            cat > "\(out)/$FEEDWATCH_ALERT_ID.json"
            for a in "$@"; do echo "$a"; done > "\(out)/$FEEDWATCH_ALERT_ID.args"
            """)
        let entries = [Entry(id: "q", title: "Kim; rm -rf / \"quoted\" $(x)", link: "https://desk.example/q")]
        let ids = try f.store.ingest(feed: "desk", entries: entries, identity: .guid, now: Date()) { es in es.map { _ in [TopicMatch(topic: "kim", matched: [])] } }
            .alerts.map(\.id)
        try SinkFixture.worker(Self.sink([path, "--topic", "{topic}", "--title={title}", "{id}"]), f).drain(until: Date().addingTimeInterval(20))
        let id = try #require(ids.first)
        let args = try String(contentsOfFile: "\(out)/\(id).args", encoding: .utf8)
        #expect(args == "--topic\nkim\n--title=Kim; rm -rf / \"quoted\" $(x)\n\(id)\n")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/\(id).json"))) as? [String: Any]
        #expect(json?["id"] as? String == id && json?["title"] as? String == entries[0].title)
        #expect(try f.counts("cmd").delivered == 1)
    }

    @Test("a non-zero exit is tried again, and parked with the command's last words after its tries")
    func fails() throws {
        let f = try SinkFixture(routes: [("kim", "cmd")])
        let count = f.dir.file("count")
        let path = try Self.script(f, "fail.sh", "echo x >> \"\(count)\"; echo 'disk quota exceeded' >&2; exit 3")
        try f.addAlerts(1)
        try SinkFixture.worker(Self.sink([path], tries: 3), f).drain(until: Date().addingTimeInterval(20))
        #expect(try String(contentsOfFile: count, encoding: .utf8) == "x\nx\nx\n")
        let c = try f.counts("cmd")
        #expect(c.failed == 1)
        #expect(c.lastError == "\(path) exited with status 3: disk quota exceeded")
    }

    @Test("a command past its time limit is killed with what it started, and tried again")
    func overruns() async throws {
        let f = try SinkFixture(routes: [("kim", "cmd")])
        let pids = f.dir.file("pids")
        let path = try Self.script(f, "hang.sh", "sleep 300 & echo $! >> \"\(pids)\"; wait")
        try f.addAlerts(1)
        try SinkFixture.worker(Self.sink([path], timeout: 0.5, tries: 1), f).drain(until: Date().addingTimeInterval(20))
        #expect(try f.counts("cmd").lastError == "\(path) ran past its 0.5 s limit (timeout =) and was killed")
        let child = try #require(Int32(String(contentsOfFile: pids, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(await eventually { kill(child, 0) != 0 }, "the command's own child was killed with it")
    }

    @Test("a command that is not there is tried again with a message naming it")
    func missing() throws {
        let f = try SinkFixture(routes: [("kim", "cmd")])
        try f.addAlerts(1)
        try SinkFixture.worker(Self.sink(["/nonexistent/feedwatch-hook"], tries: 1), f).drain(until: Date().addingTimeInterval(20))
        #expect(try f.counts("cmd").lastError == "cannot run /nonexistent/feedwatch-hook: No such file or directory")
    }
}
