import Foundation

/// The one reader and writer of RFC 822 / RFC 1123 dates ("Wed, 13 Sep 2023
/// 05:20:00 +0000", with GMT/UT/Z or a named zone): the form of RSS dates and
/// of HTTP's IMF-fixdate, so the parser and the fetcher read them alike. Pure
/// arithmetic on bytes, no `DateFormatter`: the parser calls it for every entry.
/// Anything not in this form returns nil; the callers have their own fallbacks
/// for the wild variants (feeds) and the obsolete RFC 850 / asctime forms (HTTP).
package enum RFC822Date {
    package static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(utf8: $0) }
    }

    package static func parse(utf8 b: UnsafeBufferPointer<UInt8>) -> Date? {
        var i = 0
        let n = b.count
        @inline(__always) func digit(_ k: Int) -> Int? {
            guard k < n, b[k] >= 48, b[k] <= 57 else { return nil }
            return Int(b[k] - 48)
        }
        @inline(__always) func lower(_ k: Int) -> UInt8 { b[k] | 0x20 }
        // Optional English weekday and comma.
        if n > 4, b[3] == UInt8(ascii: ",") {
            i = 4
            while i < n, b[i] == 32 { i += 1 }
        }
        guard let d1 = digit(i) else { return nil }
        var day = d1
        i += 1
        if let d2 = digit(i) { day = day * 10 + d2; i += 1 }
        guard i + 5 < n, b[i] == 32 else { return nil }
        let key = UInt32(lower(i + 1)) << 16 | UInt32(lower(i + 2)) << 8 | UInt32(lower(i + 3))
        guard let month = englishMonths[key], b[i + 4] == 32 else { return nil }
        i += 5
        guard let y1 = digit(i), let y2 = digit(i + 1), let y3 = digit(i + 2), let y4 = digit(i + 3) else { return nil }
        let year = y1 * 1000 + y2 * 100 + y3 * 10 + y4
        i += 4
        guard i + 6 <= n, b[i] == 32, let h1 = digit(i + 1), let h2 = digit(i + 2), b[i + 3] == UInt8(ascii: ":"),
              let m1 = digit(i + 4), let m2 = digit(i + 5)
        else { return nil }
        i += 6
        var second = 0
        if i + 3 <= n, b[i] == UInt8(ascii: ":"), let s1 = digit(i + 1), let s2 = digit(i + 2) {
            second = s1 * 10 + s2
            i += 3
        }
        guard i < n, b[i] == 32 else { return nil }
        i += 1
        guard let offset = zoneOffset(UnsafeBufferPointer(rebasing: b[i...])) else { return nil }
        return UTCTime.date(year, month, day, h1 * 10 + h2, m1 * 10 + m2, second, offset: offset)
    }

    /// IMF-fixdate, the form HTTP headers carry: "Sun, 06 Nov 1994 08:49:37 GMT".
    package static func format(_ date: Date) -> String {
        let t = Int(date.timeIntervalSince1970.rounded(.down))
        let days = t >= 0 ? t / 86400 : (t - 86399) / 86400
        let rem = t - days * 86400
        let (y, m, d) = UTCTime.civil(fromDays: days)
        // 1970-01-01 was a Thursday.
        let weekday = ((days % 7) + 7 + 4) % 7
        func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var ys = String(y)
        while ys.count < 4 { ys = "0" + ys }
        return "\(weekdays[weekday]), \(p2(d)) \(monthNames[m - 1]) \(ys) \(p2(rem / 3600)):\(p2(rem % 3600 / 60)):\(p2(rem % 60)) GMT"
    }

    /// Seconds east of UTC of "+0200", "-0500" or a zone name of `zones`.
    private static func zoneOffset(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = b.count
        if n > 0, b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-") {
            guard n == 5 else { return nil }
            var v = 0
            for k in 1...4 {
                guard b[k] >= 48, b[k] <= 57 else { return nil }
                v = v * 10 + Int(b[k] - 48)
            }
            // No place on Earth is more than 14 hours from UTC: +2500 or -9999 is no zone.
            guard v / 100 <= maxOffsetHours, v % 100 < 60 else { return nil }
            let offset = (v / 100 * 60 + v % 100) * 60
            return b[0] == UInt8(ascii: "-") ? -offset : offset
        }
        let name = String(decoding: b, as: UTF8.self).lowercased()
        return zones[name] ?? genericZones[name]
    }

    /// The largest offset from UTC in hours (Kiribati's +14).
    package static let maxOffsetHours = 14

    /// The US zones named without standard or daylight ("ET"), read as
    /// standard time as feedparser reads them. Apart from `zones`: "at" is
    /// also a word, so the loose reader takes these only after the time.
    package static let genericZones: [String: Int] = ["at": -4 * 3600, "et": -5 * 3600, "ct": -6 * 3600, "mt": -7 * 3600, "pt": -8 * 3600]

    /// Zone abbreviations with a fixed meaning in feeds (RFC 822 plus the common
    /// European and Asian ones). Ambiguous ones (IST, CST as China) take the
    /// reading feeds use most.
    package static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 3600, "west": 3600, "ist": 19800,
        "est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
        "mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
        "akst": -9 * 3600, "akdt": -8 * 3600, "hst": -10 * 3600, "ast": -4 * 3600, "adt": -3 * 3600,
        "cet": 3600, "cest": 7200, "met": 3600, "mest": 7200, "eet": 7200, "eest": 3 * 3600,
        "msk": 3 * 3600, "jst": 9 * 3600, "kst": 9 * 3600, "hkt": 8 * 3600, "sgt": 8 * 3600,
        "aest": 10 * 3600, "aedt": 11 * 3600, "acst": 34200, "awst": 8 * 3600, "nzst": 12 * 3600, "nzdt": 13 * 3600,
    ]

    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    private static let englishMonths: [UInt32: Int] = {
        var m: [UInt32: Int] = [:]
        for (i, name) in monthNames.enumerated() {
            let b = Array(name.lowercased().utf8)
            m[UInt32(b[0]) << 16 | UInt32(b[1]) << 8 | UInt32(b[2])] = i + 1
        }
        return m
    }()
}
