/// The words dates in feeds are written with: month names in seven languages,
/// zone abbreviations, RFC 822's military zones. Read by `DateParser`.
enum DateWords {
    /// Month names and abbreviations in English, French, German, Spanish, Italian,
    /// Portuguese and Dutch, lower-cased; accents both with and without.
    static let months: [String: Int] = {
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

    /// Zone abbreviations with a fixed meaning in feeds (RFC 822 plus the common
    /// European and Asian ones). Ambiguous ones (IST, CST as China) take the
    /// reading feeds use most.
    static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 3600, "west": 3600, "ist": 19800,
        "est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
        "mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
        "akst": -9 * 3600, "akdt": -8 * 3600, "hst": -10 * 3600, "ast": -4 * 3600, "adt": -3 * 3600,
        "cet": 3600, "cest": 7200, "met": 3600, "mest": 7200, "eet": 7200, "eest": 3 * 3600,
        "msk": 3 * 3600, "jst": 9 * 3600, "kst": 9 * 3600, "hkt": 8 * 3600, "sgt": 8 * 3600,
        "aest": 10 * 3600, "aedt": 11 * 3600, "acst": 34200, "awst": 8 * 3600, "nzst": 12 * 3600, "nzdt": 13 * 3600,
    ]

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
