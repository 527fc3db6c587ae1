import Foundation

/// Reads the entity and concept data files (`Data/FORMAT.md`): one fact per
/// line, `id TAB kind TAB lang TAB text [TAB dates]`, rows of one id together.
package enum EntityDataReader {
    package static let types: Set<String> = ["person", "organisation", "country", "city", "concept"]

    /// The entities of `text`, in the order they first appear, with every
    /// problem found (a bad row is skipped, the rest is kept).
    package static func read(_ text: String, file: String) -> (entities: [EntityDefinition], errors: [EntityDataError]) {
        var order: [String] = []
        var byID: [String: EntityDefinition] = [:]
        var errors: [EntityDataError] = []
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty || line.hasPrefix("#") || line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            func fail(_ message: String) { errors.append(EntityDataError(file: file, line: lineNumber, message: message)) }
            guard cols.count == 4 || cols.count == 5 else {
                fail("expected 4 or 5 TAB-separated columns (id, kind, lang, text, [dates]), found \(cols.count)")
                continue
            }
            let (id, kind, lang, value) = (cols[0], cols[1], cols[2], cols[3])
            guard EntityDefinition.isValidID(id) else { fail("'\(id)' is not an id: lower-case ASCII words joined by '-'"); continue }
            guard !value.isEmpty else { fail("the text column is empty"); continue }
            if byID[id] == nil {
                guard kind == "type" else { fail("the first row of '\(id)' must be its type row"); continue }
                guard types.contains(value) else { fail("unknown type '\(value)' (one of \(types.sorted().joined(separator: ", ")))"); continue }
                byID[id] = EntityDefinition(id: id, type: value)
                order.append(id)
                continue
            }
            switch kind {
            case "type":
                fail("'\(id)' has a second type row")
            case "context":
                byID[id]!.context += value.split(separator: " ").map(String.init)
            default:
                guard let k = EntityDefinition.AliasKind(rawValue: kind) else {
                    fail("unknown kind '\(kind)' (type, context, strong, weak, block, role)")
                    continue
                }
                var dates: [EntityDefinition.DateRange] = []
                if cols.count == 5, !cols[4].isEmpty {
                    guard let d = dateRanges(cols[4]) else {
                        fail("'\(cols[4])' is not a list of date ranges such as 2012-05-07.. or 2000..2008-05-07")
                        continue
                    }
                    dates = d
                }
                if k == .role && dates.isEmpty { fail("a role alias needs its dates (FROM..TO)"); continue }
                byID[id]!.aliases.append(EntityDefinition.Alias(kind: k, language: lang, text: value, dates: dates,
                                                               origin: "\(file):\(lineNumber)"))
            }
        }
        return (order.map { byID[$0]! }, errors)
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
            out.append(EntityDefinition.DateRange(from: from, to: to))
        }
        return out.isEmpty ? nil : out
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as its first moment, or (`end`) the
    /// moment after its last.
    private static func day(_ text: String, end: Bool) -> Date? {
        let parts = text.split(separator: "-").map { Int($0) }
        guard (1...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
        var c = DateComponents()
        c.year = parts[0]
        c.month = parts.count > 1 ? parts[1] : 1
        c.day = parts.count > 2 ? parts[2] : 1
        guard let y = c.year, (1000...9999).contains(y), (1...12).contains(c.month!), (1...31).contains(c.day!) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let start = calendar.date(from: c) else { return nil }
        guard end else { return start }
        let unit: Calendar.Component = parts.count == 1 ? .year : parts.count == 2 ? .month : .day
        return calendar.date(byAdding: unit, value: 1, to: start)
    }
}
