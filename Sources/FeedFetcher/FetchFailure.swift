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

    /// An HTTP failure in words, as a feed reader's user needs it (Miniflux does the same).
    static func words(_ code: Int) -> String {
        switch code {
        case 400: return "the server calls the request bad (HTTP 400 Bad Request): check the URL"
        case 401: return "the feed needs a login (HTTP 401 Unauthorized): feedwatch sends no credentials; use a public feed URL"
        case 403: return "the server refuses feedwatch (HTTP 403 Forbidden): it blocks this client or address; try the URL in a browser, or set user-agent = in feeds.conf"
        case 404: return "no feed at this URL (HTTP 404 Not Found): it moved or the URL is wrong; look for the feed link on the site"
        case 405, 406, 415: return "the server will not serve this request (HTTP \(code)): check that the URL is the feed's, not a page's"
        case 451: return "the feed is blocked for legal reasons (HTTP 451) where feedwatch runs"
        case 500: return "the server failed (HTTP 500 Internal Server Error): its problem; retried later"
        case 502: return "the server's gateway got no good answer (HTTP 502 Bad Gateway): retried later"
        case 503: return "the server is unavailable (HTTP 503 Service Unavailable): retried later"
        case 504: return "the server's gateway timed out (HTTP 504 Gateway Timeout): retried later"
        case 500..<600: return "the server failed (HTTP \(code)): its problem; retried later"
        case 400..<500: return "the server refused the request (HTTP \(code)): check the URL"
        default: return "the server answered HTTP \(code), which is not a feed"
        }
    }

    package var description: String {
        switch self {
        case .invalidURL(let why): return "bad URL: \(why)"
        case .dns(let detail): return "the host name could not be resolved (\(detail)): check the URL or the network"
        case .connect(let detail): return "could not connect, or the connection broke (\(detail))"
        case .tls(let detail): return "TLS failed (\(detail)): the certificate or the server's TLS set-up is wrong"
        case .timeout(let detail): return "timed out: \(detail)"
        case .tooLarge(let limit): return "the feed is larger than \(limit / (1 << 20)) MiB: stopped reading it"
        case .httpStatus(let code): return Self.words(code)
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
