#if canImport(Glibc)
import Glibc
#endif

/// Reads what is appended to a file, across rotation: a new file at the path
/// (moved away, re-created) is read from its start, and so is one truncated
/// in place (copytruncate).
package struct LogFollower {
    package let path: String
    private var fd: Int32 = -1
    private var inode: ino_t = 0
    /// Bytes of the current file already read (or, at the start, its size).
    package private(set) var offset: off_t = 0
    private var partial: [UInt8] = []

    /// Starts at the current end of the file.
    package init(path: String) {
        self.path = path
        openAtEnd()
    }

    private mutating func openAtEnd() {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        var st = stat()
        if fd >= 0, fstat(fd, &st) == 0 {
            inode = st.st_ino
            offset = st.st_size
        }
    }

    /// Complete lines written since the last call.
    package mutating func newLines() -> [Substring] {
        var atPath = stat()
        var lines: [Substring] = []
        if stat(path, &atPath) == 0 {
            if fd < 0 || atPath.st_ino != inode {
                // Rotated: what was written to the old file before the move is
                // shown first, then the new file from its start.
                if fd >= 0 {
                    lines += readAppended()
                    close(fd)
                }
                fd = open(path, O_RDONLY | O_CLOEXEC)
                inode = atPath.st_ino
                offset = 0
                partial.removeAll()
            } else if atPath.st_size < offset {
                offset = 0
                partial.removeAll()
            }
        }
        guard fd >= 0 else { return lines }
        return lines + readAppended()
    }

    private mutating func readAppended() -> [Substring] {
        var lines: [Substring] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
            guard n > 0 else { break }
            offset += off_t(n)
            partial += buffer[0..<n]
            while let nl = partial.firstIndex(of: 0x0A) {
                lines.append(Substring(String(decoding: partial[..<nl], as: UTF8.self)))
                partial.removeSubrange(...nl)
            }
        }
        return lines
    }
}
