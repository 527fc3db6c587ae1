import FeedModel
import Foundation

/// What one delivery carries: one alert, or a digest of a period's alerts.
/// `key` is the idempotency key the receiver dedupes by: the alert id, or the
/// digest's own id, the same on every try.
package struct SinkMessage: Sendable {
    package var key: String
    package var alerts: [Alert]
    /// The period a digest covers, as shown to people (nil: one alert).
    package var period: String?

    package init(alert: Alert) {
        key = alert.id
        alerts = [alert]
        period = nil
    }

    package init(digest key: String, period: String, alerts: [Alert]) {
        self.key = key
        self.alerts = alerts
        self.period = period
    }

    package var isDigest: Bool { period != nil }

    /// The alerts by topic, topics in the order they first appear.
    package var byTopic: [(topic: String, alerts: [Alert])] {
        var order: [String] = []
        var groups: [String: [Alert]] = [:]
        for a in alerts {
            if groups[a.topic] == nil { order.append(a.topic) }
            groups[a.topic, default: []].append(a)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }

    /// A sample alert for `feedwatch test-sink`.
    package static func sample(now: Date = Date()) -> SinkMessage {
        SinkMessage(alert: Alert(id: "test-\(Int(now.timeIntervalSince1970))", time: now, topic: "feedwatch-test", feed: "feedwatch",
                                 title: "A test alert from feedwatch test-sink", link: "https://feedwatch.invalid/test",
                                 matched: [MatchedTerm(term: "test", field: "title", offset: 2)]))
    }
}
