import AlertLog
import AlertStore
import FeedModel
import FeedwatchSupport
import Foundation
import Synchronization

/// Exactly once: an alert is stored in the transaction of its entry, then
/// appended to the log (fsync), then marked delivered. A crash between any
/// two steps leaves alerts stored but unmarked; `reconcile` finds them at
/// the end of the log (written before the crash) or writes them (not written).
///
/// Delivery is serialised and always takes every undelivered alert in id
/// order, so the log holds alerts in the order they were stored: that is
/// what lets reconciliation stop reading backwards at the first older alert.
/// One instance serves the whole process; a reload that moves the log swaps
/// it here, under the same lock.
package final class AlertDelivery: Sendable {
    package let store: AlertStore
    private struct State {
        var log: AlertLog
        /// A delivery failed after writing may have begun (fsync or marking
        /// failed): the next one looks in the log first, as after a crash.
        var uncertain = false
        /// The last delivery failed (disk full, log unwritable): when to try
        /// again, whether or not a poll brings new alerts by then.
        var retryAt: Date?
    }

    private let state: Mutex<State>
    /// The daemon's writer thread, when one is attached: `deliverSoon` wakes it.
    /// Under a lock of its own: `state`'s is held through a delivery (SQLite,
    /// the log's write and fsync), and every poll's wake waited for it.
    private let worker = Mutex<DeliveryWorker?>(nil)
    /// How long after a failed delivery it is tried again.
    package let retryInterval: TimeInterval

    package init(store: AlertStore, log: AlertLog, retryInterval: TimeInterval = 60) {
        self.store = store
        self.retryInterval = retryInterval
        state = Mutex(State(log: log))
    }

    /// When alerts left undelivered by a failure are tried again (nil: none are).
    package var retryDue: Date? { state.withLock { $0.retryAt } }

    /// Delivers what a failed delivery left pending, once its retry is due
    /// (`force`: now, as on SIGHUP, when the user may just have made room).
    /// nil when nothing was due; else the alerts written, or the failure (the
    /// next retry is then `retryInterval` away).
    package func retryIfDue(now: Date = Date(), force: Bool = false) -> Result<[Alert], any Error>? {
        // Forced (SIGHUP) even when nothing failed: `feedwatch release` may have let held alerts go.
        guard force || (retryDue.map { $0 <= now } ?? false) else { return nil }
        do {
            return .success(try deliverPending(now: now))
        } catch {
            return .failure(error)
        }
    }

    /// Hands delivery to the daemon's writer thread from now on.
    package func attach(_ worker: DeliveryWorker?) {
        self.worker.withLock { $0 = worker }
    }

    /// After a commit stored alerts: the writer thread is woken when there is
    /// one (the daemon); otherwise (`once`, tools) they are written now.
    /// Returns the alerts written here (none when the thread will write them).
    /// `force`: a retry after a failure is not waited for (SIGHUP).
    @discardableResult
    package func deliverSoon(now: Date = Date(), force: Bool = false) throws -> [Alert] {
        if let worker = worker.withLock({ $0 }) {
            worker.wake(force: force)
            return []
        }
        return try deliverPending(now: now)
    }

    /// The alert log in use.
    package var log: AlertLog { state.withLock { $0.log } }

    /// Moves delivery to another log (a reload changed `alert-log` or its format).
    package func replaceLog(_ log: AlertLog) {
        state.withLock { $0.log = log }
    }

    /// Appends every stored, undelivered alert and marks them delivered;
    /// returns them.
    @discardableResult
    package func deliverPending(now: Date = Date()) throws -> [Alert] {
        try state.withLock { s in
            do {
                let written: [Alert]
                if s.uncertain {
                    written = try reconcileLocked(&s, now: now).1
                } else {
                    written = try deliverLocked(&s, now: now)
                }
                s.retryAt = nil
                return written
            } catch {
                s.retryAt = now.addingTimeInterval(retryInterval)
                throw error
            }
        }
    }

    private func deliverLocked(_ s: inout State, now: Date) throws -> [Alert] {
        let pending = try store.undelivered()
        guard !pending.isEmpty else { return [] }
        CrashPoint.reached("stored")
        do {
            try s.log.append(pending)
            CrashPoint.reached("logged")
            try store.markDelivered(pending.map(\.id), at: now)
        } catch {
            s.uncertain = true
            throw error
        }
        return pending
    }

    /// On start: alerts stored but not marked delivered. Those found at the end
    /// of the log (or of the file logrotate moved it to) are marked; the others
    /// are written now. Returns both counts.
    @discardableResult
    package func reconcile(now: Date = Date()) throws -> (alreadyLogged: Int, written: Int) {
        try state.withLock { s in
            let (found, written) = try reconcileLocked(&s, now: now)
            return (found, written.count)
        }
    }

    private func reconcileLocked(_ s: inout State, now: Date) throws -> (Int, [Alert]) {
        let pending = try store.undelivered()
        guard !pending.isEmpty else {
            s.uncertain = false
            return (0, [])
        }
        var missing = Set(pending.map(\.id))
        let oldest = pending.compactMap { store.rowID($0.id) }.min() ?? 0
        var reachedOlder = false
        for path in [s.log.path, s.log.path + ".1"] where !missing.isEmpty && !reachedOlder {
            try AlertLog.scanBackward(path) { line in
                guard let id = AlertLine.id(of: line) else { return true }
                missing.remove(id)
                if let row = store.rowID(id), row < oldest { reachedOlder = true }
                return !missing.isEmpty && !reachedOlder
            }
        }
        let found = pending.filter { !missing.contains($0.id) }
        try store.markDelivered(found.map(\.id), at: now)
        s.uncertain = false
        let written = try deliverLocked(&s, now: now)
        return (found.count, written)
    }
}
