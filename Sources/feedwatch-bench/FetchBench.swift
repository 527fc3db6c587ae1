import ArgumentParser
import FeedFetcher
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `feedwatch-bench fetch`: 1,000 generated feeds from a loopback server, fetched
/// by FeedFetcher and by `curl --parallel` at the same concurrency, in the same run:
/// first with full bodies, then with every answer a 304.
struct FetchBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetcher wall time, CPU per feed and memory against curl --parallel."
    )

    @Option(help: "A corpus made by ../shared/bench/gen_corpus.py (generated into .build/bench-corpus when absent).")
    var corpus: String?

    @Option(help: "How many feeds.")
    var feeds: Int = 1000

    @Option(help: "Transfers at once, for both contenders.")
    var concurrency: Int = 32

    @Option(help: "Rounds per contender; the best is reported.")
    var rounds: Int = 3

    func run() async throws {
        let dir = try (corpus ?? Corpus.ensureGenerated()) + "/feeds"
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted().prefix(feeds)
        let server = try FeedServer(directory: dir, limit: feeds)
        defer { server.stop() }
        let port = server.port
        let urls = names.map { "http://127.0.0.1:\(port)/\($0)" }
        print("feeds: \(urls.count) from \(dir), concurrency \(concurrency), \(FeedFetcher.libcurlVersion.split(separator: " ").first ?? "")")

        for notModified in [false, true] {
            var curlWall = Double.infinity, curlCPU = Double.infinity
            var ourWall = Double.infinity, ourCPU = Double.infinity
            var ourOK = 0
            for _ in 0..<rounds {
                let (w, c) = try runCurl(urls, notModified: notModified)
                curlWall = min(curlWall, w)
                curlCPU = min(curlCPU, c)
                let (w2, c2, ok) = try await runOurs(urls, notModified: notModified)
                ourWall = min(ourWall, w2)
                ourCPU = min(ourCPU, c2)
                ourOK = ok
            }
            let label = notModified ? "all 304" : "all 200"
            print(String(format: "%@: curl --parallel %6.3f s (CPU %.3f ms/feed) | feedwatch %6.3f s (CPU %.3f ms/feed, %d ok) | wall ratio %.2f (target ≤ 1.3)",
                         label, curlWall, curlCPU * 1000 / Double(urls.count), ourWall, ourCPU * 1000 / Double(urls.count), ourOK,
                         ourWall / curlWall))
        }
        print(String(format: "peak RSS of this process (fetcher, bodies counted and dropped): %.1f MiB", BenchClock.selfPeakMiB()))
    }

    private func runOurs(_ urls: [String], notModified: Bool) async throws -> (Double, Double, Int) {
        var c = FetcherConfiguration()
        c.globalLimit = concurrency
        c.perHostLimit = concurrency  // one host here, as for curl
        c.hostSpacing = 0
        let fetcher = try FeedFetcher(configuration: c)  // a fetcher that cannot start is the figure's failure, not infinity
        defer { fetcher.shutdown() }
        let w0 = BenchClock.wall(), c0 = BenchClock.cpu()
        let ok = await withTaskGroup(of: Bool.self) { group in
            for u in urls {
                group.addTask {
                    let r = await fetcher.fetch(FetchRequest(url: u, etag: notModified ? "\"v1\"" : nil))
                    if notModified, case .notModified = r.outcome { return true }
                    return r.body != nil
                }
            }
            var n = 0
            for await good in group where good { n += 1 }
            return n
        }
        return (BenchClock.wall() - w0, BenchClock.cpu() - c0, ok)
    }

    private func runCurl(_ urls: [String], notModified: Bool) throws -> (Double, Double) {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("fw-curl-\(getpid()).cfg")
        var text = ""
        for u in urls { text += "url = \"\(u)\"\noutput = \"/dev/null\"\n" }
        try text.write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var args = ["curl", "--parallel", "--parallel-max", String(concurrency), "--silent", "--no-progress-meter", "--compressed", "-K", config.path]
        if notModified { args += ["-H", "If-None-Match: \"v1\""] }
        p.arguments = args
        var before = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &before)
        let w0 = BenchClock.wall()
        try p.run()
        p.waitUntilExit()
        let wall = BenchClock.wall() - w0
        var after = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &after)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        let cpu = seconds(after.ru_utime) - seconds(before.ru_utime) + seconds(after.ru_stime) - seconds(before.ru_stime)
        return (wall, cpu)
    }
}
