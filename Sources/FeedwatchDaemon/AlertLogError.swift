/// The alert log could not be opened, written or read.
package struct AlertLogError: Error, Sendable, CustomStringConvertible {
    package var description: String

    init(_ what: String, _ path: String, errno code: Int32) {
        description = "cannot \(what) the alert log \(path): \(String(cString: strerror(code))). Check the path and its permissions."
    }
}

#if canImport(Glibc)
import Glibc
#endif
