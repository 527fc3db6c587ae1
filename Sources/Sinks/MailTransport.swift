import CurlHTTP
import FeedModel
import FeedwatchSupport
import Foundation

/// An smtp sink: one plain-text message per alert (or digest) through
/// libcurl's SMTP, `Message-ID` made from the idempotency key so that the
/// same alert sent twice (after a crash) is the same message to a mail
/// system that dedupes.
package final class MailTransport: SinkTransport {
    package let sink: Sink
    private let session: CurlSession
    private let connectTimeout: Double

    package init?(sink: Sink, connectTimeout: Double = 10) {
        guard let session = CurlSession() else { return nil }
        self.sink = sink
        self.session = session
        self.connectTimeout = connectTimeout
    }

    package func cancel() { session.cancel() }

    /// `<KEY@feedwatch.invalid>`: the key's characters are letters, digits and '-'.
    package static func messageID(_ key: String) -> String {
        "<\(key.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })@feedwatch.invalid>"
    }

    /// The whole message, CRLF line ends, headers free of anything a feed could
    /// use to add a header of its own (CR, LF and other controls are dropped).
    package func message(_ m: SinkMessage, date: Date = Date()) -> [UInt8] {
        let first = m.alerts.first
        let subject = m.isDigest
            ? "feedwatch digest \(m.period ?? ""): \(m.alerts.count) alert(s) in \(m.byTopic.count) topic(s)"
            : "[\(first?.topic ?? "")] \(first?.title ?? "(untitled)")"
        let body = SinkPayload.text(m, header: { "\n== \($0) ==" }, line: { a in
            var lines = [m.isDigest ? "- \(a.title ?? "(untitled)")" : a.title ?? "(untitled)"]
            if let link = a.link { lines.append("  \(link)") }
            lines.append("  \(a.feed), \(UTCTime.iso8601(a.time))")
            return lines.joined(separator: "\n")
        })
        let headers = [
            "From: \(Self.header(sink.from))",
            "To: \(sink.to.map(Self.header).joined(separator: ", "))",
            "Subject: \(Self.encoded(Self.header(subject)))",
            "Date: \(Self.rfc5322(date))",
            "Message-ID: \(Self.messageID(m.key))",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "X-Feedwatch-Alert-Id: \(Self.header(m.key))",
        ]
        // A line of just "." would end the message early in SMTP; libcurl escapes it, but a body kept short of 998 octets per line is ours.
        let bodyLines = body.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.prefix(900)) }
        return Array((headers + [""] + bodyLines).joined(separator: "\r\n").utf8) + [13, 10]
    }

    package func send(_ m: SinkMessage) -> DeliveryOutcome {
        let result = session.sendMail(url: sink.url, from: sink.from, to: sink.to, user: sink.user, password: sink.secret?.text,
                                      message: message(m), connectTimeout: connectTimeout, totalTimeout: sink.timeout)
        switch result {
        case .success(let code): return .delivered("SMTP \(code)")
        case .failure(let e):
            // 5xx from the server is a refusal (bad recipient, bad login); the rest may pass.
            if let code = Self.replyCode(e.message), (500..<600).contains(code) { return .park(e.message) }
            return .retry(e.message, after: nil)
        }
    }

    static func replyCode(_ message: String) -> Int? {
        guard let r = message.range(of: "the server's last reply: ") else { return nil }
        return Int(message[r.upperBound...].prefix(3))
    }

    static func header(_ s: String) -> String {
        String(s.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init)).trimmingCharacters(in: .whitespaces)
    }

    /// RFC 2047 for a subject that is not ASCII: encoded words of at most 45
    /// bytes of text each (75 characters encoded), never splitting a character.
    static func encoded(_ s: String) -> String {
        guard !s.allSatisfy(\.isASCII) else { return s }
        var words: [String] = []
        var chunk = ""
        for c in s {
            if chunk.utf8.count + c.utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(c)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    static func rfc5322(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return f.string(from: date)
    }
}
