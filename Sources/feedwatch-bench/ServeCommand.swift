import ArgumentParser
import FeedwatchTestSupport
import Foundation

/// `feedwatch-bench serve DIR`: the loopback feed server the fetch benchmark runs
/// in a child process, so that its CPU is not counted against either contender.
/// Every file answers with ETag "v1", and 304 when that comes back.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", shouldDisplay: false)

    @Argument var directory: String
    @Option var limit: Int = 1000

    func run() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted().prefix(limit)
        var files: [String: [UInt8]] = [:]
        for n in names { files["/" + n] = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + n))) }
        let table = files
        let server = try TestHTTPServer { req in
            if req.header("If-None-Match") == "\"v1\"" { return .init(status: 304, headers: [("ETag", "\"v1\"")]) }
            guard let body = table[req.path] else { return .init(status: 404) }
            return .init(headers: [("ETag", "\"v1\""), ("Content-Type", "application/xml")], body: body)
        }
        FileHandle.standardOutput.write(Data("\(server.port)\n".utf8))
        // Serve until the parent closes our standard input.
        _ = FileHandle.standardInput.readDataToEndOfFile()
        server.stop()
    }
}
