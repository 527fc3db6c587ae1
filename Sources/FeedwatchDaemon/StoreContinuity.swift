#if canImport(Glibc)
import AlertLog
import Glibc
#endif
import AlertStore
import Logging

/// Whether the store and the alert log belong together. The store is what
/// remembers which stories were alerted; the log outlives it. A store that is
/// new (deleted, truncated to nothing) or another one (replaced) beside a log
/// whose newest alert carries another store's instance id would alert every
/// story still in the feeds again, silently: `run` and `once` refuse that
/// unless told `--new-store`.
package enum StoreContinuity {
    /// meta key: the store instance whose alerts ended the log when this store
    /// was started with `--new-store` (its alerts are expected there).
    static let adoptedKey = "adopted_log_instance"

    /// The newest alert id in the log, or in the file logrotate moved it to.
    static func newestAlert(in logPath: String) throws(AlertLogError) -> String? {
        var found: String?
        for path in [logPath, logPath + ".1"] where found == nil {
            try AlertLog.scanBackward(path) { line in
                found = AlertLine.id(of: line)
                return found == nil
            }
        }
        return found
    }

    /// The instance part of an alert id (`ab0f94f3-17` → `ab0f94f3`).
    static func instance(of id: String) -> String {
        String(id.prefix { $0 != "-" })
    }

    /// Before the store is opened: a missing or empty store file beside a log
    /// of alerts is refused without creating anything, so that a backup can
    /// be put back as it was.
    static func checkBeforeOpening(database: String, logPath: String, newestAlert: String?, newStore: Bool) throws(DaemonContext.StartError) {
        guard let newest = newestAlert, !newStore else { return }
        var st = stat()
        let missing = stat(database, &st) != 0
        guard missing || st.st_size == 0 else { return }
        throw .runtime(refusal(database: database, state: missing ? "does not exist (deleted or moved?)" : "is empty (truncated?)",
                               logPath: logPath, newest: newest))
    }

    /// After opening: a store that did not write the log's newest alert (and
    /// was not started with `--new-store` on this log) is refused; with
    /// `newStore`, the log's store is recorded as adopted.
    static func check(store: AlertStore, logPath: String, newestAlert: String?, newStore: Bool, logger: Logger) throws(DaemonContext.StartError) {
        guard let newest = newestAlert else { return }
        let foreign = instance(of: newest)
        do {
            let adopted = try store.meta(adoptedKey)
            if foreign == store.instance || foreign == adopted { return }
            guard newStore else {
                throw DaemonContext.StartError.runtime(refusal(
                    database: store.path, state: "is store instance \(store.instance), which did not write that alert (replaced, or new?)",
                    logPath: logPath, newest: newest))
            }
            try store.setMeta(adoptedKey, foreign)
        } catch let e as DaemonContext.StartError {
            throw e
        } catch {
            throw .runtime("\(error)")
        }
        logger.warning("""
            --new-store: store \(store.path) (instance \(store.instance)) starts beside the alert log \(logPath), whose newest alert \
            \(newest) came from store \(foreign): stories still in the feeds are alerted again once
            """)
    }

    private static func refusal(database: String, state: String, logPath: String, newest: String) -> String {
        """
        not starting: the store \(database) \(state), but the alert log \(logPath) holds alerts of store instance \
        \(instance(of: newest)) (the newest: \(newest)). The store that remembered which stories were alerted was deleted, \
        truncated or replaced; started on this one, feedwatch would alert every story still in the feeds again. \
        To keep going without repeats, put that store back (restore \(database) from a backup). To start afresh and accept \
        the repeats, start again with --new-store (or move the alert log away).
        """
    }
}
