import Foundation

/// Whole-second UTC times as `2023-09-13T05:20:00Z`: the form of the parse
/// contract, the alert log and the store (readable in the sqlite3 shell, and
/// sortable as text). Done by arithmetic: a DateFormatter per call would cost
/// more than the rest of storing an entry.
package enum UTCTime {
    package static func iso8601(_ date: Date) -> String {
        let t = Int(date.timeIntervalSince1970.rounded(.down))
        var days = t / 86400
        var rem = t % 86400
        if rem < 0 {
            rem += 86400
            days -= 1
        }
        let (y, m, d) = civil(fromDays: days)
        func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var ys = String(y)
        while ys.count < 4 { ys = "0" + ys }
        return "\(ys)-\(p2(m))-\(p2(d))T\(p2(rem / 3600)):\(p2(rem % 3600 / 60)):\(p2(rem % 60))Z"
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's algorithm).
    package static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The instant of a civil date and time at `offset` seconds east of UTC, or
    /// nil when a part is out of range (a leap second reads as :59; 24:00 is
    /// the next midnight).
    package static func date(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, offset: Int) -> Date? {
        guard (1...9999).contains(y), (1...12).contains(mo), (1...daysIn(mo, y)).contains(d),
              (0...24).contains(h), (0...59).contains(mi), (0...60).contains(s)
        else { return nil }
        let secs = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + min(s, 59) - offset
        // In UTC too the year has four digits: 9999-12-31T23:59:59-05:00 is no date the contract can write.
        guard (Self.first...Self.last).contains(secs) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(secs))
    }

    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, in seconds since 1970.
    private static let first = daysFromCivil(1, 1, 1) * 86400
    private static let last = daysFromCivil(9999, 12, 31) * 86400 + 86399

    package static func daysIn(_ m: Int, _ y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Reads back exactly the form `iso8601` writes; nil for anything else.
    package static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x5A
        else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13), let mi = num(14..<16),
              let s = num(17..<19), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61
        else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    package static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
