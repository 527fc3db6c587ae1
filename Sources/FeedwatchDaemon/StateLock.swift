#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// One feedwatch at a time on a state directory: `run` and `once` hold an
/// exclusive flock on `feedwatch.lock` there for as long as they live. Two
/// writers would each deliver what the other stored (alerts twice) and could
/// cut each other's log lines. Readers (`alerts`, `feeds`, `tail`) need no lock.
package final class StateLock: Sendable {
    private let fd: Int32

    /// Takes the lock, or says who has it.
    package init(directory: String) throws(DaemonContext.StartError) {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/feedwatch.lock"
        let f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard f >= 0 else {
            throw .runtime("cannot open \(path): \(String(cString: strerror(errno))); check that \(directory) is writable")
        }
        guard flock(f, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = read(f, &buffer, buffer.count)
            let holder = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
            close(f)
            throw .runtime("another feedwatch (pid \(holder)) is running on \(directory): stop it first, or give this one another --state-dir")
        }
        _ = ftruncate(f, 0)
        let pid = Array("\(getpid())\n".utf8)
        _ = pid.withUnsafeBytes { pwrite(f, $0.baseAddress, $0.count, 0) }
        fd = f
    }

    deinit {
        close(fd)
    }
}
