import CurlHTTP
import FeedModel
import FeedwatchSupport
import Foundation
import LibCrypto

/// A webhook: the message POSTed as the sink's format (PUT for Matrix, whose
/// transaction id is the idempotency key), with `Idempotency-Key` set to the
/// alert id and, with a secret-file, an HMAC-SHA256 of the body in
/// `X-Feedwatch-Signature: sha256=HEX` (for Matrix the secret is the access token).
package final class WebhookTransport: SinkTransport {
    package let sink: Sink
    private let session: CurlSession
    private let userAgent: String
    private let connectTimeout: Double

    /// `userAgent` and `connectTimeout`: the fetcher's; the whole exchange
    /// is limited by the sink's `timeout`.
    package init?(sink: Sink, userAgent: String, connectTimeout: Double = 10) {
        guard let session = CurlSession() else { return nil }
        self.sink = sink
        self.session = session
        self.userAgent = userAgent
        self.connectTimeout = connectTimeout
    }

    package func cancel() { session.cancel() }

    /// The URL, method, headers and body of the request for `m`.
    package func request(for m: SinkMessage) -> (url: String, method: String, headers: [(name: String, value: String)], body: [UInt8]) {
        var url = sink.url
        var method = "POST"
        let text: String
        switch sink.format {
        case .json: text = SinkPayload.json(m)
        case .slack: text = SinkPayload.slack(m)
        case .discord: text = SinkPayload.discord(m)
        case .matrix:
            text = SinkPayload.matrix(m)
            method = "PUT"
            url = (url.hasSuffix("/") ? url : url + "/") + (m.key.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? m.key)
        case .ntfy:
            let (root, topic) = Self.ntfyParts(url)
            url = root
            text = SinkPayload.ntfy(m, topic: topic)
        }
        let body = Array(text.utf8)
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json"), ("Idempotency-Key", m.key)]
        if let secret = sink.secret {
            if sink.format == .matrix {
                headers.append(("Authorization", "Bearer \(secret.text)"))
            } else if let mac = HMACSHA256.hex(key: secret.bytes, data: body) {
                headers.append(("X-Feedwatch-Signature", "sha256=\(mac)"))
            }
        }
        return (url, method, headers, body)
    }

    /// RFC 3986's unreserved characters: a transaction id as it is.
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `https://ntfy.sh/mytopic` → the root `https://ntfy.sh/` and the topic `mytopic`.
    static func ntfyParts(_ url: String) -> (root: String, topic: String) {
        guard let u = URL(string: url), let topic = u.pathComponents.last, topic != "/" else { return (url, "feedwatch") }
        let root = url.dropLast(topic.count + (url.hasSuffix("/") ? 1 : 0))
        return (String(root), topic)
    }

    package func send(_ m: SinkMessage) -> DeliveryOutcome {
        let r = request(for: m)
        let http = HTTPRequest(url: r.url, headers: r.headers, userAgent: userAgent, connectTimeout: connectTimeout,
                               totalTimeout: sink.timeout, maxBodyBytes: 4096)
        switch session.send(http, method: r.method, body: r.body) {
        case .failure(let e):
            return .retry(e.message, after: nil)
        case .success(let response):
            return Self.outcome(response)
        }
    }

    /// 2xx delivered; 429, 408, 425 and 5xx tried again (after Retry-After when
    /// given); a redirect or another 4xx refused.
    static func outcome(_ r: HTTPResponse) -> DeliveryOutcome {
        let answer = String(decoding: r.body.prefix(200), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        let said = "HTTP \(r.status)\(answer.isEmpty ? "" : ": " + answer)"
        switch r.status {
        case 200..<300: return .delivered(said)
        case 429, 408, 425, 500..<600: return .retry(said, after: r.header("Retry-After").flatMap(retryAfter))
        case 300..<400: return .park("\(said) (redirected to \(r.header("Location") ?? "?"): put the new address in url =)")
        default: return .park(said)
        }
    }

    /// Seconds, or an HTTP date.
    static func retryAfter(_ value: String) -> TimeInterval? {
        if let s = Double(value.trimmingCharacters(in: .whitespaces)), s >= 0 { return s }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return f.date(from: value).map { max(0, $0.timeIntervalSinceNow) }
    }
}
