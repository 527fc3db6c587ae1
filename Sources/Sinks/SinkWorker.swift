#if canImport(Glibc)
import Glibc
#endif
import AlertStore
import FeedModel
import Foundation
import Logging
import Synchronization

/// One sink's deliveries, on a thread of its own: its outbox rows in order,
/// one at a time, each retried with backoff until delivered or parked. A
/// slow or dead receiver holds up this thread only: no other sink, no poll,
/// no write to the alert log.
package final class SinkWorker: Sendable {
    package let sink: Sink
    private let transport: any SinkTransport
    private let store: AlertStore
    private let logger: Logger
    private let backoff: Backoff
    private let schedule: DigestSchedule
    private let signal = WakeSignal()
    private let stopped = Atomic<Bool>(false)
    private let finished = Mutex(false)
    /// The earliest start of the next delivery, kept by `rate =`.
    private let nextStart = Mutex(Date.distantPast)
    /// The time (a test moves it on to reach a digest's period end).
    private let clock: @Sendable () -> Date

    package init(sink: Sink, transport: any SinkTransport, store: AlertStore, logger: Logger, timeZone: TimeZone = .current,
                 clock: @escaping @Sendable () -> Date = Date.init) {
        self.clock = clock
        self.sink = sink
        self.transport = transport
        self.store = store
        self.logger = logger
        backoff = Backoff(first: sink.backoff, cap: max(sink.backoff, 30 * 60))
        let testPeriod = ProcessInfo.processInfo.environment["FEEDWATCH_TEST_DIGEST_SECONDS"].flatMap(Double.init)
        schedule = DigestSchedule(sink.digest, timeZone: timeZone, testPeriod: testPeriod)
    }

    /// Starts the thread; it runs until `stop()`.
    package func start() {
        let thread = Thread { [self] in
            Self.blockSIGPIPE()
            run(until: nil)
            finished.withLock { $0 = true }
        }
        thread.name = "feedwatch-sink"
        thread.start()
    }

    /// New rows may be waiting (a poll stored alerts, or `retry` put some back).
    package func wake() { signal.wake() }

    /// Ends the thread after its current try, which is cut short.
    package func stop() {
        stopped.store(true, ordering: .relaxed)
        transport.cancel()
        signal.wake()
    }

    package var hasFinished: Bool { finished.withLock { $0 } }

    /// Delivers on the calling thread what can go before `deadline` (by the
    /// worker's clock), and returns once nothing can (`feedwatch once`).
    package func drain(until deadline: Date) {
        Self.blockSIGPIPE()
        run(until: deadline)
    }

    private enum Next {
        case again
        case wait(until: Date)
    }

    private func run(until deadline: Date?) {
        while !stopped.load(ordering: .relaxed) {
            let now = clock()
            switch step(now) {
            case .again:
                continue
            case .wait(let until):
                if let deadline, until > deadline { return }
                // Slept by the real clock; at most a minute, so rows put back by `retry` are seen.
                signal.sleep(until: Date().addingTimeInterval(min(max(0, until.timeIntervalSince(now)), 60)))
            }
        }
    }

    private func step(_ now: Date) -> Next {
        do {
            return try sink.digest == .instant ? instantStep(now) : digestStep(now)
        } catch {
            logger.error("sink \(sink.name): \(error); trying again in 5 s")
            return .wait(until: now.addingTimeInterval(5))
        }
    }

    /// Rows read at once; those delivered are marked in one transaction (at
    /// least every half second), so a crash sends at most these again, which
    /// the receiver dedupes by key.
    static let batch = 32

    /// The next rows in order, until one fails (recorded; it holds up the
    /// rest), one must wait (its retry time, the rate), or none are left.
    private func instantStep(_ now: Date) throws -> Next {
        let items = try store.pendingOutbox(sink: sink.name, limit: Self.batch)
        guard let head = items.first else { return .wait(until: .distantFuture) }
        if head.notBefore > now { return .wait(until: head.notBefore) }
        var delivered: [Int64] = []
        var flushed = clock()
        func flush() throws {
            try store.markOutboxDelivered(delivered, at: clock())
            delivered = []
            flushed = clock()
        }
        for item in items where !stopped.load(ordering: .relaxed) {
            let t = clock()
            if item.notBefore > t { break }
            if let wait = rateWait(t) {
                try flush()
                return .wait(until: wait)
            }
            let outcome = transport.send(SinkMessage(alert: item.alert))
            if case .delivered(let answer) = outcome {
                delivered.append(item.id)
                logger.debug("sink \(sink.name): alert \(item.alert.id) delivered (\(answer))")
                if clock().timeIntervalSince(flushed) > 0.5 { try flush() }
                continue
            }
            try flush()
            if stopped.load(ordering: .relaxed), case .retry = outcome { return .again }
            try record(outcome, what: "alert \(item.alert.id)", tries: item.tries) { why, retryAt, park in
                try store.markOutboxFailed(item.id, error: why, retryAt: retryAt, maxTries: sink.maxTries, park: park, at: clock())
            } delivered: {}
            return .again
        }
        try flush()
        return .again
    }

    /// A pending digest goes first; else the last period that ended is closed
    /// (if it has alerts and no digest yet); else sleep until the next ends.
    private func digestStep(_ now: Date) throws -> Next {
        if let d = try store.nextDigest(sink: sink.name) {
            if d.notBefore > now { return .wait(until: d.notBefore) }
            if let wait = rateWait(now) { return .wait(until: wait) }
            let outcome = transport.send(SinkMessage(digest: d.key, period: d.period, alerts: d.alerts))
            if stopped.load(ordering: .relaxed), case .retry = outcome { return .again }
            try record(outcome, what: "digest \(d.period) (\(d.alerts.count) alerts)", tries: d.tries) { why, retryAt, park in
                try store.markDigestFailed(d.id, error: why, retryAt: retryAt, maxTries: sink.maxTries, park: park, at: clock())
            } delivered: {
                try store.markDigestDelivered(d.id, at: clock())
            }
            return .again
        }
        let boundary = schedule.lastBoundary(atOrBefore: now)
        if try store.closeDigest(sink: sink.name, period: schedule.label(boundary), before: boundary) { return .again }
        return .wait(until: schedule.nextBoundary(after: now))
    }

    private func rateWait(_ now: Date) -> Date? {
        guard let perMinute = sink.perMinute else { return nil }
        return nextStart.withLock { next in
            if next > now { return next }
            next = now.addingTimeInterval(60 / Double(perMinute))
            return nil
        }
    }

    /// Stores what a try came to and says so in the log: a failed try as a
    /// warning with the next one's time, a parked row as an error saying
    /// what to do.
    private func record(_ outcome: DeliveryOutcome, what: String, tries: Int,
                        failed: (_ why: String, _ retryAt: Date, _ park: Bool) throws -> Bool,
                        delivered: () throws -> Void) throws {
        let n = tries + 1
        switch outcome {
        case .delivered(let answer):
            try delivered()
            logger.debug("sink \(sink.name): \(what) delivered (\(answer))")
        case .retry(let why, let after):
            let wait = backoff.delay(afterTries: n, retryAfter: after, random: Double.random(in: 0..<1))
            if try failed(why, clock().addingTimeInterval(wait), false) {
                logParked(what, why: why, tries: n)
            } else {
                logger.warning("sink \(sink.name): \(what) not delivered (try \(n) of \(sink.maxTries)): \(why); next try in \(Int(wait.rounded(.up))) s")
            }
        case .park(let why):
            _ = try failed(why, clock(), true)
            logParked(what, why: why, tries: n)
        }
    }

    private func logParked(_ what: String, why: String, tries: Int) {
        logger.error("""
            sink \(sink.name): \(what) parked as failed after \(tries) tr\(tries == 1 ? "y" : "ies"): \(why). It is kept: \
            see `feedwatch deliveries --sink \(sink.name) --failed`, and send again with `feedwatch retry \(sink.name)`
            """)
    }

    /// A receiver that closes its end must not kill the daemon (exec's pipes, sockets).
    private static func blockSIGPIPE() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }
}
