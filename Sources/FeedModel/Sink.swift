import Foundation

/// A `[sink NAME]` of feeds.conf: a place alerts are delivered to besides the
/// log (a webhook, a mailbox, a command), each from its own outbox rows.
package struct Sink: Sendable, Equatable {
    package enum Kind: String, Sendable, CaseIterable {
        case webhook, smtp, exec
    }

    /// The JSON body a webhook gets: ours, or what a service's incoming webhook takes.
    package enum Format: String, Sendable, CaseIterable {
        case json, slack, matrix, ntfy, discord
    }

    /// Each alert alone, or one message per period.
    package enum Digest: Sendable, Equatable, CustomStringConvertible {
        case instant
        case hourly
        /// At this local time each day.
        case daily(hour: Int, minute: Int)

        package var description: String {
            switch self {
            case .instant: return "instant"
            case .hourly: return "hourly"
            case .daily(let h, let m): return "daily " + String(format: "%02d:%02d", h, m)
            }
        }
    }

    package var name: String
    package var kind: Kind
    /// webhook: http(s); smtp: smtp:// (STARTTLS required) or smtps:// (TLS from the start).
    package var url: String = ""
    package var format: Format = .json
    /// The key of the HMAC-SHA256 signature header (webhook) or the password (smtp).
    package var secret: Secret?
    /// At most this many deliveries a minute (nil: as fast as the receiver answers).
    package var perMinute: Int?
    /// Tries before an outbox row is parked as failed.
    package var maxTries = 10
    /// The wait after a first failed try; it doubles after each one (capped at 30 min).
    package var backoff: TimeInterval = 2
    package var digest: Digest = .instant
    package var from: String = ""
    package var to: [String] = []
    /// smtp: the login name (the password is `secret`).
    package var user: String?
    /// exec: the program and its arguments, `{topic}` and the like still in them.
    package var command: [String] = []
    /// exec: seconds before the command is killed; webhook/smtp: the whole exchange.
    package var timeout: TimeInterval = 30
    /// Where it is defined in feeds.conf.
    package var line = 0

    package init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

/// Bytes read from a `secret-file`: kept out of every description, so that
/// a log line or `check-config` printing a sink never shows them.
package struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    package let bytes: [UInt8]
    /// The file it came from (which may be shown).
    package let file: String

    package init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    package var text: String { String(decoding: bytes, as: UTF8.self) }
    package var description: String { "(secret from \(file))" }
    package var debugDescription: String { description }
}
