import AlertLog
import FeedModel
import FeedwatchSupport
import Foundation

/// The bodies a message becomes: our own JSON (webhook `json`, and what an
/// exec command reads on standard input), or what each service's incoming
/// webhook takes. Feed text is only ever a JSON string here, escaped by the
/// writer, and marked up only where the service renders markup.
package enum SinkPayload {
    /// The alert log's JSON line for an alert (`{"id", "time", "topic", "feed",
    /// "title", "link", "matched"}`, then `story`, `backfilled` when set);
    /// `{"digest": period, "id", "alerts": [...]}` for a digest.
    package static func json(_ m: SinkMessage) -> String {
        var w = JSONWriter(pretty: false)
        if let period = m.period {
            w.beginObject()
            w.key("digest"); w.string(period)
            w.key("id"); w.string(m.key)
            w.key("alerts"); w.beginArray()
            for a in m.alerts { alert(a, into: &w) }
            w.endArray()
            w.endObject()
        } else if let a = m.alerts.first {
            alert(a, into: &w)
        }
        return w.output
    }

    /// The alert as the log's JSON line has it (story and backfilled included).
    private static func alert(_ a: Alert, into w: inout JSONWriter) { AlertLine.write(a, into: &w) }

    /// Slack's incoming webhook: `{"text": ...}` in its mrkdwn, where `&`, `<`
    /// and `>` must be escaped and a link is `<url|label>`.
    package static func slack(_ m: SinkMessage) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        func line(_ a: Alert) -> String {
            let title = esc(a.title ?? "(untitled)")
            let linked = a.link.map { "<\(esc($0))|\(title.replacingOccurrences(of: "|", with: "¦"))>" } ?? title
            return m.isDigest ? "• \(linked) (\(esc(a.feed)))" : "*\(esc(a.topic))*: \(linked) (\(esc(a.feed)))"
        }
        return object(["text": text(m, header: { "*\(esc($0))*" }, line: line)])
    }

    /// Discord's execute-webhook: `{"content": ...}` (at most 2000 characters),
    /// with mentions off, so that a feed title saying @everyone pings nobody.
    package static func discord(_ m: SinkMessage) -> String {
        func line(_ a: Alert) -> String {
            let link = a.link.map { " <\($0)>" } ?? ""
            return m.isDigest ? "- \(a.title ?? "(untitled)")\(link)" : "**\(a.topic)**: \(a.title ?? "(untitled)")\(link)"
        }
        var content = text(m, header: { "**\($0)**" }, line: line)
        if content.count > 2000 { content = String(content.prefix(1990)) + "\n…" }
        var w = JSONWriter(pretty: false)
        w.beginObject()
        w.key("content"); w.string(content)
        w.key("allowed_mentions"); w.beginObject(); w.key("parse"); w.strings([]); w.endObject()
        w.endObject()
        return w.output
    }

    /// Matrix's m.room.message content (sent with PUT to
    /// .../rooms/ROOM/send/m.room.message/TXNID): a plain body and an HTML one.
    package static func matrix(_ m: SinkMessage) -> String {
        func html(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let plain = text(m, header: { $0 }, line: { a in "\(m.isDigest ? "- " : a.topic + ": ")\(a.title ?? "(untitled)")\(a.link.map { " " + $0 } ?? "")" })
        let formatted = text(m, header: { "<b>\(html($0))</b><br>" }, line: { a in
            let title = html(a.title ?? "(untitled)")
            let linked = a.link.map { "<a href=\"\(html($0))\">\(title)</a>" } ?? title
            return (m.isDigest ? "• " : "<b>\(html(a.topic))</b>: ") + linked + "<br>"
        })
        return object(["msgtype": "m.notice", "body": plain, "format": "org.matrix.custom.html", "formatted_body": formatted])
    }

    /// ntfy's JSON publishing (POST to the server's root, the topic in the body).
    package static func ntfy(_ m: SinkMessage, topic: String) -> String {
        let first = m.alerts.first
        let title = m.isDigest ? "feedwatch: \(m.alerts.count) alerts (\(m.period ?? ""))" : "\(first?.topic ?? ""): \(first?.feed ?? "")"
        let message = m.isDigest ? text(m, header: { $0 }, line: { "- \($0.title ?? "(untitled)")" }) : (first?.title ?? "(untitled)")
        var w = JSONWriter(pretty: false)
        w.beginObject()
        w.key("topic"); w.string(topic)
        w.key("title"); w.string(title)
        w.key("message"); w.string(message)
        if !m.isDigest, let link = first?.link { w.key("click"); w.string(link) }
        w.key("tags"); w.strings(Array(Set(m.alerts.map(\.topic))).sorted())
        w.endObject()
        return w.output
    }

    /// The message as lines: one alert's line, or a digest's topics each with
    /// a header and its alerts' lines.
    static func text(_ m: SinkMessage, header: (String) -> String, line: (Alert) -> String) -> String {
        guard let period = m.period else { return m.alerts.first.map(line) ?? "" }
        var out = ["feedwatch digest, \(period): \(m.alerts.count) alert(s)"]
        for group in m.byTopic {
            out.append(header("\(group.topic) (\(group.alerts.count))"))
            out += group.alerts.map(line)
        }
        return out.joined(separator: "\n")
    }

    private static func object(_ fields: KeyValuePairs<String, String>) -> String {
        var w = JSONWriter(pretty: false)
        w.beginObject()
        for (k, v) in fields { w.key(k); w.string(v) }
        w.endObject()
        return w.output
    }
}
