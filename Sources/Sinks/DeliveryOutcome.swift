import Foundation

/// What one try at delivering a message came to.
package enum DeliveryOutcome: Sendable, Equatable {
    /// The receiver took it; what it answered, for `test-sink` and the debug log.
    case delivered(String)
    /// Try again later: why, and the receiver's own wait when it gave one (429/503 Retry-After).
    case retry(String, after: TimeInterval?)
    /// The receiver refused in a way another try will not change (HTTP 400,
    /// 401, 404): parked as failed at once, for the user to fix and `retry`.
    case park(String)

    package var summary: String {
        switch self {
        case .delivered(let s): return "delivered: \(s)"
        case .retry(let s, let after): return "failed, to be tried again\(after.map { " (the receiver asks for \(Int($0)) s)" } ?? ""): \(s)"
        case .park(let s): return "refused: \(s)"
        }
    }
}
