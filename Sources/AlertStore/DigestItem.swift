import FeedModel
import Foundation

/// A digest: the alerts of one sink's period, sent as one message, again
/// whole until it is delivered.
package struct DigestItem: Sendable {
    package var id: Int64
    /// The idempotency key (the digest's Message-ID, say): the same on every try.
    package var key: String
    package var sink: String
    package var period: String
    package var alerts: [Alert]
    package var tries: Int
    package var notBefore: Date
}
