import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A listening TCP socket on a free port of a loopback address, with a thread
/// that accepts connections and serves each on a thread of its own: what the
/// test servers share.
package final class LoopbackListener: Sendable {
    private struct State {
        var stopping = false
        /// Whether the accept loop has ended and closed the descriptor.
        var closed = false
    }

    private let fd: Int32
    package let port: Int
    private let state = Mutex(State())

    package init(address: String, backlog: Int32) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr(address)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard bound == 0, listen(fd, backlog) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        self.fd = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
    }

    package var isStopping: Bool { state.withLock { $0.stopping } }

    /// Accepts until `stop()`, calling `serve` with each connection on a
    /// thread of its own (the connection is closed when it returns).
    package func start(_ serve: @escaping @Sendable (Int32) -> Void) {
        Thread { [self] in acceptLoop(serve) }.start()
    }

    /// Stops accepting. Only shuts the socket down: the accept loop closes it
    /// when it ends. Closed here, its number could be reused by the next
    /// server's listener while the loop still called accept on it, and this
    /// server answered the other server's requests.
    package func stop() {
        state.withLock {
            $0.stopping = true
            if !$0.closed { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptLoop(_ serve: @escaping @Sendable (Int32) -> Void) {
        defer {
            state.withLock {
                $0.closed = true
                close(fd)
            }
        }
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if isStopping { return }
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            if isStopping {
                close(client)
                return
            }
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            Thread {
                serve(client)
                close(client)
            }.start()
        }
    }
}
