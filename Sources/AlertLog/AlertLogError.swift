/// The alert log could not be opened, written or read.
package struct AlertLogError: Error, Sendable, CustomStringConvertible {
    package var description: String

    package init(_ what: String, _ path: String, errno code: Int32) {
        description = "cannot \(what) the alert log \(path): \(String(cString: strerror(code))). Check the path and its permissions."
    }

    /// The path names a FIFO, a terminal, a device or a socket (`/dev/stdout` into a pipe).
    package init(notRegular path: String, mode: mode_t) {
        let kind: String
        switch mode & S_IFMT {
        case S_IFIFO: kind = "a pipe (FIFO)"
        case S_IFCHR: kind = "a character device or terminal"
        case S_IFSOCK: kind = "a socket"
        case S_IFDIR: kind = "a directory"
        case S_IFBLK: kind = "a block device"
        default: kind = "not a regular file"
        }
        description = """
            the alert log \(path) is \(kind): it must be a regular file (each alert is fsync'ed there \
            and looked for again after a crash). Set alert-log to a file; to pipe alerts into \
            another program, run `feedwatch tail -f` (or, with alert-log-format = json, `tail -F` the file) \
            and pipe that
            """
    }
}

#if canImport(Glibc)
import Glibc
#endif
