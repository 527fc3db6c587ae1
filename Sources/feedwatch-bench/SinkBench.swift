import AlertStore
import ArgumentParser
import CurlHTTP
import FeedModel
import FeedwatchTestSupport
import Foundation
import Logging
import Sinks

/// `feedwatch-bench sinks`: webhook deliveries a second from the outbox to a
/// loopback receiver, next to bare libcurl POSTs of the same bodies to the
/// same receiver in the same run (no store: what the transport alone costs).
struct SinkBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sinks",
        abstract: "Webhook deliveries/s from the outbox to a loopback receiver, next to bare libcurl POSTs."
    )

    @Option(help: "Alerts to deliver.")
    var alerts = 5000

    func run() throws {
        // In this process: its threads compete with both sides alike.
        let receiver = try TestHTTPServer { _ in .init(status: 200) }
        defer { receiver.stop() }
        let work = TemporaryDirectory("fw-sink-bench")
        let store = try AlertStore(path: work.file("feedwatch.sqlite"))
        try store.register(feeds: [("bench", "https://bench.example/rss")])
        try store.setSinkRoutes([("bench", "hook")])
        for start in stride(from: 0, to: alerts, by: 500) {
            let entries = (start..<min(alerts, start + 500)).map { Entry(id: "\($0)", title: "Bench alert \($0)", link: "https://bench.example/\($0)") }
            _ = try store.ingest(feed: "bench", entries: entries, identity: .guid, now: Date()) { es in
                es.map { _ in [TopicMatch(topic: "bench", matched: [MatchedTerm(term: "bench", field: "title", offset: 0)])] }
            }
        }
        var sink = Sink(name: "hook", kind: .webhook)
        sink.url = receiver.baseURL + "/hook"
        sink.secret = Secret(bytes: Array("bench-key".utf8), file: "(bench)")

        // Baseline: the same bodies POSTed by one reused easy handle, nothing stored.
        guard let transport = WebhookTransport(sink: sink, userAgent: "feedwatch-bench"), let session = CurlSession() else {
            throw ValidationError("libcurl could not make a handle")
        }
        let sample = try store.outboxRows(sink: "hook", failed: false, limit: alerts).map { SinkMessage(alert: $0.item.alert) }
        let t0 = BenchClock.wall()
        for m in sample {
            let r = transport.request(for: m)
            _ = session.send(HTTPRequest(url: r.url, headers: r.headers, userAgent: "feedwatch-bench"), body: r.body)
        }
        let bare = BenchClock.wall() - t0

        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let worker = SinkWorker(sink: sink, transport: transport, store: store, logger: logger)
        let t1 = BenchClock.wall()
        worker.drain(until: Date().addingTimeInterval(600))
        let ours = BenchClock.wall() - t1
        let delivered = try store.sinkCounts().first?.delivered ?? 0
        print(String(format: "bare libcurl POSTs (same bodies, signed, no store): %d in %.2f s = %.0f/s", sample.count, bare, Double(sample.count) / bare))
        print(String(format: "feedwatch sink from the outbox (read, POST, mark delivered): %d in %.2f s = %.0f/s (target ≥ 500/s)",
                     delivered, ours, Double(delivered) / ours))
        print("receiver: TestHTTPServer in this process, one connection per request (Connection: close)")
    }
}
