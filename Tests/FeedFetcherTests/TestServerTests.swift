@testable import FeedFetcher
import FeedwatchTestSupport
import Foundation
import Testing

/// The loopback servers every other test relies on: many start and stop in
/// one process, so one must never answer for another.
@Suite("The loopback test servers")
struct TestServerTests {
    /// Opens a connection to `port` and leaves it to the server (its accept
    /// loop is then busy when the server stops: the moment that matters). A
    /// connection that fails only makes that moment less likely: not checked.
    static func knock(_ port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        _ = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        close(fd)
    }

    @Test("a server stopped while others start never answers their requests")
    func stoppedServerStaysOut() async throws {
        let fetcher = try FeedFetcherTests.fetcher()
        defer { fetcher.shutdown() }
        let found = try await withThrowingTaskGroup(of: (wrong: [String], failed: [String]).self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var wrong: [String] = [], failed: [String] = []
                    for round in 0..<40 {
                        let id = "server \(worker)-\(round)"
                        let server = try TestHTTPServer { _ in .init(body: Array(id.utf8)) }
                        let r = await fetcher.fetch(FetchRequest(url: server.baseURL + "/feed"))
                        if let failure = r.failure {
                            failed.append("\(id): \(failure)")
                        } else if let body = r.body, body != Array(id.utf8) {
                            wrong.append("\(id) answered by \(String(decoding: body, as: UTF8.self))")
                        }
                        Self.knock(server.port)
                        server.stop()
                    }
                    return (wrong, failed)
                }
            }
            return try await group.reduce(into: (wrong: [String](), failed: [String]())) {
                $0.wrong += $1.wrong
                $0.failed += $1.failed
            }
        }
        #expect(found.wrong.isEmpty, "\(found.wrong.count) answered by another server: \(found.wrong.prefix(3))")
        #expect(found.failed.isEmpty, "\(found.failed.count) fetches failed: \(found.failed.prefix(3))")
    }
}
