import FeedModel
import Foundation
import Logging
import Synchronization

/// The alert log's writer in the daemon: one thread of its own, woken when a
/// poll has stored alerts, so SQLite and `fsync` never run on Swift's
/// cooperative pool nor hold up a poll, and a slow disk delays no feed. It
/// retries a failed write when its retry falls due (or at once on SIGHUP), and
/// on stop writes what is left before it ends.
package final class DeliveryWorker: Sendable {
    private let delivery: AlertDelivery
    private let logger: Logger
    private let wakeup = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private struct Requests {
        var force = false
        var stop = false
    }
    private let requests = Mutex(Requests())

    package init(delivery: AlertDelivery, logger: Logger) {
        self.delivery = delivery
        self.logger = logger
        let thread = Thread { [self] in
            loop()
            finished.signal()
        }
        thread.name = "feedwatch-delivery"
        thread.start()
    }

    /// Alerts were stored (or, `force`d, the user may have made room: SIGHUP).
    package func wake(force: Bool = false) {
        if force { requests.withLock { $0.force = true } }
        wakeup.signal()
    }

    /// Writes what is pending, then ends the thread; returns when it has.
    package func stop() {
        requests.withLock { $0.stop = true }
        wakeup.signal()
        finished.wait()
    }

    /// Polls that end together each wake the thread: the wakes of the next
    /// few milliseconds join this round, so that a burst of polls (a first
    /// poll of thousands of feeds) writes its alerts in a few rounds, each one
    /// read of the store and one write marking them, instead of one per poll.
    /// No alert waits more than `lingerMicroseconds` (10 ms) longer for it.
    private func gatherWakes() {
        usleep(Self.lingerMicroseconds)
        while wakeup.wait(timeout: .now()) == .success {}
    }

    private static let lingerMicroseconds: UInt32 = 10_000

    private func loop() {
        var failedBefore = false
        while true {
            let retry = delivery.retryDue.map { DispatchTime.now() + max(0, $0.timeIntervalSinceNow) } ?? .distantFuture
            let woken = wakeup.wait(timeout: retry) == .success
            if woken { gatherWakes() }
            let (force, stop) = requests.withLock { r in
                defer { r.force = false }
                return (r.force, r.stop)
            }
            // A failure waits for its retry (a poll's wake does not hammer a full
            // disk); a forced retry and the last round go at once.
            let outcome: Result<[Alert], any Error>
            if delivery.retryDue != nil {
                guard let retried = delivery.retryIfDue(force: force || stop || !woken) else { continue }
                outcome = retried
            } else {
                outcome = Result { try delivery.deliverPending() }
            }
            switch outcome {
            case .success(let written) where failedBefore && !written.isEmpty:
                logger.notice("wrote \(written.count) alert(s) left undelivered by an earlier failure to \(delivery.log.path)")
                failedBefore = false
            case .success(let written):
                if !written.isEmpty { logger.info("wrote \(written.count) alert(s) to \(delivery.log.path)") }
                failedBefore = false
            case .failure(let error):
                failedBefore = true
                logger.error("cannot deliver alerts (trying again in \(Int(delivery.retryInterval)) s, or on SIGHUP): \(error)")
            }
            if stop { return }
        }
    }
}
