import AlertStore
import FeedModel
import FeedwatchDaemon
import FeedwatchTestSupport
import Foundation
import Logging
import Sinks

extension DaemonBench {
    /// (e) Two steady cycles back to back: one with no sink, one with every
    /// topic routed to a webhook on loopback whose worker runs during the
    /// poll. Delivery runs on the sink's own thread, so the second cycle should
    /// take as long as the first; then how long the sink takes to deliver them.
    func sinkCycles(_ context: DaemonContext, pipeline: Pipeline, server: FeedServer, logger: Logger) async throws {
        let receiver = try TestHTTPServer { _ in .init(status: 200) }
        defer { receiver.stop() }
        server.change(every: changedEvery)
        let t0 = BenchClock.wall()
        let without = await pipeline.poll(context.config.feeds)
        let withoutWall = BenchClock.wall() - t0

        var sink = Sink(name: "bench-hook", kind: .webhook)
        sink.url = receiver.baseURL + "/hook"
        try context.store.setSinkRoutes(context.config.topics.map { ($0.name, sink.name) })
        defer { try? context.store.setSinkRoutes([]) }
        let sinks = SinkDispatcher(store: context.store, logger: logger, userAgent: "feedwatch-bench")
        sinks.apply([sink])
        defer { sinks.stop() }
        server.change(every: changedEvery)
        let t1 = BenchClock.wall()
        let with = await pipeline.poll(context.config.feeds)
        sinks.wake()
        let withWall = BenchClock.wall() - t1
        while try context.store.sinkCounts().first.map({ $0.pending > 0 }) ?? false, BenchClock.wall() - t1 < 120 {
            try await Task.sleep(for: .milliseconds(20))
        }
        let drained = BenchClock.wall() - t1
        let delivered = try context.store.sinkCounts().first?.delivered ?? 0
        print(String(format: "(e) steady cycle of %d feeds without a sink: %.2f s (%d alerts); with a webhook sink on loopback for every topic: %.2f s (%d alerts; the sink delivered %d, all done %.2f s after the cycle began)",
                     without.polled, withoutWall, without.alerts, withWall, with.alerts, delivered, drained))
    }
}
