import AlertStore
import FeedModel
import FeedwatchTestSupport
import Foundation
import Logging
import Sinks
import Synchronization
import Testing

/// A real store with alerts routed to sinks, and a log that keeps every line.
struct SinkFixture {
    let dir = TemporaryDirectory("fw-sinks")
    let store: AlertStore
    let log = CapturedLog()

    init(routes: [(topic: String, sink: String)]) throws {
        store = try AlertStore(path: dir.file("feedwatch.sqlite"))
        try store.register(feeds: [("desk", "https://desk.example/rss")])
        try store.setSinkRoutes(routes)
    }

    var logger: Logger {
        let log = self.log
        return Logger(label: "test") { _ in log }
    }

    /// Stores `count` alerts of topic `kim` (one article each); returns their ids in order.
    @discardableResult
    func addAlerts(_ count: Int, from start: Int = 0, topic: String = "kim") throws -> [String] {
        let entries = (start..<start + count).map { Entry(id: "\($0)", title: "Kim item \($0)", link: "https://desk.example/\($0)") }
        let r = try store.ingest(feed: "desk", entries: entries, identity: .guid, now: Date()) { es in
            es.map { _ in [TopicMatch(topic: topic, matched: [MatchedTerm(term: "kim", field: "title", offset: 0)])] }
        }
        return r.alerts.map(\.id)
    }

    func counts(_ sink: String) throws -> SinkCounts {
        try store.sinkCounts().first { $0.sink == sink } ?? SinkCounts(sink: sink)
    }

    static func webhook(_ name: String, url: String, format: Sink.Format = .json) -> Sink {
        var s = Sink(name: name, kind: .webhook)
        s.url = url
        s.format = format
        s.backoff = 0.05
        s.timeout = 5
        return s
    }

    static func worker(_ sink: Sink, _ f: SinkFixture) throws -> SinkWorker {
        let transport = try #require(SinkDispatcher.transport(for: sink, userAgent: "feedwatch-test", connectTimeout: 2))
        return SinkWorker(sink: sink, transport: transport, store: f.store, logger: f.logger)
    }
}


/// Every log line, at every level, for checks that a secret never appears.
final class CapturedLog: LogHandler, Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }

    func log(event: LogEvent) {
        lines.withLock { $0.append("\(event.level): \(event.message)") }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }

    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
}

/// Waits (up to 30 s) for `condition`; false if it never held.
/// Sleeps without holding a thread: the deliveries it waits for run on the same pool.
func eventually(_ condition: () throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + .seconds(30)
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        do { try await Task.sleep(for: .milliseconds(20)) } catch { break }
    }
    // A sleep can end long past the deadline when the pool is busy: look once more.
    return try condition()
}
