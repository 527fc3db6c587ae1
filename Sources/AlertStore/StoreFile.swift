#if canImport(Glibc)
import Glibc
#endif

/// Which file a path names (device and inode): how the daemon tells that the
/// store it holds open is still the one at its path, and not deleted or
/// replaced by another file (a restored backup, a copy) behind its back.
struct StoreFile: Sendable, Equatable {
    let device: UInt64
    let inode: UInt64

    /// The file at `path` now.
    init(path: String) throws(StoreError) {
        var st = stat()
        guard stat(path, &st) == 0 else {
            let why = String(cString: strerror(errno))
            throw StoreError("the store \(path) is gone (\(why)): it was deleted or moved while feedwatch had it open")
        }
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
    }
}
