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
        return parseLoose(String(decoding: bytes, as: UTF8.self))
    }

    // MARK: ISO 8601 / RFC 3339 / W3C-DTF

    private static func parseISO(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        var i = 0
        func digits(_ n: Int) -> Int? {
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
        guard let year = digits(4) else { return nil }
        var month = 1, day = 1, hour = 0, minute = 0, second = 0, offset = 0
        if i == b.count { return make(year, month, day, 0, 0, 0, 0) }
        guard b[i] == UInt8(ascii: "-") else { return nil }
        i += 1
        guard let mo = digits(2) else { return nil }
        month = mo
        if i < b.count {
            guard b[i] == UInt8(ascii: "-") else { return nil }
            i += 1
            guard let d = digits(2) else { return nil }
            day = d
        }
        if i < b.count {
            // "T", "t" or a space separates date and time.
            guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == 32 else { return nil }
            i += 1
            while i < b.count, b[i] == 32 { i += 1 }
            guard let h = digits(2), i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            guard let m = digits(2) else { return nil }
            hour = h
            minute = m
            if i < b.count, b[i] == UInt8(ascii: ":") {
                i += 1
                guard let sec = digits(2) else { return nil }
                second = sec
                if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                    i += 1
                    let start = i
                    while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
                    guard i > start else { return nil }
                }
            }
            while i < b.count, b[i] == 32 { i += 1 }
            if i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
                    i += 1
                } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                    i += 1
                    guard let oh = digits(2) else { return nil }
                    var om = 0
                    if i < b.count, b[i] == UInt8(ascii: ":") { i += 1 }
                    if i < b.count { guard let m = digits(2) else { return nil }; om = m }
                    offset = (oh * 60 + om) * 60 * (c == UInt8(ascii: "-") ? -1 : 1)
                } else {
                    // A trailing zone name ("2020-01-01T10:00:00 GMT") goes to the loose reader.
                    return nil
                }
            }
        }
        guard i == b.count else { return nil }
        return make(year, month, day, hour, minute, second, offset)
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
        @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        @inline(__always) func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 || c >= 0x80 }
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
                var v = 0, n = 0
                while i < b.count, isDigit(b[i]) {
                    v = v * 10 + Int(b[i] - 48)
                    n += 1
                    i += 1
                    if n > 9 { return nil }
                }
                if i < b.count, b[i] == UInt8(ascii: ":") {
                    // hh:mm[:ss[.fraction]]
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
                    tokens.append(.time(v, m, sec))
                    sawTime = true
                } else {
                    tokens.append(.number(v, digits: n))
                }
            } else if (c == UInt8(ascii: "+") || c == UInt8(ascii: "-")), sawTime, i + 1 < b.count, isDigit(b[i + 1]) {
                // A numeric zone after the time: +0100, -05:00, +01, +5
                let sign = c == UInt8(ascii: "+") ? 1 : -1
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
                guard h <= 14, m < 60 else { return nil }
                tokens.append(.offset(sign * (h * 3600 + m * 60)))
            } else {
                i += 1
            }
        }
        return tokens
    }

    /// Month names and abbreviations in English, French, German, Spanish, Italian,
    /// Portuguese and Dutch, lower-cased; accents both with and without.
    private static let months: [String: Int] = {
        let table: [[String]] = [
            ["jan", "january", "janv", "janvier", "januar", "jän", "jänner", "ene", "enero", "gen", "gennaio", "janeiro", "januari"],
            ["feb", "february", "févr", "fevr", "février", "fevrier", "fév", "fev", "februar", "febrero", "febbraio", "fevereiro", "februari"],
            ["mar", "march", "mars", "mär", "märz", "maerz", "marz", "marzo", "março", "marco", "mrt", "maart"],
            ["apr", "april", "avr", "avril", "abr", "abril", "aprile", "apr"],
            ["may", "mai", "may", "mayo", "mag", "maggio", "maio", "mei"],
            ["jun", "june", "juin", "juni", "junio", "giu", "giugno", "junho"],
            ["jul", "july", "juil", "juillet", "juli", "julio", "lug", "luglio", "julho"],
            ["aug", "august", "août", "aout", "aoû", "ago", "agosto", "augustus"],
            ["sep", "sept", "september", "septembre", "septiembre", "set", "settembre", "setembro", "setiembre"],
            ["oct", "october", "octobre", "okt", "oktober", "octubre", "ott", "ottobre", "out", "outubro"],
            ["nov", "november", "novembre", "noviembre", "novembro"],
            ["dec", "december", "déc", "décembre", "decembre", "dez", "dezember", "dic", "diciembre", "dicembre", "dezembro"],
        ]
        var m: [String: Int] = [:]
        for (index, names) in table.enumerated() { for n in names { m[n] = index + 1 } }
        return m
    }()

    private static var zones: [String: Int] { RFC822Date.zones }

    /// RFC 822 military zones: A–I = +1..+9, K–M = +10..+12, N–Y = -1..-12, Z = 0.
    /// (RFC 1123 notes 822 had their signs backwards; we follow the text as written,
    /// as feedparser does.)
    private static func militaryZone(_ w: String) -> Int? {
        guard w.count == 1, let c = w.unicodeScalars.first?.value else { return nil }
        switch c {
        case 97...105: return Int(c - 96) * 3600  // a-i
        case 107...109: return Int(c - 97) * 3600  // k-m: 10..12
        case 110...121: return -Int(c - 109) * 3600  // n-y: -1..-12
        case 122: return 0
        default: return nil
        }
    }

    private static func parseLoose(_ s: String) -> Date? {
        guard let tokens = tokenize(s) else { return nil }
        var day: Int?, month: Int?, year: Int?, time: (Int, Int, Int)?, offset: Int?
        var yearDigits = 0
        var pm: Bool?
        var numbers: [(Int, Int)] = []
        for t in tokens {
            switch t {
            case .word(let w):
                if w.count >= 3, let m = months[w] ?? months[String(w.prefix(3))] ?? months[String(w.prefix(4))] {
                    // "mar" is also Tuesday in French, Spanish and Italian: a later month
                    // name wins over an earlier one ("mar, 16 nov 2022").
                    month = m
                } else if w == "am" {
                    pm = false
                } else if w == "pm" {
                    pm = true
                } else if offset == nil, let z = zones[w] {
                    offset = z
                } else if offset == nil, time != nil, let z = militaryZone(w) {
                    offset = z
                }
            case .number(let v, let n):
                numbers.append((v, n))
            case .time(let h, let m, let sec):
                if time == nil { time = (h, m, sec) }
            case .offset(let o):
                if offset == nil || offset == 0 { offset = o }
            }
        }
        // Numbers: with a month name, one is the day (≤ 31) and one the year.
        if month != nil {
            for (v, n) in numbers {
                if n >= 3 || v > 31 {
                    if year == nil { (year, yearDigits) = (v, n) }
                } else if day == nil {
                    day = v
                } else if year == nil {
                    (year, yearDigits) = (v, n)
                }
            }
        } else {
            // Numeric dates: dd/mm/yyyy or yyyy/mm/dd (never mm/dd: ambiguous).
            guard numbers.count >= 3 else { return nil }
            if numbers[0].1 == 4 {
                year = numbers[0].0; month = numbers[1].0; day = numbers[2].0
            } else if numbers[2].1 == 4 {
                day = numbers[0].0; month = numbers[1].0; year = numbers[2].0
            } else {
                return nil
            }
            yearDigits = 4
        }
        guard var y = year, let mo = month, let d = day else { return nil }
        // Only a year written with two digits is a short one: `0000` or `0023`
        // is a (bogus) year of its own, not 2000 or 2023.
        if y < 100 && yearDigits <= 2 { y += y < 50 ? 2000 : 1900 }
        var (h, mi, sec) = time ?? (0, 0, 0)
        if let pm {
            guard h >= 1, h <= 12 else { return nil }
            if pm, h < 12 { h += 12 }
            if !pm, h == 12 { h = 0 }
        }
        if sec == 60 { sec = 59 }
        return make(y, mo, d, h, mi, sec, offset ?? 0)
    }

    // MARK: arithmetic

    private static func make(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ offset: Int) -> Date? {
        UTCTime.date(y, mo, d, h, mi, s, offset: offset)
    }

    /// `2023-09-13T05:20:00Z`: the contract's form, whole seconds, UTC.
    package static func iso8601(_ date: Date) -> String { UTCTime.iso8601(date) }
}
