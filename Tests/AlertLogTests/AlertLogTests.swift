import FeedModel
import FeedwatchTestSupport
import Foundation
import Testing
@testable import AlertLog

@Suite("The alert log file: append with fsync, rotation both ways, torn lines, reading backwards")
struct AlertLogTests {
    static func alert(_ n: Int, title: String? = nil) -> Alert {
        Alert(id: "feedface-\(n)", time: Date(timeIntervalSince1970: 1_795_000_000 + Double(n)), topic: "t", feed: "f",
              title: title ?? "story \(n)", link: "https://ex.org/\(n)", matched: [MatchedTerm(term: "kim", field: "title", offset: 0)])
    }

    static func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test("appends one line per alert")
    func appends() throws {
        let dir = TemporaryDirectory()
        let log = try AlertLog(path: dir.file("alerts.log"), format: .text)
        try log.append([Self.alert(1), Self.alert(2)])
        try log.append([Self.alert(3)])
        #expect(Self.lines(log.path).compactMap { AlertLine.id(of: Substring($0)) } == ["feedface-1", "feedface-2", "feedface-3"])
    }

    @Test("logrotate create mode: the moved file keeps its lines, new alerts go to a new file at the path")
    func movedAway() throws {
        let dir = TemporaryDirectory()
        let log = try AlertLog(path: dir.file("alerts.log"), format: .json)
        try log.append([Self.alert(1)])
        try FileManager.default.moveItem(atPath: log.path, toPath: log.path + ".1")
        try log.append([Self.alert(2)])
        #expect(Self.lines(log.path + ".1").count == 1)
        #expect(Self.lines(log.path).compactMap { AlertLine.id(of: Substring($0)) } == ["feedface-2"])
        try FileManager.default.removeItem(atPath: log.path)
        try log.append([Self.alert(3)])
        #expect(Self.lines(log.path).compactMap { AlertLine.id(of: Substring($0)) } == ["feedface-3"], "deleted: created again")
    }

    @Test("logrotate copytruncate: new alerts start at the truncated file's beginning, no hole of zeros")
    func truncatedInPlace() throws {
        let dir = TemporaryDirectory()
        let log = try AlertLog(path: dir.file("alerts.log"), format: .text)
        try log.append((1...50).map { Self.alert($0) })
        try FileManager.default.copyItem(atPath: log.path, toPath: log.path + ".1")
        let h = try #require(FileHandle(forWritingAtPath: log.path))
        try h.truncate(atOffset: 0)
        try h.close()
        try log.append([Self.alert(51)])
        let data = try #require(FileManager.default.contents(atPath: log.path))
        #expect(!data.contains(0), "O_APPEND writes at the new end")
        #expect(Self.lines(log.path).compactMap { AlertLine.id(of: Substring($0)) } == ["feedface-51"])
    }

    @Test("a FIFO as the alert log is refused when opened and when reopened, saying what to do instead")
    func fifoRefused() throws {
        let dir = TemporaryDirectory()
        let fifo = dir.file("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        func expectRefusal(_ error: AlertLogError) {
            #expect(error.description.contains("the alert log \(fifo) is a pipe (FIFO): it must be a regular file"), "\(error)")
            #expect(error.description.contains("feedwatch tail -f") && error.description.contains("alert-log-format = json"))
        }
        #expect(throws: AlertLogError.self) { try AlertLog(path: fifo, format: .text) }
        do { _ = try AlertLog(path: fifo, format: .text) } catch { expectRefusal(error) }
        // A regular file at first, replaced by a FIFO later: the next write refuses it too.
        let path = dir.file("alerts.log")
        let log = try AlertLog(path: path, format: .text)
        try FileManager.default.removeItem(atPath: path)
        #expect(mkfifo(path, 0o600) == 0)
        do {
            try log.append([Self.alert(1)])
            Issue.record("a write into a FIFO counted as done")
        } catch {
            #expect(error.description.contains("is a pipe (FIFO)"), "\(error)")
        }
        do {
            try log.reopen()
            Issue.record("reopened a FIFO")
        } catch {
            #expect(error.description.contains("is a pipe (FIFO)"))
        }
    }

    @Test("reopen() opens the path again (SIGHUP)")
    func reopen() throws {
        let dir = TemporaryDirectory()
        let log = try AlertLog(path: dir.file("alerts.log"), format: .text)
        try log.append([Self.alert(1)])
        try FileManager.default.moveItem(atPath: log.path, toPath: log.path + ".old")
        try log.reopen()
        #expect(FileManager.default.fileExists(atPath: log.path))
        try log.append([Self.alert(2)])
        #expect(Self.lines(log.path).count == 1)
    }

    @Test("a line cut short by a crash is removed when the log is opened")
    func tornTail() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("alerts.log")
        let whole = AlertLine.text(Self.alert(1)) + "\n"
        let torn = String(AlertLine.text(Self.alert(2)).prefix(30))
        try (whole + torn).write(toFile: path, atomically: false, encoding: .utf8)
        let log = try AlertLog(path: path, format: .text)
        #expect(log.tornBytes == torn.utf8.count)
        try log.append([Self.alert(2)])
        #expect(Self.lines(path).compactMap { AlertLine.id(of: Substring($0)) } == ["feedface-1", "feedface-2"])
    }

    @Test("reading backwards gives every complete line, last first, across blocks and long lines")
    func backwards() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("alerts.log")
        var expected: [String] = []
        var text = ""
        for n in 0..<3000 {
            // Some lines longer than the 64 KiB block.
            let line = n % 1000 == 7 ? String(repeating: "x", count: 70_000) + "\(n)" : "line \(n) " + String(repeating: "y", count: n % 97)
            expected.append(line)
            text += line + "\n"
        }
        text += "torn tail without newline"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        var seen: [String] = []
        try AlertLog.scanBackward(path) { seen.append(String($0)); return true }
        #expect(seen == expected.reversed())
        var firstTwo: [String] = []
        try AlertLog.scanBackward(path) { firstTwo.append(String($0)); return firstTwo.count < 2 }
        #expect(firstTwo == [expected[2999], expected[2998]])
        try AlertLog.scanBackward(dir.file("absent.log")) { _ in Issue.record("no lines in a missing file"); return true }
    }
}
