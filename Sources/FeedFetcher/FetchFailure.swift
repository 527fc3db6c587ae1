import Foundation

/// Why a fetch failed: a small closed set the scheduler can act on.
package enum FetchFailure: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidURL(String)
    case dns(String)
    case connect(String)
    case tls(String)
    case timeout(String)
    case tooLarge(limit: Int)
    case httpStatus(Int)
    case redirectLoop([String])
    case rateLimited(retryAfter: Date?)
    case gone
    /// This machine, not the feed: the process had no file descriptor left.
    case outOfFileDescriptors(String)

    package var description: String {
        switch self {
        case .invalidURL(let why): return "bad URL: \(why)"
        case .dns(let detail): return "the host name could not be resolved (\(detail)): check the URL or the network"
        case .connect(let detail): return "could not connect, or the connection broke (\(detail))"
        case .tls(let detail): return "TLS failed (\(detail)): the certificate or the server's TLS set-up is wrong"
        case .timeout(let detail): return "timed out: \(detail)"
        case .tooLarge(let limit): return "the feed is larger than \(limit / (1 << 20)) MiB: stopped reading it"
        case .httpStatus(let code): return "the server answered HTTP \(code)"
        case .redirectLoop(let chain):
            return "redirects go round in a loop or too far: " + chain.joined(separator: " → ")
        case .rateLimited(let date):
            if let date { return "rate limited: the server asks to wait until \(HTTPDate.format(date))" }
            return "rate limited by the server (429/503 without Retry-After)"
        case .gone: return "the feed is gone (HTTP 410): remove it from feeds.conf"
        case .outOfFileDescriptors(let detail):
            return "feedwatch has no file descriptor left (\(detail)): not the feed's fault; raise the limit (ulimit -n, systemd's LimitNOFILE=)"
        }
    }
}
