import AlertStore
import FeedModel
import Foundation
import Logging
import Synchronization

/// The sinks of the running configuration, each with its worker thread. The
/// daemon wakes them when polls store alerts; a reload starts new sinks,
/// stops removed ones and restarts changed ones (their rows stay in the outbox).
package final class SinkDispatcher: Sendable {
    private let store: AlertStore
    private let logger: Logger
    private let userAgent: String
    private let connectTimeout: Double
    private let workers = Mutex<[String: SinkWorker]>([:])

    /// `userAgent`, `connectTimeout`: the fetcher's.
    package init(store: AlertStore, logger: Logger, userAgent: String, connectTimeout: Double = 10) {
        self.store = store
        self.logger = logger
        self.userAgent = userAgent
        self.connectTimeout = connectTimeout
    }

    /// The transport for a sink (nil: libcurl could not make a handle).
    package static func transport(for sink: Sink, userAgent: String, connectTimeout: Double = 10) -> (any SinkTransport)? {
        switch sink.kind {
        case .webhook: return WebhookTransport(sink: sink, userAgent: userAgent, connectTimeout: connectTimeout)
        case .smtp: return MailTransport(sink: sink, connectTimeout: connectTimeout)
        case .exec: return ExecTransport(sink: sink)
        }
    }

    /// Runs exactly `sinks` from now on.
    package func apply(_ sinks: [Sink]) {
        let (stale, fresh) = workers.withLock { running -> ([SinkWorker], [SinkWorker]) in
            var stale: [SinkWorker] = []
            var fresh: [SinkWorker] = []
            let wanted = Dictionary(sinks.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            for (name, w) in running where wanted[name] != w.sink {
                stale.append(w)
                running[name] = nil
            }
            for sink in sinks where running[sink.name] == nil {
                guard let worker = makeWorker(sink) else { continue }
                running[sink.name] = worker
                fresh.append(worker)
            }
            return (stale, fresh)
        }
        for w in stale { w.stop() }
        for w in fresh { w.start() }
    }

    private func makeWorker(_ sink: Sink) -> SinkWorker? {
        guard let transport = Self.transport(for: sink, userAgent: userAgent, connectTimeout: connectTimeout) else {
            logger.error("sink \(sink.name): libcurl could not make a handle; its alerts stay in the outbox until the next start or reload")
            return nil
        }
        return SinkWorker(sink: sink, transport: transport, store: store, logger: logger)
    }

    /// Alerts were stored: every sink looks at its outbox.
    package func wake() {
        for w in workers.withLock({ Array($0.values) }) { w.wake() }
    }

    /// Stops every sink (what is not delivered stays in the outbox for the next start).
    package func stop() {
        let all = workers.withLock { w -> [SinkWorker] in
            defer { w = [:] }
            return Array(w.values)
        }
        for w in all { w.stop() }
    }

    /// `feedwatch once`: each sink delivers what it can before `deadline`, all
    /// at once, each on its own thread; returns when all are done.
    package static func drain(_ sinks: [Sink], store: AlertStore, logger: Logger, userAgent: String, until deadline: Date) async {
        // The threads block (libcurl, waitpid); the caller's task only awaits them.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let group = DispatchGroup()
            for sink in sinks {
                guard let transport = transport(for: sink, userAgent: userAgent) else { continue }
                let worker = SinkWorker(sink: sink, transport: transport, store: store, logger: logger)
                group.enter()
                Thread {
                    worker.drain(until: deadline)
                    group.leave()
                }.start()
            }
            group.notify(queue: .global()) { done.resume() }
        }
    }
}
