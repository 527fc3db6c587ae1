import FeedModel
import Foundation

/// One pending (alert, sink) row of the outbox: what a sink delivers next.
package struct OutboxItem: Sendable {
    /// The outbox row.
    package var id: Int64
    package var sink: String
    package var alert: Alert
    /// Tries so far (0: never tried).
    package var tries: Int
    /// Not to be tried before this (backoff, Retry-After).
    package var notBefore: Date
}

/// Per sink, what its outbox holds: for `feedwatch deliveries`.
package struct SinkCounts: Sendable, Equatable {
    package var sink: String
    package var delivered = 0
    package var pending = 0
    package var failed = 0
    /// The last error of a row not delivered (pending or failed), newest first.
    package var lastError: String?

    package init(sink: String) { self.sink = sink }
}
