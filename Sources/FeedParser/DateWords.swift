import FeedwatchSupport

/// The words dates in feeds are written with: month names in seven languages,
/// zone abbreviations, RFC 822's military zones. Read by `DateParser`.
enum DateWords {
    /// Month names and abbreviations in English, French, German, Spanish, Italian,
    /// Portuguese and Dutch, lower-cased; accents both with and without. Greek and
    /// Hungarian: the abbreviations and names of feedparser's tables
    /// (feedparser/datetimes/greek.py, hungarian.py), a longer word read by its
    /// first three or four letters as the others are.
    static let months: [String: Int] = {
        let table: [[String]] = [
            ["jan", "january", "janv", "janvier", "januar", "jän", "jänner", "ene", "enero", "gen", "gennaio", "janeiro", "januari", "ιαν", "január"],
            ["feb", "february", "févr", "fevr", "février", "fevrier", "fév", "fev", "februar", "febrero", "febbraio", "fevereiro", "februari", "φεβ", "február"],
            ["mar", "march", "mars", "mär", "märz", "maerz", "marz", "marzo", "março", "marco", "mrt", "maart", "μάρ", "μαρ", "μάώ", "μαώ", "már", "március"],
            ["apr", "april", "avr", "avril", "abr", "abril", "aprile", "απρ", "ápr", "április"],
            ["may", "mai", "may", "mayo", "mag", "maggio", "maio", "mei", "μάι", "μαϊ", "μαι", "μαΐ", "máj", "május"],
            ["jun", "june", "juin", "juni", "junio", "giu", "giugno", "junho", "ιούν", "ιουν", "ιον", "jún", "június"],
            ["jul", "july", "juil", "juillet", "juli", "julio", "lug", "luglio", "julho", "ιούλ", "ιουλ", "ιολ", "júl", "július"],
            ["aug", "august", "août", "aout", "aoû", "ago", "agosto", "augustus", "αύγ", "αυγ", "augusztus"],
            ["sep", "sept", "september", "septembre", "septiembre", "set", "settembre", "setembro", "setiembre", "σεπ", "szep", "szept", "szeptember"],
            ["oct", "october", "octobre", "okt", "oktober", "octubre", "ott", "ottobre", "out", "outubro", "οκτ", "október"],
            ["nov", "november", "novembre", "noviembre", "novembro", "νοέ", "νοε"],
            ["dec", "december", "déc", "décembre", "decembre", "dez", "dezember", "dic", "diciembre", "dicembre", "dezembro", "δεκ"],
        ]
        var m: [String: Int] = [:]
        for (index, names) in table.enumerated() { for n in names { m[n] = index + 1 } }
        return m
    }()

    /// 오전 (morning) and 오후 (afternoon): whether the time is PM. With the
    /// units 년, 월, 일 (year, month, day), the Korean forms feedparser reads.
    static let koreanHalfDay: [String: Bool] = ["오전": false, "오후": true]
    static let koreanUnits: Set<String> = ["년", "월", "일"]
    /// KST, what a Korean date without a zone means.
    static let koreaOffset = 9 * 3600

    /// Zone abbreviations: the RFC 822 reader's table, so both read a zone alike.
    static var zones: [String: Int] { RFC822Date.zones }

    /// RFC 822 military zones: A–I = +1..+9, K–M = +10..+12, N–Y = -1..-12, Z = 0.
    /// (RFC 1123 notes 822 had their signs backwards; we follow the text as written,
    /// as feedparser does.)
    static func militaryZone(_ w: String) -> Int? {
        guard w.count == 1, let c = w.unicodeScalars.first?.value else { return nil }
        switch c {
        case 97...105: return Int(c - 96) * 3600  // a-i
        case 107...109: return Int(c - 97) * 3600  // k-m: 10..12
        case 110...121: return -Int(c - 109) * 3600  // n-y: -1..-12
        case 122: return 0
        default: return nil
        }
    }
}
