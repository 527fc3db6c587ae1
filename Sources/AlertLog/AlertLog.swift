#if canImport(Glibc)
import Glibc
#endif
import FeedModel
import FeedwatchSupport
import Synchronization

/// The alert log: one line per alert, appended with O_APPEND and fsync'ed
/// before the alert counts as delivered. Follows logrotate both ways: a log
/// moved away (create mode) or deleted is noticed before the next write and
/// a new file is opened at the path; a log truncated in place (copytruncate)
/// is simply appended to at its new end. SIGHUP calls `reopen()`.
package final class AlertLog: Sendable {
    package let path: String
    package let format: AlertLogFormat
    private let fd = Mutex<Int32>(-1)
    /// Bytes of a torn last line (a crash in the middle of a write) dropped when opening.
    package let tornBytes: Int

    package init(path: String, format: AlertLogFormat) throws(AlertLogError) {
        self.path = path
        self.format = format
        let f = try Self.open(path)
        tornBytes = Self.dropTornTail(f)
        fd.withLock { $0 = f }
    }

    deinit {
        fd.withLock { if $0 >= 0 { Glibc.close($0) } }
    }

    private static func open(_ path: String) throws(AlertLogError) -> Int32 {
        // Read-write: opening looks for a torn last line. Non-blocking only while
        // opening, so that a FIFO without a reader cannot hang us before we refuse it.
        let f = Glibc.open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0o644)
        guard f >= 0 else { throw AlertLogError("open", path, errno: errno) }
        var st = stat()
        guard fstat(f, &st) == 0 else {
            let code = errno
            Glibc.close(f)
            throw AlertLogError("open", path, errno: code)
        }
        // Delivery counts an alert as written once fsync says so: a pipe, a
        // terminal or a device cannot be fsync'ed (EINVAL) nor read back after a
        // crash, so every write would count as failed and be repeated.
        guard st.st_mode & S_IFMT == S_IFREG else {
            Glibc.close(f)
            throw AlertLogError(notRegular: path, mode: st.st_mode)
        }
        _ = fcntl(f, F_SETFL, fcntl(f, F_GETFL) & ~O_NONBLOCK)
        return f
    }

    /// A line cut short by a crash holds no complete alert: it is removed so
    /// that the next line starts on a line of its own (the alert it began is
    /// not marked delivered and is written again whole).
    private static func dropTornTail(_ f: Int32) -> Int {
        var st = stat()
        guard fstat(f, &st) == 0, st.st_size > 0 else { return 0 }
        let size = Int(st.st_size)
        var end = size
        var chunk = [UInt8](repeating: 0, count: 4096)
        while end > 0 {
            let start = max(0, end - chunk.count)
            let n = chunk.withUnsafeMutableBytes { pread(f, $0.baseAddress, end - start, off_t(start)) }
            guard n == end - start else { return 0 }
            if let nl = chunk[0..<n].lastIndex(of: 0x0A) {
                let keep = start + nl + 1
                if keep < size { _ = ftruncate(f, off_t(keep)) }
                return size - keep
            }
            end = start
        }
        _ = ftruncate(f, 0)
        return size
    }

    /// Appends the alerts' lines in one write and waits for fsync: when this
    /// returns they are on disk.
    package func append(_ alerts: [Alert]) throws(AlertLogError) {
        guard !alerts.isEmpty else { return }
        var text = ""
        for a in alerts { text += AlertLine.format(a, as: format) + "\n" }
        try followRotation()
        let result: Int32 = fd.withLock { f in
            // Where the file ends now: a write that fails halfway (disk full) is
            // cut back to here, so no fragment is left for the next line to join.
            var before = stat()
            let start = fstat(f, &before) == 0 ? before.st_size : -1
            var bytes = Array(text.utf8)
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeMutableBytes { write(f, $0.baseAddress! + done, $0.count - done) }
                if n < 0 {
                    if errno == EINTR { continue }
                    let code = errno
                    if start >= 0 { _ = ftruncate(f, start) }
                    return code
                }
                done += n
            }
            bytes.removeAll()
            CrashPoint.reached("log-written")
            return fsync(f) == 0 ? 0 : errno
        }
        if result != 0 { throw AlertLogError("write to", path, errno: result) }
    }

    /// Opens the path again (SIGHUP, or the file was moved or deleted).
    package func reopen() throws(AlertLogError) {
        let f = try Self.open(path)
        fd.withLock { old in
            if old >= 0 { Glibc.close(old) }
            old = f
        }
    }

    /// Reopens when the file at `path` is no longer the one we hold.
    private func followRotation() throws(AlertLogError) {
        var atPath = stat(), held = stat()
        let same: Bool = fd.withLock { f in
            guard stat(path, &atPath) == 0, fstat(f, &held) == 0 else { return false }
            return atPath.st_dev == held.st_dev && atPath.st_ino == held.st_ino
        }
        if !same { try reopen() }
    }

    /// Calls `visit` with each complete line of the file at `path`, last first,
    /// until it returns false. Reads backwards in blocks: the end of a large log
    /// costs what the end costs.
    /// `upTo`: read only the first that many bytes (what a follower has not yet seen comes later).
    package static func scanBackward(_ path: String, upTo limit: Int? = nil, _ visit: (Substring) -> Bool) throws(AlertLogError) {
        let f = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        if f < 0 {
            if errno == ENOENT { return }
            throw AlertLogError("read", path, errno: errno)
        }
        defer { Glibc.close(f) }
        var st = stat()
        guard fstat(f, &st) == 0 else { throw AlertLogError("read", path, errno: errno) }
        var end = min(Int(st.st_size), limit ?? Int.max)
        // The start of the earliest line seen so far, whose beginning may lie
        // in the block before.
        var carry: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var first = true
        while end > 0 {
            let start = max(0, end - buffer.count)
            let n = buffer.withUnsafeMutableBytes { pread(f, $0.baseAddress, end - start, off_t(start)) }
            guard n == end - start else { throw AlertLogError("read", path, errno: errno) }
            var data = Array(buffer[0..<n]) + carry
            var segments = data.split(separator: 0x0A, omittingEmptySubsequences: false)
            if first {
                // What follows the last newline is not a complete line (and
                // may be longer than a block).
                segments.removeLast()
                first = segments.isEmpty
            }
            guard let head = segments.first else {
                end = start
                continue
            }
            for line in segments.dropFirst().reversed() where !line.isEmpty {
                if !visit(Substring(String(decoding: line, as: UTF8.self))) { return }
            }
            carry = Array(head)
            data.removeAll()
            end = start
        }
        if !carry.isEmpty { _ = visit(Substring(String(decoding: carry, as: UTF8.self))) }
    }
}
