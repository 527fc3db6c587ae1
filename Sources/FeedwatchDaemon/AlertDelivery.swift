import AlertStore
import FeedModel
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
package final class AlertDelivery: Sendable {
    package let store: AlertStore
    package let log: AlertLog
    private let serial = Mutex(())

    package init(store: AlertStore, log: AlertLog) {
        self.store = store
        self.log = log
    }

    /// Appends every stored, undelivered alert and marks them delivered;
    /// returns them.
    @discardableResult
    package func deliverPending(now: Date = Date()) throws -> [Alert] {
        try serial.withLock { _ in try deliverLocked(now: now) }
    }

    private func deliverLocked(now: Date) throws -> [Alert] {
        let pending = try store.undelivered()
        guard !pending.isEmpty else { return [] }
        CrashPoint.reached("stored")
        try log.append(pending)
        CrashPoint.reached("logged")
        try store.markDelivered(pending.map(\.id), at: now)
        return pending
    }

    /// On start: alerts stored but not marked delivered. Those found at the end
    /// of the log (or of the file logrotate moved it to) are marked; the others
    /// are written now. Returns both counts.
    @discardableResult
    package func reconcile(now: Date = Date()) throws -> (alreadyLogged: Int, written: Int) {
        try serial.withLock { _ in
            let pending = try store.undelivered()
            guard !pending.isEmpty else { return (0, 0) }
            var missing = Set(pending.map(\.id))
            let oldest = pending.compactMap { store.rowID($0.id) }.min() ?? 0
            var reachedOlder = false
            for path in [log.path, log.path + ".1"] where !missing.isEmpty && !reachedOlder {
                try AlertLog.scanBackward(path) { line in
                    guard let id = AlertLine.id(of: line) else { return true }
                    missing.remove(id)
                    if let row = store.rowID(id), row < oldest { reachedOlder = true }
                    return !missing.isEmpty && !reachedOlder
                }
            }
            let found = pending.filter { !missing.contains($0.id) }
            try store.markDelivered(found.map(\.id), at: now)
            let written = try deliverLocked(now: now)
            return (found.count, written.count)
        }
    }
}
