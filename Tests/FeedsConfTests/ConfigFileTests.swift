import FeedsConf
import FeedwatchTestSupport
import Foundation
import Testing

/// Problems with feeds.conf as a file, each said in words with its place.
@Suite("feeds.conf as a file")
struct ConfigFileTests {
    static func message(_ path: String) -> String {
        do {
            _ = try FeedsConf.load(path)
            return "loaded"
        } catch {
            return error.description
        }
    }

    @Test("invalid UTF-8 names its line and byte")
    func invalidUTF8() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("feeds.conf")
        try Data("[feed a]\nurl = https://x.org/caf".utf8 + [0xE9] + Data("\n".utf8)).write(to: URL(fileURLWithPath: path))
        let m = Self.message(path)
        #expect(m.hasPrefix("\(path):2:24: not UTF-8: line 2 has the byte 0xE9 at byte 24"), "\(m)")
        #expect(m.contains("save the file as UTF-8"))
        #expect(!m.contains("NSCocoaErrorDomain"))
    }

    @Test("a directory, a symlink loop, a dangling symlink and a missing file each say what they are")
    func notAFile() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.file("conf.d"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: dir.file("loop"), withDestinationPath: dir.file("loop"))
        try FileManager.default.createSymbolicLink(atPath: dir.file("dangling"), withDestinationPath: dir.file("gone.conf"))
        let cases = [("conf.d", "it is a directory: pass the feeds.conf inside it"),
                     ("loop", "it is a symbolic link that leads round in a loop"),
                     ("dangling", "it is a symbolic link to a file that does not exist"),
                     ("missing.conf", "no such file: pass --config PATH")]
        for (name, words) in cases {
            let m = Self.message(dir.file(name))
            #expect(m == "\(dir.file(name)): \(words)" || m.hasPrefix("\(dir.file(name)): \(words)"), "\(m)")
            #expect(!m.contains("NSCocoaErrorDomain") && !m.contains("error 256"))
        }
    }

    @Test("a UTF-8 byte order mark (Windows Notepad) is not part of the first line")
    func byteOrderMark() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("feeds.conf")
        try ("\u{FEFF}[feed a]\r\nurl = https://x.org/a\r\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try FeedsConf.load(path).feeds.map(\.name) == ["a"])
    }

    @Test("40,000 continuation lines read into one value, each character still placed on its line and column")
    func manyContinuationLines() throws {
        let n = 40_000
        let tags = (1..<n).map { "  t\($0)" }.joined(separator: "\n")
        let words = (1..<n).map { "        OR w\($0)" }.joined(separator: "\n")
        let text = "[feed a]\nurl = https://x.org/a\ntags = t0\n\(tags)\n[topic q]\nquery = w0\n\(words)\n        OR NEAR\n"
        do {
            _ = try FeedsConf.parse(text, file: "feeds.conf")
            Issue.record("expected the NEAR on the last line to be refused")
        } catch {
            #expect(error.errors.count == 1)
            #expect(error.errors.first?.description.hasPrefix("feeds.conf:\(2 * n + 4):12: ") == true, "\(error)")
        }
        let config = try FeedsConf.parse(text.replacingOccurrences(of: "        OR NEAR\n", with: ""), file: "feeds.conf")
        #expect(config.feeds.first?.tags.count == n)
        #expect(config.feeds.first?.tags.last == "t\(n - 1)")
        #expect(config.topics.first?.query.hasSuffix("OR w\(n - 1)") == true)
    }
}
