import Foundation

/// What a fetch found: the body or "not modified" or a failure, with every HTTP
/// fact the scheduler and the store need.
package struct FetchResult: Sendable {
    package enum Outcome: Sendable {
        case fetched([UInt8])
        case notModified
        case failed(FetchFailure)
    }

    package var outcome: Outcome
    /// The status of the last response (nil when none came).
    package var status: Int?
    /// Where the body came from, after redirects.
    package var finalURL: String
    /// Every URL requested, in order.
    package var chain: [String]
    /// When the redirects began with permanent ones (301/308): where they lead,
    /// so the caller can update the stored URL.
    package var permanentLocation: String?
    /// Validators to send next time, byte-exact: this answer's when it came
    /// from the URL fetched next time, else the ones sent when that URL is
    /// the one they were sent to; nil when none belong to it.
    package var etag: String?
    package var lastModified: String?
    /// 429/503 Retry-After, as an instant.
    package var retryAfter: Date?
    /// Retry-After as the server sent it (seconds or an HTTP date), for showing.
    package var retryAfterHeader: String?
    /// Cache-Control max-age or Expires: do not poll again before this.
    package var freshUntil: Date?
    /// The charset parameter of Content-Type, a hint for the parser.
    package var charset: String?
    package var contentType: String?
    /// Seconds spent, all hops included.
    package var elapsed: Double
    /// What was refused on the way (validators with control characters), for the user.
    package var warnings: [String] = []

    package var body: [UInt8]? {
        if case .fetched(let b) = outcome { return b }
        return nil
    }

    package var failure: FetchFailure? {
        if case .failed(let f) = outcome { return f }
        return nil
    }
}
