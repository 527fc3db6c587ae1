import Foundation
import FeedwatchSupport

/// HTTP dates (RFC 9110): IMF-fixdate is RFC 1123, read and written by the one
/// RFC 822 reader; this adds only the obsolete RFC 850 and asctime forms a
/// recipient must still accept.
package enum HTTPDate {
    private static let months = ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
                                 "sep": 9, "oct": 10, "nov": 11, "dec": 12]

    package static func parse(_ text: String) -> Date? {
        RFC822Date.parse(text) ?? parseObsolete(text)
    }

    /// "Sunday, 06-Nov-94 08:49:37 GMT" and "Sun Nov  6 08:49:37 1994".
    private static func parseObsolete(_ text: String) -> Date? {
        let parts = text.replacingOccurrences(of: ",", with: " ").replacingOccurrences(of: "-", with: " ")
            .split(separator: " ").map { $0.lowercased() }
        var day: Int?, month: Int?, year: Int?, time: [Int]?
        for p in parts {
            if let m = months[String(p.prefix(3))], p.count >= 3, !p.first!.isNumber { month = m; continue }
            if p.contains(":") {
                let t = p.split(separator: ":").compactMap { Int($0) }
                if t.count == 3 { time = t }
                continue
            }
            if let n = Int(p) {
                // Two digits are a short year (RFC 850); any other count is the year as written.
                if n > 31 || p.count > 2 { year = p.count <= 2 ? n + (n < 70 ? 2000 : 1900) : n }
                else if day == nil { day = n }
                else { year = n + (n < 70 ? 2000 : 1900) }
            }
        }
        // Years past 9999 (an Expires in year 2^63) overflow the calendar into
        // year 1; year 0 does not exist. Neither is a date a server means.
        guard let d = day, let m = month, let y = year, (1...9999).contains(y), let t = time, (1...31).contains(d),
              t[0] < 24, t[1] < 60, t[2] < 61
        else { return nil }
        return UTCTime.date(y, m, d, t[0], t[1], t[2], offset: 0)
    }

    package static func format(_ date: Date) -> String { RFC822Date.format(date) }
}
