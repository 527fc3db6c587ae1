/// What came back: the status line, the headers of the final response as
/// received (byte-exact values), and the decoded body.
package struct HTTPResponse: Sendable {
    /// 0 for file:// URLs.
    package var status: Int
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]
    /// Seconds from start to end of the exchange.
    package var totalTime: Double

    package init(status: Int, headers: [(name: String, value: String)], body: [UInt8], totalTime: Double) {
        self.status = status
        self.headers = headers
        self.body = body
        self.totalTime = totalTime
    }

    /// The first header with this name (case-insensitive), value as received.
    package func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }
}
