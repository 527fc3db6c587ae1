/// One HTTP exchange for libcurl to perform: no redirects are followed here (the
/// fetch policy follows them itself, to see every hop).
package struct HTTPRequest: Sendable {
    package var url: String
    /// Extra request headers, sent as given (If-None-Match, If-Modified-Since, ...).
    package var headers: [(name: String, value: String)]
    package var userAgent: String
    /// Seconds to establish the connection (TCP and TLS).
    package var connectTimeout: Double
    /// Seconds for the whole exchange, waiting for the first byte included.
    package var totalTimeout: Double
    /// Abort when fewer than `lowSpeedLimit` bytes/s arrive for `lowSpeedTime`
    /// seconds once the answer has begun (a server that drips).
    package var lowSpeedLimit: Int
    package var lowSpeedTime: Int
    /// The decoded body may not exceed this many bytes; the transfer is aborted
    /// as soon as it would.
    package var maxBodyBytes: Int
    /// Also allow file:// (local sample feeds); never for URLs from the network.
    package var allowFile: Bool

    package init(
        url: String, headers: [(name: String, value: String)] = [], userAgent: String,
        connectTimeout: Double = 10, totalTimeout: Double = 60, lowSpeedLimit: Int = 512, lowSpeedTime: Int = 20,
        maxBodyBytes: Int = 16 << 20, allowFile: Bool = false
    ) {
        self.url = url
        self.headers = headers
        self.userAgent = userAgent
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.maxBodyBytes = maxBodyBytes
        self.allowFile = allowFile
    }
}
