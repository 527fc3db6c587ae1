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
    /// its number, as UTF-8 bytes valid during the call. Read on bytes: by
    /// Character (grapheme clusters), and with a Substring per column, reading
    /// the shipped data was most of every command's start.
    private static func lines(_ text: String, _ body: (Int, [UnsafeBufferPointer<UInt8>]) -> Void) {
        var text = text
        text.withUTF8 { all in
            var cols: [UnsafeBufferPointer<UInt8>] = []
            var lineNumber = 0
            var start = 0
            while start <= all.count {
                var end = start
                while end < all.count, all[end] != 0x0A { end += 1 }
                lineNumber += 1
                var line = UnsafeBufferPointer(rebasing: all[start..<end])
                start = end + 1
                if line.last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
                if skipped(line) { continue }
                cols.removeAll(keepingCapacity: true)
                var from = 0
                for i in 0...line.count where i == line.count || line[i] == 0x09 {
                    cols.append(trim(UnsafeBufferPointer(rebasing: line[from..<i])))
                    from = i + 1
                }
                body(lineNumber, cols)
            }
        }
    }

    /// A blank line or a comment. A '#' with a combining mark after it is no
    /// comment (as by Character): a row, refused for its id.
    private static func skipped(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = line.first else { return true }
        if first == UInt8(ascii: "#") {
            // Only a non-ASCII scalar can join the '#' into a longer Character.
            return line.count == 1 || line[1] < 0x80 || String(decoding: line, as: UTF8.self).first == "#"
        }
        return line.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// Each good row of `text` in order; the problems of the bad ones. `emit`
    /// returns false for an alias with no letters or digits to look for.
    static func scan(_ text: String, file: String, _ emit: (Row) -> Bool) -> [EntityDataError] {
        var typed = Set<String>()
        var errors: [EntityDataError] = []
        var validID = ""
        // Rows of one id come together: its String is made once.
        var id = (bytes: [UInt8](), text: "")
        var dateCache: [String: [EntityDefinition.DateRange]] = [:]
        lines(text) { lineNumber, cols in
            func fail(_ message: String) { errors.append(EntityDataError(file: file, line: lineNumber, message: message)) }
            guard cols.count == 4 || cols.count == 5 else {
                fail("expected 4 or 5 TAB-separated columns (id, kind, lang, text, [dates]), found \(cols.count)")
                return
            }
            if !cols[0].elementsEqual(id.bytes) { id = (Array(cols[0]), string(cols[0])) }
            let (kind, lang, value) = (string(cols[1]), string(cols[2]), string(cols[3]))
            if id.text != validID {
                guard EntityDefinition.isValidID(id.text) else { fail("'\(id.text)' is not an id: lower-case ASCII words joined by '-'"); return }
                validID = id.text
            }
            guard !value.isEmpty else { fail("the text column is empty"); return }
            if !typed.contains(id.text) {
                guard kind == "type" else { fail("the first row of '\(id.text)' must be its type row"); return }
                guard types.contains(value) else { fail("unknown type '\(value)' (one of \(types.sorted().joined(separator: ", ")))"); return }
                typed.insert(id.text)
                _ = emit(.entity(id: id.text, type: value))
                return
            }
            switch kind {
            case "type":
                fail("'\(id.text)' has a second type row")
            case "context":
                _ = emit(.context(id: id.text, value.split(separator: " ").map(String.init)))
            default:
                guard let k = EntityDefinition.AliasKind(rawValue: kind) else {
                    fail("unknown kind '\(kind)' (type, context, strong, weak, block, role)")
                    return
                }
                var dates: [EntityDefinition.DateRange] = []
                if cols.count == 5, !cols[4].isEmpty {
                    let text = string(cols[4])
                    // Many rows share their dates (an office's holders, its titles).
                    guard let d = dateCache[text] ?? dateRanges(text) else {
                        fail("'\(text)' is not a list of date ranges such as 2012-05-07.. or 2000..2008-05-07")
                        return
                    }
                    dateCache[text] = d
                    dates = d
                }
                if k == .role && dates.isEmpty { fail("a role alias needs its dates (FROM..TO)"); return }
                let alias = EntityDefinition.Alias(kind: k, language: lang, text: value, dates: dates, file: file, line: lineNumber)
                if !emit(.alias(id: id.text, alias)) { fail("'\(value)' has no letters or digits to look for") }
            }
        }
        return errors
    }

    private static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Without the spaces (U+0020) at either end, as by Character: a space that
    /// a combining mark follows, or one after a prepended mark, is part of a
    /// longer Character and stays. Only a non-ASCII neighbour can make one,
    /// so only then is the column read as Characters.
    private static func trim(_ s: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lo = 0, hi = s.count
        while lo < hi, s[lo] == 0x20 { lo += 1 }
        while hi > lo, s[hi - 1] == 0x20 { hi -= 1 }
        let trimmed = lo > 0 || hi < s.count
        guard trimmed, (lo > 0 && lo < s.count && s[lo] >= 0x80) || (hi < s.count && hi > 0 && s[hi - 1] >= 0x80) else {
            return UnsafeBufferPointer(rebasing: s[lo..<hi])
        }
        var c = Substring(string(s))
        while let f = c.first, f == " " { c = c.dropFirst() }
        while let l = c.last, l == " " { c = c.dropLast() }
        let from = c.base.utf8.distance(from: c.base.startIndex, to: c.startIndex)
        return UnsafeBufferPointer(rebasing: s[from..<from + c.utf8.count])
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
