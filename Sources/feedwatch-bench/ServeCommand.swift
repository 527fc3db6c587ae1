import ArgumentParser
import FeedwatchTestSupport
import Foundation
import Synchronization

/// `feedwatch-bench serve DIR`: the loopback feed server the benchmarks run in
/// a child process, so that its CPU is not counted against either contender.
/// File i answers at `/NAME` and at `/i`, with ETag "v1" (304 when that comes
/// back). `--feeds N` serves N numbered URLs over the files (round robin).
/// Commands on standard input: `change K` gives every K-th numbered feed a new
/// version (new ETag, the next file's body: new entries); EOF stops.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", shouldDisplay: false)

    @Argument var directory: String
    @Option var limit: Int = 1000
    @Option var feeds: Int = 0

    func run() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted().prefix(limit)
        var files: [String: [UInt8]] = [:]
        var bodies: [[UInt8]] = []
        for n in names {
            let body = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + n)))
            files["/" + n] = body
            bodies.append(body)
        }
        let table = files, numbered = bodies
        let versions = Mutex([Int](repeating: 1, count: max(feeds, 0)))
        let server = try TestHTTPServer { req in
            if let i = Int(req.path.dropFirst()), i >= 0, i < numbered.count || i < versions.withLock({ $0.count }) {
                let v = versions.withLock { $0.indices.contains(i) ? $0[i] : 1 }
                let etag = "\"v\(v)\""
                if req.header("If-None-Match") == etag { return .init(status: 304, headers: [("ETag", etag)]) }
                let body = numbered[(i + (v - 1)) % numbered.count]
                return .init(headers: [("ETag", etag), ("Content-Type", "application/xml")], body: body)
            }
            if req.header("If-None-Match") == "\"v1\"" { return .init(status: 304, headers: [("ETag", "\"v1\"")]) }
            guard let body = table[req.path] else { return .init(status: 404) }
            return .init(headers: [("ETag", "\"v1\""), ("Content-Type", "application/xml")], body: body)
        }
        FileHandle.standardOutput.write(Data("\(server.port)\n".utf8))
        while let line = readLine() {
            let words = line.split(separator: " ")
            if words.count == 2, words[0] == "change", let k = Int(words[1]), k > 0 {
                versions.withLock { v in for i in v.indices where i % k == 0 { v[i] += 1 } }
            }
            FileHandle.standardOutput.write(Data("ok\n".utf8))
        }
        server.stop()
    }
}
