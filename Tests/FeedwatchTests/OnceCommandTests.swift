import FeedwatchTestSupport
import Foundation
import Testing

@Suite("feedwatch once, alerts and tail")
struct OnceCommandTests {
    /// A JSON feed whose second title tries to repaint the terminal and forge a line.
    static let feed = """
        {"version": "https://jsonfeed.org/version/1.1", "title": "Desk", "items": [
          {"id": "1", "url": "https://news.example/kim-putin", "title": "Kim Jong Un meets Putin in Vladivostok"},
          {"id": "2", "url": "https://news.example/evil", "title": "Kim Jong Un \\u001b[2J\\u001b[31mmeets\\nPutin\\u202e again"},
          {"id": "3", "url": "https://news.example/weather", "title": "Weather in Seoul"}
        ]}
        """

    static func setUp(_ dir: TemporaryDirectory, format: String = "text") throws {
        try feed.write(toFile: dir.file("desk.json"), atomically: true, encoding: .utf8)
        try """
            [defaults]
            alert-log-format = \(format)
            stories = no

            [feed desk]
            url = desk.json
            tags = wires

            [topic kim-putin]
            query = "Kim Jong Un" NEAR/5 Putin

            [topic kim-putin-elsewhere]
            query = "Kim Jong Un" NEAR/5 Putin
            tags = other-desk

            [topic kim-putin-here]
            query = "Kim Jong Un" NEAR/5 Putin
            feeds = desk
            """.write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
    }

    static func args(_ dir: TemporaryDirectory, _ command: String, _ rest: [String] = []) -> [String] {
        [command, "--config", dir.file("feeds.conf"), "--state-dir", dir.file("state")] + rest
    }

    @Test("once writes each alert to the store and the log; a second run finds nothing new")
    func onceTwice() async throws {
        let dir = TemporaryDirectory()
        try Self.setUp(dir)
        let first = try await CLI.run(Self.args(dir, "once"))
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("4 alerts"), "kim-putin and kim-putin-here, twice; not the topic for other feeds")
        let log = try String(contentsOfFile: dir.file("state/alerts.log"), encoding: .utf8)
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 4)
        #expect(!lines.contains { $0.contains("kim-putin-elsewhere") })
        #expect(!log.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E }, "no escape or bidi control reaches the log")
        #expect(lines.allSatisfy { $0.split(separator: "\t", omittingEmptySubsequences: false).count == 7 })
        let second = try await CLI.run(Self.args(dir, "once", ["--all"]))
        #expect(second.status == 0)
        #expect(second.stderr.contains("0 new entries, 0 alerts"))
        #expect(try String(contentsOfFile: dir.file("state/alerts.log"), encoding: .utf8) == log)
    }

    @Test("alerts reads the store, filtered, as text or JSON")
    func alerts() async throws {
        let dir = TemporaryDirectory()
        try Self.setUp(dir, format: "json")
        #expect(try await CLI.run(Self.args(dir, "alerts")).status == 1, "no store yet: says so")
        _ = try await CLI.run(Self.args(dir, "once"))
        let json = try await CLI.run(Self.args(dir, "alerts", ["--json"]))
        #expect(json.status == 0, "\(json.stderr)")
        let objects = json.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let kimPutin = objects.filter { $0["topic"] as? String == "kim-putin" }
        #expect(kimPutin.map { $0["link"] as? String } == ["https://news.example/kim-putin", "https://news.example/evil"], "oldest first")
        #expect(try await CLI.run(Self.args(dir, "alerts", ["--topic", "other"])).stdout.isEmpty)
        #expect(try await CLI.run(Self.args(dir, "alerts", ["--feed", "desk", "--topic", "kim-putin", "--limit", "1"])).stdout.contains("news.example/evil"))
        #expect(try await CLI.run(Self.args(dir, "alerts", ["--since", "soon"])).status != 0)
        let text = try await CLI.run(Self.args(dir, "alerts", ["--since", "1h"]))
        #expect(text.stdout.contains("kim-putin  desk  Kim Jong Un meets Putin in Vladivostok"))
        #expect(!text.stdout.contains("\u{1B}"), "no colour when stdout is not a terminal")
    }

    @Test("tail shows the last alerts of the log, in either form")
    func tail() async throws {
        for format in ["text", "json"] {
            let dir = TemporaryDirectory()
            try Self.setUp(dir, format: format)
            _ = try await CLI.run(Self.args(dir, "once"))
            let r = try await CLI.run(Self.args(dir, "tail", ["-n", "1"]))
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.hasPrefix("20"), "\(format): \(r.stdout)")
            // The parser already turned the ESC and the newline into spaces; what is left is harmless text.
            #expect(r.stdout.contains("kim-putin-here  desk  Kim Jong Un"))
            #expect(r.stdout.contains("Putin again"))
            #expect(!r.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
            #expect(!r.stdout.contains("Vladivostok"), "only the last one")
        }
    }

    @Test("tail -f follows the log across logrotate (moved away, then truncated in place)")
    func follow() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("alerts.log")
        func line(_ n: Int) -> String { "2026-11-29T10:00:0\(n)Z\tfeedface-\(n)\tt\tf\tstory \(n)\thttps://ex.org/\(n)\ttitle:kim@0\n" }
        try line(1).write(toFile: path, atomically: false, encoding: .utf8)
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["tail", "-f", "-n", "1", "--log", path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        defer { if p.isRunning { p.terminate() } }
        let reader = LineReader(out.fileHandleForReading)
        #expect(reader.next()?.contains("story 1") == true)
        func append(_ text: String) throws {
            let h = try #require(FileHandle(forWritingAtPath: path))
            try h.seekToEnd()
            try h.write(contentsOf: Data(text.utf8))
            try h.close()
        }
        try append(line(2))
        #expect(reader.next()?.contains("story 2") == true)
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try (line(3) + line(5)).write(toFile: path, atomically: false, encoding: .utf8)
        #expect(reader.next()?.contains("story 3") == true, "the new file at the path is followed")
        #expect(reader.next()?.contains("story 5") == true)
        // copytruncate: emptied in place, then a (shorter) line written.
        let h = try #require(FileHandle(forWritingAtPath: path))
        try h.truncate(atOffset: 0)
        try h.close()
        try append(line(4))
        #expect(reader.next()?.contains("story 4") == true, "a truncated file is read from its start")
    }
}

/// Lines from a pipe, each waited for (up to a minute, so a broken follower
/// fails the test instead of hanging it).
final class LineReader: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer = Data()

    init(_ handle: FileHandle) { self.handle = handle }

    func next() -> String? {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let nl = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<nl], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...nl)
                // A rendered alert spans lines; the first holds the title.
                if line.hasPrefix(" ") { continue }
                return line
            }
            // Wait for data at most a second at a time: availableData alone would block for ever.
            var p = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 1000) > 0 else { continue }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
        return nil
    }
}
