import Foundation

/// `feedwatch-bench serve` in a child process: the loopback feed server of the
/// benchmarks, its CPU counted against no contender.
final class FeedServer {
    let port: Int
    private let process = Process()
    private let toServer = Pipe(), fromServer = Pipe()

    init(directory: String, limit: Int, numberedFeeds: Int = 0) throws {
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        process.arguments = ["serve", directory, "--limit", String(limit), "--feeds", String(numberedFeeds)]
        process.standardInput = toServer
        process.standardOutput = fromServer
        try process.run()
        guard let line = Self.line(fromServer.fileHandleForReading), let port = Int(line) else {
            throw Corpus.Missing(description: "the feed server did not start")
        }
        self.port = port
    }

    /// Gives every k-th numbered feed a new version; returns once the server has.
    func change(every k: Int) {
        toServer.fileHandleForWriting.write(Data("change \(k)\n".utf8))
        _ = Self.line(fromServer.fileHandleForReading)
    }

    func stop() {
        try? toServer.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    private static func line(_ h: FileHandle) -> String? {
        var data = Data()
        while !data.contains(10) {
            let d = h.availableData
            if d.isEmpty { break }
            data.append(d)
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
