import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 for fetch tests and benchmarks: one thread
/// per connection, one response per connection (`Connection: close`), answers
/// decided by a handler the test gives. It counts requests served at once, so a
/// test can check per-host limits from the server's side.
package final class TestHTTPServer: Sendable {
    /// A request as the server read it.
    package struct Request: Sendable {
        package var method: String
        package var path: String
        package var headers: [String: String]  // names lower-cased
        /// The body, as long as Content-Length said (webhook receivers read it).
        package var body: [UInt8] = []

        package func header(_ name: String) -> String? { headers[name.lowercased()] }
        package var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// How to answer.
    package struct Response: Sendable {
        package var status: Int
        package var reason: String
        package var headers: [(String, String)]
        package var body: [UInt8]
        /// Wait this long before answering at all.
        package var delay: Double = 0
        /// Send the body one byte every `dripInterval` seconds.
        package var dripInterval: Double? = nil
        /// Close the connection with a TCP reset instead of answering.
        package var reset = false
        /// Never answer; hold the connection until the server stops.
        package var hang = false

        package init(status: Int = 200, reason: String? = nil, headers: [(String, String)] = [], body: [UInt8] = []) {
            self.status = status
            self.reason = reason ?? TestHTTPServer.reasons[status] ?? "Status"
            self.headers = headers
            self.body = body
        }

        package init(status: Int = 200, headers: [(String, String)] = [], text: String) {
            self.init(status: status, headers: headers, body: Array(text.utf8))
        }
    }

    static let reasons: [Int: String] = [
        200: "OK", 301: "Moved Permanently", 302: "Found", 304: "Not Modified", 307: "Temporary Redirect",
        308: "Permanent Redirect", 404: "Not Found", 410: "Gone", 429: "Too Many Requests", 500: "Internal Server Error",
        503: "Service Unavailable",
    ]

    private struct State: ~Copyable {
        var inFlight = 0
        var maxInFlight = 0
        var requests: [Request] = []
    }

    private let listener: LoopbackListener
    package var port: Int { listener.port }
    private let state = Mutex(State())
    private let handler: @Sendable (Request) -> Response

    /// Starts listening on a free port of `address`: another address of
    /// 127.0.0.0/8 (127.0.0.2, …) is another host to a client's per-host limits.
    package init(address: String = "127.0.0.1", handler: @escaping @Sendable (Request) -> Response) throws {
        self.handler = handler
        self.address = address
        listener = try LoopbackListener(address: address, backlog: 512)
        listener.start { [self] client in self.serve(client) }
    }

    package let address: String
    package var baseURL: String { "http://\(address):\(port)" }

    /// The most requests being served at once: from the moment a request was read
    /// until its answer starts. The client cannot have started another request on
    /// that slot before then, so this never overcounts.
    package var maxConcurrentRequests: Int { state.withLock { $0.maxInFlight } }

    package var requests: [Request] { state.withLock { $0.requests } }

    /// Stops accepting; hanging handlers give up.
    package func stop() { listener.stop() }

    private var stopping: Bool { listener.isStopping }

    private func serve(_ fd: Int32) {
        guard let request = readRequest(fd) else { return }
        state.withLock {
            $0.requests.append(request)
            $0.inFlight += 1
            $0.maxInFlight = max($0.maxInFlight, $0.inFlight)
        }
        let response = handler(request)
        if response.delay > 0 { sleepUnlessStopping(response.delay) }
        // The answer starts now: from here the client may see it and go on.
        state.withLock { $0.inFlight -= 1 }
        if response.hang {
            while !stopping { usleep(20_000) }
            return
        }
        if response.reset {
            var lin = linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &lin, socklen_t(MemoryLayout<linger>.size))
            return
        }
        var head = "HTTP/1.1 \(response.status) \(response.reason)\r\n"
        var hasLength = false
        for (name, value) in response.headers {
            head += "\(name): \(value)\r\n"
            if name.lowercased() == "content-length" { hasLength = true }
        }
        if !hasLength && response.status != 304 { head += "Content-Length: \(response.body.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        guard sendAll(fd, Array(head.utf8)) else { return }
        if request.method == "HEAD" || response.status == 304 { return }
        if let interval = response.dripInterval {
            for b in response.body {
                if stopping || !sendAll(fd, [b]) { return }
                sleepUnlessStopping(interval)
            }
        } else {
            _ = sendAll(fd, response.body)
        }
    }

    private func sleepUnlessStopping(_ seconds: Double) {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end, !stopping { usleep(10_000) }
    }

    private func readRequest(_ fd: Int32) -> Request? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while data.count < 65536 {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 4096, 0) }
            if n <= 0 { return nil }
            data.append(contentsOf: buffer[0..<n])
            if let end = data.firstRange(of: [13, 10, 13, 10]) {
                let head = String(decoding: data[..<end.lowerBound], as: UTF8.self)
                var lines = head.components(separatedBy: "\r\n")
                let first = lines.removeFirst().split(separator: " ")
                guard first.count >= 2 else { return nil }
                var headers: [String: String] = [:]
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                var body = Array(data[end.upperBound...])
                let length = min(Int(headers["content-length"] ?? "") ?? 0, 16 << 20)
                while body.count < length {
                    let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 4096, 0) }
                    if n <= 0 { return nil }
                    body.append(contentsOf: buffer[0..<n])
                }
                return Request(method: String(first[0]), path: String(first[1]), headers: headers, body: Array(body.prefix(length)))
            }
        }
        return nil
    }

    private func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }
}
