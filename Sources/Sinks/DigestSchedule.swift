import FeedModel
import Foundation

/// When a digest sink's periods end, in the local time zone: on the hour,
/// or each day at HH:MM. A period is named by its end.
package struct DigestSchedule: Sendable {
    package let digest: Sink.Digest
    private let calendar: Calendar
    /// Periods of this many seconds instead (FEEDWATCH_TEST_DIGEST_SECONDS):
    /// for the crash test, which cannot wait for the hour to end.
    private let testPeriod: TimeInterval?

    package init(_ digest: Sink.Digest, timeZone: TimeZone = .current, testPeriod: TimeInterval? = nil) {
        self.digest = digest
        self.testPeriod = testPeriod.flatMap { $0 > 0 ? $0 : nil }
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        calendar = c
    }

    /// The latest period end at or before `now`.
    package func lastBoundary(atOrBefore now: Date) -> Date {
        if let p = testPeriod, digest != .instant { return Date(timeIntervalSince1970: (now.timeIntervalSince1970 / p).rounded(.down) * p) }
        switch digest {
        case .instant: return now
        case .hourly:
            return calendar.dateInterval(of: .hour, for: now)?.start ?? now
        case .daily(let h, let m):
            let today = calendar.date(bySettingHour: h, minute: m, second: 0, of: now) ?? now
            return today <= now ? today : calendar.date(byAdding: .day, value: -1, to: today) ?? today
        }
    }

    /// The first period end after `now`.
    package func nextBoundary(after now: Date) -> Date {
        if let p = testPeriod, digest != .instant { return lastBoundary(atOrBefore: now).addingTimeInterval(p) }
        switch digest {
        case .instant: return now
        case .hourly:
            return calendar.date(byAdding: .hour, value: 1, to: lastBoundary(atOrBefore: now)) ?? now.addingTimeInterval(3600)
        case .daily(let h, let m):
            let last = lastBoundary(atOrBefore: now)
            // Set the clock time again: a day with a DST change is not 24 h.
            let next = calendar.date(byAdding: .day, value: 1, to: last) ?? now.addingTimeInterval(86400)
            return calendar.date(bySettingHour: h, minute: m, second: 0, of: next) ?? next
        }
    }

    /// `2026-12-01 07:30 +0100`: the offset keeps the repeated hour of a DST change apart.
    package func label(_ boundary: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = calendar.timeZone
        f.dateFormat = testPeriod == nil ? "yyyy-MM-dd HH:mm xx" : "yyyy-MM-dd HH:mm:ss xx"
        return f.string(from: boundary)
    }
}
