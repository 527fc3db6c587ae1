import AlertStore
import FeedFetcher
import FeedModel
import FeedwatchDaemon
import FeedwatchTestSupport
import Foundation
import Logging
import Sinks

extension DaemonBench {
    /// (e) The first poll of the same feeds into fresh stores, without a sink,
    /// with every topic's alerts going to a webhook on loopback (its worker
    /// running during the poll), and without again: delivery runs on the
    /// sink's own thread, so the poll should take as long either way. Then how
    /// long the sink took to deliver them all.
    func sinkCycles(baseConfig: String, work: TemporaryDirectory, fetcher: FeedFetcher, logger: Logger) async throws {
        let receiver = try TestHTTPServer { _ in .init(status: 200) }
        defer { receiver.stop() }
        let withSink = "[sink bench-hook]\ntype = webhook\nurl = \(receiver.baseURL)/hook\n\n"
            + baseConfig.replacingOccurrences(of: "[defaults]\n", with: "[defaults]\nsinks = bench-hook\n")
        var lines: [String] = []
        for (run, text) in [("without a sink", baseConfig), ("with a webhook sink", withSink), ("without a sink, again", baseConfig)] {
            let dir = work.file("sink-bench-\(lines.count)")
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try text.write(toFile: dir + "/feeds.conf", atomically: true, encoding: .utf8)
            let context = try DaemonContext.open(DaemonPaths(config: dir + "/feeds.conf", stateDirectory: dir + "/state"), logger: logger)
            let pipeline = Pipeline(config: context.config, store: context.store, delivery: context.delivery, fetcher: fetcher, logger: logger)
            let sinks = SinkDispatcher(store: context.store, logger: logger, userAgent: "feedwatch-bench")
            sinks.apply(context.config.sinks)
            let t0 = BenchClock.wall()
            let report = await pipeline.poll(context.config.feeds)
            sinks.wake()
            let poll = BenchClock.wall() - t0
            var line = String(format: "%@: %.2f s for %d feeds, %d alerts", run, poll, report.polled, report.alerts)
            if !context.config.sinks.isEmpty {
                while try context.store.sinkCounts().first.map({ $0.pending > 0 }) ?? true, BenchClock.wall() - t0 < 300 {
                    try await Task.sleep(for: .milliseconds(20))
                }
                let delivered = try context.store.sinkCounts().first?.delivered ?? 0
                line += String(format: " (the sink delivered %d, the last %.2f s after the poll began)", delivered, BenchClock.wall() - t0)
            }
            sinks.stop()
            lines.append(line)
        }
        print("(e) first poll into a fresh store, " + lines.joined(separator: "; "))
    }
}
