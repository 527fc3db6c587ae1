import Foundation
import Testing

/// Runs the real `feedwatch` binary, as a user or a script would.
enum CLI {
    static var binary: URL {
        // The test bundle sits in the build folder, beside the executables.
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = bundle.deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("feedwatch")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue {
                return candidate
            }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: "/nonexistent/feedwatch")
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `killAfter`: for a command expected to exit by itself (a daemon that
    /// should refuse to start), so that a regression fails the test instead
    /// of hanging it.
    /// `through`: a wrapper and its arguments (`["/usr/bin/prlimit", "--nofile=20"]`)
    /// that runs the binary with `arguments`.
    static func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:],
                    killAfter: Double? = nil, through wrapper: [String] = []) async throws -> Result {
        let process = Process()
        process.executableURL = wrapper.first.map { URL(fileURLWithPath: $0) } ?? binary
        process.arguments = wrapper.isEmpty ? arguments : wrapper.dropFirst() + [binary.path] + arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.currentDirectoryURL = packageRoot
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        await ChildSlots.shared.acquire()
        let result: Swift.Result<Result, Error>
        do {
            result = .success(try await collect(process, pipes: (out, err, input), stdin: stdin, killAfter: killAfter))
        } catch {
            result = .failure(error)
        }
        await ChildSlots.shared.release()
        return try result.get()
    }

    /// Starts `process` (its standard streams `pipes`), feeds it `stdin` and
    /// reads its output to the end, without holding a test thread; cancelled, kills it.
    private static func collect(_ process: Process, pipes: (out: Pipe, err: Pipe, input: Pipe), stdin: Data?,
                                killAfter: Double?) async throws -> Result {
        let (out, err, input) = pipes
        let exit = try process.start()
        return try await withTaskCancellationHandler {
            let killer = killAfter.map { seconds in
                Task {
                    do { try await Task.sleep(for: .seconds(seconds)) } catch { return }
                    exit.send(SIGTERM)
                }
            }
            defer { killer?.cancel() }
            async let o = readToEnd(out.fileHandleForReading)
            async let e = readToEnd(err.fileHandleForReading)
            let written = await write(stdin, to: input.fileHandleForWriting)
            let (stdout, stderr) = await (o, e)
            await exit.wait()
            try written.get()
            return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: stderr, as: UTF8.self))
        } onCancel: {
            exit.send(SIGKILL)
        }
    }

    /// `data` into the child's standard input, then its end, on a thread of
    /// its own (a child that reads late would block the writer).
    private static func write(_ data: Data?, to handle: FileHandle) async -> Swift.Result<Void, Error> {
        await withCheckedContinuation { (c: CheckedContinuation<Swift.Result<Void, Error>, Never>) in
            Thread {
                if let data { handle.write(data) }
                c.resume(returning: Swift.Result { try handle.close() })
            }.start()
        }
    }

    /// All of a pipe, read on a thread of its own: a blocking read on a test's
    /// thread held one of the two Swift Testing runs tests on (a 2-core machine),
    /// and the tests with timeouts failed behind a few of these.
    static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { (c: CheckedContinuation<Data, Never>) in
            Thread { c.resume(returning: handle.readDataToEndOfFile()) }.start()
        }
    }
}

@Suite("feedwatch parse")
struct ParseCommandTests {
    @Test("a bundled sample prints the contract JSON and exits 0")
    func sample() async throws {
        let r = try await CLI.run(["parse", "samples/world-briefing.xml"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(json?["format"] as? String == "rss2.0")
        let entries = json?["entries"] as? [[String: Any]] ?? []
        #expect(entries.count == 9)
        #expect(entries.first?["title"] as? String == "Kim Jong-un arrives in Vladivostok for summit with Putin")
        #expect(Array((json ?? [:]).keys).count == 8)
    }

    @Test("standard input with --base-url and --compact")
    func stdin() async throws {
        let doc = Data("<rss version=\"2.0\"><channel><item><title>t</title><link>/a</link></item></channel></rss>".utf8)
        let r = try await CLI.run(["parse", "--compact", "--base-url", "https://news.example/rss", "-"], stdin: doc)
        #expect(r.status == 0)
        #expect(r.stdout.split(separator: "\n").count == 1)
        #expect(r.stdout.contains(#""link":"https://news.example/a""#))
    }

    @Test("nothing usable: exit 1 and one line on stderr naming the input")
    func notAFeed() async throws {
        let r = try await CLI.run(["parse", "-"], stdin: Data("<html><body>no</body></html>".utf8))
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "feedwatch parse: <stdin>: not a feed: the root element is <html>, expected <rss>, <rdf:RDF> or <feed>\n")
    }

    @Test("a missing file: exit 1 and a message with the path")
    func missingFile() async throws {
        let r = try await CLI.run(["parse", "no/such/feed.xml"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no/such/feed.xml: cannot open the file"))
    }

    @Test("--max-bytes stops a large input with a clear error")
    func maxBytes() async throws {
        let r = try await CLI.run(["parse", "--max-bytes", "100", "samples/world-briefing.xml"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("larger than"))
    }

    @Test("a bad option is a usage error (exit 64 from argument-parser is not used: we expect non-zero)")
    func badUsage() async throws {
        let r = try await CLI.run(["parse", "--max-bytes", "0", "x"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--max-bytes"))
    }
}
