import FeedwatchSupport
import Foundation

/// Reads the entity and concept data files (`Data/FORMAT.md`): one fact per
/// line, `id TAB kind TAB lang TAB text [TAB dates]`, rows of one id together.
package enum EntityDataReader {
    package static let types: Set<String> = ["person", "organisation", "country", "city", "concept"]

    /// One fact of a data file.
    enum Row {
        case entity(id: String, type: String)
        case context(id: String, [String])
        case alias(id: String, EntityDefinition.Alias)
    }

    /// The entities of `text`, in the order they first appear, with every
    /// problem found (a bad row is skipped, the rest is kept).
    package static func read(_ text: String, file: String) -> (entities: [EntityDefinition], errors: [EntityDataError]) {
        var order: [String] = []
        var byID: [String: EntityDefinition] = [:]
        let errors = scan(text, file: file) { row -> Bool in
            switch row {
            case .entity(let id, let type):
                byID[id] = EntityDefinition(id: id, type: type)
                order.append(id)
            case .context(let id, let ids): byID[id]!.context += ids
            case .alias(let id, let a):
                guard hasLetters(a.text) else { return false }
                byID[id]!.aliases.append(a)
            }
            return true
        }
        return (order.map { byID[$0]! }, errors)
    }

    /// `text`'s rows straight into a catalog builder (no definitions kept).
    static func read(_ text: String, file: String, into builder: inout EntityCatalogBuilder) -> [EntityDataError] {
        var current: (id: String, index: Int32) = ("", -1)
        return scan(text, file: file) { row -> Bool in
            switch row {
            case .entity(let id, let type): current = (id, builder.entity(id, type: type))
            case .context(let id, let ids):
                if id != current.id { current = (id, builder.entity(id, type: "")) }
                builder.context(current.index, ids)
            case .alias(let id, let a):
                if id != current.id { current = (id, builder.entity(id, type: "")) }
                // The builder folds the alias anyway: it says when nothing was left.
                return builder.alias(a, entity: current.index)
            }
            return true
        }
    }

    /// Whether an alias leaves any token to look for (a `*`, which ends a
    /// word, separates tokens as any punctuation does).
    static func hasLetters(_ text: String) -> Bool {
        !TextFolder.tokens(text).isEmpty
    }

    /// The columns of each line of `text` that is not blank or a comment, with
    /// its number. Split on UTF-8 bytes: split by Character (grapheme
    /// clusters), reading the shipped data was a tenth of every command's start.
    private static func lines(_ text: String, _ body: (Int, [Substring]) -> Void) {
        var lineNumber = 0
        for raw in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            let bytes = raw.last == 0x0D ? raw.dropLast() : raw
            // A '#' with a combining mark after it is no comment (as by Character): a row, refused for its id.
            let comment = bytes.first == UInt8(ascii: "#") && Substring(bytes).first == "#"
            if bytes.isEmpty || comment || bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            body(lineNumber, bytes.split(separator: 0x09, omittingEmptySubsequences: false).map { trim(Substring($0)) })
        }
    }

    /// Each good row of `text` in order; the problems of the bad ones. `emit`
    /// returns false for an alias with no letters or digits to look for.
    static func scan(_ text: String, file: String, _ emit: (Row) -> Bool) -> [EntityDataError] {
        var typed = Set<String>()
        var errors: [EntityDataError] = []
        var validID = ""
        var dateCache: [Substring: [EntityDefinition.DateRange]] = [:]
        lines(text) { lineNumber, cols in
            func fail(_ message: String) { errors.append(EntityDataError(file: file, line: lineNumber, message: message)) }
            guard cols.count == 4 || cols.count == 5 else {
                fail("expected 4 or 5 TAB-separated columns (id, kind, lang, text, [dates]), found \(cols.count)")
                return
            }
            let (id, kind, lang, value) = (String(cols[0]), cols[1], cols[2], cols[3])
            // Rows of one id come together: checked once.
            if id != validID {
                guard EntityDefinition.isValidID(id) else { fail("'\(id)' is not an id: lower-case ASCII words joined by '-'"); return }
                validID = id
            }
            guard !value.isEmpty else { fail("the text column is empty"); return }
            if !typed.contains(id) {
                guard kind == "type" else { fail("the first row of '\(id)' must be its type row"); return }
                guard types.contains(String(value)) else { fail("unknown type '\(value)' (one of \(types.sorted().joined(separator: ", ")))"); return }
                typed.insert(id)
                _ = emit(.entity(id: id, type: String(value)))
                return
            }
            switch kind {
            case "type":
                fail("'\(id)' has a second type row")
            case "context":
                _ = emit(.context(id: id, value.split(separator: " ").map(String.init)))
            default:
                guard let k = EntityDefinition.AliasKind(rawValue: String(kind)) else {
                    fail("unknown kind '\(kind)' (type, context, strong, weak, block, role)")
                    return
                }
                var dates: [EntityDefinition.DateRange] = []
                if cols.count == 5, !cols[4].isEmpty {
                    // Many rows share their dates (an office's holders, its titles).
                    guard let d = dateCache[cols[4]] ?? dateRanges(String(cols[4])) else {
                        fail("'\(cols[4])' is not a list of date ranges such as 2012-05-07.. or 2000..2008-05-07")
                        return
                    }
                    dateCache[cols[4]] = d
                    dates = d
                }
                if k == .role && dates.isEmpty { fail("a role alias needs its dates (FROM..TO)"); return }
                let alias = EntityDefinition.Alias(kind: k, language: String(lang), text: String(value), dates: dates,
                                                   file: file, line: lineNumber)
                if !emit(.alias(id: id, alias)) { fail("'\(value)' has no letters or digits to look for") }
            }
        }
        return errors
    }

    private static func trim(_ s: Substring) -> Substring {
        var s = s
        while let f = s.first, f == " " { s = s.dropFirst() }
        while let l = s.last, l == " " { s = s.dropLast() }
        return s
    }

    /// `2000-05-07..2008-05-07,2012-05-07..`: a range ends after the last day,
    /// month or year it names.
    package static func dateRanges(_ text: String) -> [EntityDefinition.DateRange]? {
        var out: [EntityDefinition.DateRange] = []
        for part in text.split(separator: ",") {
            let ends = part.trimmingCharacters(in: .whitespaces).components(separatedBy: "..")
            guard ends.count == 2 else { return nil }
            let from = ends[0].isEmpty ? nil : day(ends[0], end: false)
            let to = ends[1].isEmpty ? nil : day(ends[1], end: true)
            if !ends[0].isEmpty && from == nil { return nil }
            if !ends[1].isEmpty && to == nil { return nil }
            if let from, let to, from >= to { return nil }
            out.append(EntityDefinition.DateRange(from: from, to: to))
        }
        return out.isEmpty ? nil : out
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as its first moment, or (`end`) the
    /// moment after its last. By arithmetic (`UTCTime`), not a Calendar: a
    /// gregorian Calendar in UTC loads ICU's time zone data, about 2 MiB the
    /// daemon then kept resident for a few hundred dates read at start.
    private static func day(_ text: String, end: Bool) -> Date? {
        let parts = text.split(separator: "-").map { Int($0) }
        guard (1...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
        let y = parts[0] ?? 0, m = parts.count > 1 ? parts[1] ?? 0 : 1, d = parts.count > 2 ? parts[2] ?? 0 : 1
        // A day that is not one (2021-02-30) is an error, not 2 March.
        guard (1000...9999).contains(y), UTCTime.date(y, m, d, 0, 0, 0, offset: 0) != nil else { return nil }
        let days: Int
        switch (end, parts.count) {
        case (false, _): days = UTCTime.daysFromCivil(y, m, d)
        case (true, 1): days = UTCTime.daysFromCivil(y + 1, 1, 1)
        case (true, 2): days = m == 12 ? UTCTime.daysFromCivil(y + 1, 1, 1) : UTCTime.daysFromCivil(y, m + 1, 1)
        default: days = UTCTime.daysFromCivil(y, m, d) + 1
        }
        return Date(timeIntervalSince1970: TimeInterval(days * 86400))
    }
}
