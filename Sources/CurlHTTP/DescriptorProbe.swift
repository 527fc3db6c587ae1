#if canImport(Glibc)
import Glibc
#endif

/// Whether this process can open a file descriptor right now. libcurl reports
/// a socket() that failed for want of descriptors as "couldn't connect" (and
/// a file it could not open as "couldn't read"), the same words as a server
/// that is down: asking the system tells the two apart, so that a full
/// descriptor table is not blamed on the feed.
package enum DescriptorProbe {
    package static func exhausted() -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if fd >= 0 {
            close(fd)
            return false
        }
        return errno == EMFILE || errno == ENFILE
    }
}
