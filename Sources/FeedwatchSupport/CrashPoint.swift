#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Named points in the delivery path where the crash tests kill the process:
/// `FEEDWATCH_CRASH_AT=stored:3` sends SIGKILL to ourselves the third time
/// the alerts of a poll have been committed to the store, before the log has
/// them. Without the variable (always, outside tests) this is one comparison.
package enum CrashPoint {
    private static let target: (name: String, count: Int)? = {
        guard let raw = getenv("FEEDWATCH_CRASH_AT").map({ String(cString: $0) }) else { return nil }
        let parts = raw.split(separator: ":")
        guard parts.count == 2, let n = Int(parts[1]), n > 0 else { return nil }
        return (String(parts[0]), n)
    }()
    private static let hits = Mutex(0)

    /// Points: `stored` (alerts committed, not logged), `log-written` (written,
    /// not fsync'ed), `logged` (fsync'ed, not marked delivered).
    package static func reached(_ name: String) {
        guard let target, target.name == name else { return }
        let n = hits.withLock { h in
            h += 1
            return h
        }
        if n == target.count { kill(getpid(), SIGKILL) }
    }
}
