import Foundation
import FeedModel
import FeedwatchSupport

/// Reads the dates feeds really carry: RFC 822/1123 in its wild variants (named,
/// numeric and military zones, `UT`, `Z`, missing seconds or weekday, two-digit
/// years, odd spacing, AM/PM, day and month names in several languages) and
/// RFC 3339 / W3C-DTF (date only, fractions, no zone meaning UTC).
///
/// Pure arithmetic on tokens, no `DateFormatter`: it is called for every entry.
package enum DateParser {
    /// The instant the text names, or `nil` when it cannot be read.
    package static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(utf8: $0) }
    }

    /// The same from UTF-8 bytes, so that a feed's dates need no String at all.
    package static func parse(utf8 raw: UnsafeBufferPointer<UInt8>) -> Date? {
        var start = 0, end = raw.count
        while start < end, raw[start] <= 0x20 { start += 1 }
        while end > start, raw[end - 1] <= 0x20 { end -= 1 }
        guard end > start, end - start < 200 else { return nil }
        let bytes = UnsafeBufferPointer(rebasing: raw[start..<end])
        if let d = parseISO(bytes) { return d }
        if let d = RFC822Date.parse(utf8: bytes) { return d }
        return parseLoose(String(decoding: bytes, as: UTF8.self), isoDate: startsWithISODate(bytes))
    }

    /// `yyyy-mm-dd` at the start: what follows may only be a time, a zone
    /// name or AM/PM ("2013-01-27-01" and "…-06:00Textra" are no dates).
    private static func startsWithISODate(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
        return [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { isDigit(b[$0]) }
    }

    // MARK: ISO 8601 / RFC 3339 / W3C-DTF

    /// Reads digits and separators of an ISO date left to right.
    private struct ISOCursor {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0

        var atEnd: Bool { i == b.count }
        var next: UInt8? { i < b.count ? b[i] : nil }

        mutating func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }

        mutating func skip(_ c: UInt8) -> Bool {
            guard next == c else { return false }
            i += 1
            return true
        }

        mutating func skipSpaces() {
            while next == 32 { i += 1 }
        }
    }

    private static func parseISO(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        var c = ISOCursor(b: b)
        guard let year = c.digits(4) else { return nil }
        if c.atEnd { return make(year, 1, 1, 0, 0, 0, 0) }
        guard c.skip(UInt8(ascii: "-")) else { return nil }
        if let date = ordinal(year, &c) { return date }
        guard let month = c.digits(2) else { return nil }
        var day = 1
        if !c.atEnd {
            guard c.skip(UInt8(ascii: "-")), let d = c.digits(2) else { return nil }
            day = d
        }
        var time = (hour: 0, minute: 0, second: 0, offset: 0)
        if !c.atEnd {
            // "T", "t" or a space separates date and time.
            guard c.skip(UInt8(ascii: "T")) || c.skip(UInt8(ascii: "t")) || c.skip(32), let t = parseISOTime(&c) else { return nil }
            time = t
        }
        guard c.atEnd else { return nil }
        return make(year, month, day, time.hour, time.minute, time.second, time.offset)
    }

    /// An ordinal date, `yyyy-ddd` (day of the year), alone or with a time:
    /// nil, the cursor untouched, when the next three digits are not one.
    private static func ordinal(_ year: Int, _ c: inout ISOCursor) -> Date? {
        var probe = c
        guard let dayOfYear = probe.digits(3), probe.atEnd || probe.next == UInt8(ascii: "T") || probe.next == 32 else { return nil }
        var time = (hour: 0, minute: 0, second: 0, offset: 0)
        if !probe.atEnd {
            probe.i += 1
            guard let t = parseISOTime(&probe), probe.atEnd else { return nil }
            time = t
        }
        guard (1...9999).contains(year), dayOfYear >= 1, dayOfYear <= (UTCTime.daysIn(2, year) == 29 ? 366 : 365) else { return nil }
        let (y, m, d) = UTCTime.civil(fromDays: UTCTime.daysFromCivil(year, 1, 1) + dayOfYear - 1)
        c = probe
        return make(y, m, d, time.hour, time.minute, time.second, time.offset)
    }

    /// `hh:mm[:ss[.fraction]]` and a zone (`Z`, `+hh[:]mm`); nil for anything else,
    /// a zone name included (the loose reader takes those).
    private static func parseISOTime(_ c: inout ISOCursor) -> (hour: Int, minute: Int, second: Int, offset: Int)? {
        c.skipSpaces()
        guard let hour = c.digits(2), c.skip(UInt8(ascii: ":")), let minute = c.digits(2) else { return nil }
        var second = 0, offset = 0
        if c.skip(UInt8(ascii: ":")) {
            guard let sec = c.digits(2) else { return nil }
            second = sec
            if c.skip(UInt8(ascii: ".")) || c.skip(UInt8(ascii: ",")) {
                let start = c.i
                while let d = c.next, d >= 48, d <= 57 { c.i += 1 }
                guard c.i > start else { return nil }
            }
        }
        c.skipSpaces()
        if let z = c.next {
            if c.skip(UInt8(ascii: "Z")) || c.skip(UInt8(ascii: "z")) {
            } else if c.skip(UInt8(ascii: "+")) || c.skip(UInt8(ascii: "-")) {
                guard let oh = c.digits(2) else { return nil }
                var om = 0
                _ = c.skip(UInt8(ascii: ":"))
                if !c.atEnd { guard let m = c.digits(2) else { return nil }; om = m }
                guard oh <= RFC822Date.maxOffsetHours, om < 60 else { return nil }
                offset = (oh * 60 + om) * 60 * (z == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        }
        return (hour, minute, second, offset)
    }

    // MARK: RFC 822 and everything else seen in the wild

    private enum Token {
        case word(String)
        case number(Int, digits: Int)
        case time(Int, Int, Int)
        case offset(Int)  // seconds east of UTC
    }

    /// Splits on UTF-8 bytes (an alphabetic word is ASCII letters or any non-ASCII
    /// bytes, so "févr." and "Mär" stay whole): Unicode property look-ups per
    /// character showed in the parse profile.
    private static func tokenize(_ s: String) -> [Token]? {
        var tokens: [Token] = []
        let b = Array(s.utf8)
        var sawTime = false
        var i = 0
        while i < b.count {
            let c = b[i]
            if isLetter(c) {
                let start = i
                var ascii = true
                while i < b.count, isLetter(b[i]) {
                    if b[i] >= 0x80 { ascii = false }
                    i += 1
                }
                let word = b[start..<i]
                if ascii {
                    tokens.append(.word(String(decoding: word.map { $0 | 0x20 }, as: UTF8.self)))
                } else {
                    tokens.append(.word(String(decoding: word, as: UTF8.self).lowercased()))
                }
            } else if isDigit(c) {
                guard let token = numberOrTime(b, &i) else { return nil }
                if case .time = token { sawTime = true }
                tokens.append(token)
            } else if (c == UInt8(ascii: "+") || c == UInt8(ascii: "-")), sawTime, i + 1 < b.count, isDigit(b[i + 1]) {
                guard let token = numericZone(b, &i) else { return nil }
                tokens.append(token)
            } else {
                i += 1
            }
        }
        return tokens
    }

    @inline(__always) private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    @inline(__always) private static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 || c >= 0x80 }

    /// A number, or a time `hh:mm[:ss[.fraction]]`, starting at the digit at `i`.
    private static func numberOrTime(_ b: [UInt8], _ i: inout Int) -> Token? {
        var v = 0, n = 0
        while i < b.count, isDigit(b[i]) {
            v = v * 10 + Int(b[i] - 48)
            n += 1
            i += 1
            if n > 9 { return nil }
        }
        guard i < b.count, b[i] == UInt8(ascii: ":") else { return .number(v, digits: n) }
        i += 1
        var m = 0, mn = 0
        while i < b.count, isDigit(b[i]), mn < 2 { m = m * 10 + Int(b[i] - 48); mn += 1; i += 1 }
        guard mn > 0 else { return nil }
        var sec = 0
        if i < b.count, b[i] == UInt8(ascii: ":") {
            i += 1
            var sn = 0
            while i < b.count, isDigit(b[i]), sn < 2 { sec = sec * 10 + Int(b[i] - 48); sn += 1; i += 1 }
            if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                i += 1
                while i < b.count, isDigit(b[i]) { i += 1 }
            }
        }
        return .time(v, m, sec)
    }

    /// A numeric zone after the time, at the sign at `i`: +0100, -05:00, +01, +5.
    private static func numericZone(_ b: [UInt8], _ i: inout Int) -> Token? {
        let sign = b[i] == UInt8(ascii: "+") ? 1 : -1
        i += 1
        var digits: [Int] = []
        while i < b.count, isDigit(b[i]) || b[i] == UInt8(ascii: ":") {
            if b[i] != UInt8(ascii: ":") { digits.append(Int(b[i] - 48)) }
            i += 1
        }
        let h: Int, m: Int
        switch digits.count {
        case 1, 2: h = digits.reduce(0) { $0 * 10 + $1 }; m = 0
        case 3: h = digits[0]; m = digits[1] * 10 + digits[2]
        case 4: h = digits[0] * 10 + digits[1]; m = digits[2] * 10 + digits[3]
        default: return nil
        }
        guard h <= RFC822Date.maxOffsetHours, m < 60 else { return nil }
        return .offset(sign * (h * 3600 + m * 60))
    }

    /// What the loose reader has found among a date's tokens.
    private struct LooseParts {
        var month: Int?, time: (Int, Int, Int)?, offset: Int?
        var pm: Bool?
        var numbers: [(Int, Int)] = []
        /// A word that is no month, zone, AM/PM or Korean date unit.
        var stray = false
        /// Korean units or 오전/오후: Korean sites (feedparser's "Nate" and
        /// "OnBlog" forms) write these in Korea's time.
        var korean = false

        mutating func read(_ w: String) {
            if w.count >= 3, let m = DateWords.months[w] ?? DateWords.months[String(w.prefix(3))] ?? DateWords.months[String(w.prefix(4))] {
                // "mar" is also Tuesday in French, Spanish and Italian: a later month
                // name wins over an earlier one ("mar, 16 nov 2022").
                month = m
            } else if w == "am" || w == "pm" {
                pm = w == "pm"
            } else if let p = DateWords.koreanHalfDay[w] {
                (pm, korean) = (p, true)
            } else if DateWords.koreanUnits.contains(w) {
                korean = true
            } else if w == "t", time == nil {
                // ISO's separator of date and time.
            } else if let z = DateWords.zones[w] {
                if offset == nil { offset = z }
            } else if time != nil, let z = DateWords.militaryZone(w) ?? RFC822Date.genericZones[w] {
                if offset == nil { offset = z }
            } else {
                stray = true
            }
        }
    }

    /// `isoDate`: the text starts `yyyy-mm-dd`, and may go on only with a
    /// time, zone or AM/PM. Every number must have its place: a fourth one
    /// ("1:2:3:4", "2013-01-27-01") is no date.
    private static func parseLoose(_ s: String, isoDate: Bool) -> Date? {
        guard let tokens = tokenize(s) else { return nil }
        var p = LooseParts()
        for t in tokens {
            switch t {
            case .word(let w): p.read(w)
            case .number(let v, let n): p.numbers.append((v, n))
            case .time(let h, let m, let sec): if p.time == nil { p.time = (h, m, sec) }
            case .offset(let o): if p.offset == nil || p.offset == 0 { p.offset = o }
            }
        }
        if isoDate, p.stray { return nil }
        guard let (d, mo, rawYear, yearDigits) = dayMonthYear(p.numbers, month: p.month) else { return nil }
        var y = rawYear
        // Only a year written with two digits is a short one: `0000` or `0023`
        // is a (bogus) year of its own, not 2000 or 2023.
        if y < 100 && yearDigits <= 2 { y += y < 50 ? 2000 : 1900 }
        var (h, mi, sec) = p.time ?? (0, 0, 0)
        if let pm = p.pm {
            guard h >= 1, h <= 12 else { return nil }
            if pm, h < 12 { h += 12 }
            if !pm, h == 12 { h = 0 }
        }
        if sec == 60 { sec = 59 }
        return make(y, mo, d, h, mi, sec, p.offset ?? (p.korean ? DateWords.koreaOffset : 0))
    }

    /// With a month name, one number is the day (≤ 31) and one the year; without,
    /// dd/mm/yyyy or yyyy/mm/dd (never mm/dd: ambiguous). Returns the year's digit
    /// count too.
    private static func dayMonthYear(_ numbers: [(Int, Int)], month: Int?) -> (Int, Int, Int, Int)? {
        var day: Int?, year: Int?, yearDigits = 0
        if let month {
            guard numbers.count == 2 else { return nil }
            for (v, n) in numbers {
                if n >= 3 || v > 31 {
                    if year == nil { (year, yearDigits) = (v, n) }
                } else if day == nil {
                    day = v
                } else if year == nil {
                    (year, yearDigits) = (v, n)
                }
            }
            guard let day, let year else { return nil }
            return (day, month, year, yearDigits)
        }
        guard numbers.count == 3 else { return nil }
        if numbers[0].1 == 4 { return (numbers[2].0, numbers[1].0, numbers[0].0, 4) }
        if numbers[2].1 == 4 { return (numbers[0].0, numbers[1].0, numbers[2].0, 4) }
        return nil
    }

    // MARK: arithmetic

    private static func make(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ offset: Int) -> Date? {
        UTCTime.date(y, mo, d, h, mi, s, offset: offset)
    }

    /// `2023-09-13T05:20:00Z`: the contract's form, whole seconds, UTC.
    package static func iso8601(_ date: Date) -> String { UTCTime.iso8601(date) }
}
