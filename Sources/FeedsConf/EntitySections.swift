import Foundation
import TopicMatcher

/// `[entity ID]` sections: entities the user adds, or aliases added to a
/// built-in one (a section whose name is a built-in id).
///
/// ```
/// [entity roman-protasevich]
/// alias   = Roman Protasevich | Raman Pratasevich | Раман Пратасевіч
/// weak    = Protasevich
/// block   = ...
/// role    = Belarusian opposition blogger [2020..2021-05-23]
/// context = belarus
/// ```
enum EntitySections {
    static let keys: Set<String> = ["type", "alias", "strong", "weak", "block", "role", "context"]

    /// The definitions of every `[entity]` section, problems reported through `fail`.
    static func read(_ sections: [ConfigReader.Section], file: String, base: EntityCatalog,
                     fail: (Int, Int, String) -> Void) -> [EntityDefinition] {
        var out: [EntityDefinition] = []
        var seen: [String: Int] = [:]
        for section in sections where section.kind == "entity" {
            guard let id = section.name, !id.isEmpty else { fail(section.line, 2, "an entity needs an id: [entity NAME]"); continue }
            guard EntityDefinition.isValidID(id) else {
                fail(section.line, 9, "'\(id)' is not an entity id: lower-case ASCII words joined by '-', as kim-jong-un")
                continue
            }
            if let first = seen[id] { fail(section.line, 9, "entity '\(id)' is defined twice (first at line \(first))"); continue }
            seen[id] = section.line
            let builtInType = base.type(of: id)
            var d = EntityDefinition(id: id, type: builtInType ?? "person")
            for v in section.values {
                guard keys.contains(v.key) else {
                    fail(v.line, 1, "unknown key '\(v.key)' in [entity \(id)] (known: \(keys.sorted().joined(separator: ", ")))")
                    continue
                }
                switch v.key {
                case "type":
                    guard EntityDataReader.types.contains(v.text) else {
                        fail(v.line, v.column, "type is one of \(EntityDataReader.types.sorted().joined(separator: ", "))")
                        continue
                    }
                    d.type = v.text
                case "context":
                    d.context += v.text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "|" }).map(String.init)
                default:
                    d.aliases += aliases(v, kind: v.key == "alias" ? .strong : EntityDefinition.AliasKind(rawValue: v.key)!,
                                         file: file, fail: fail)
                }
            }
            if builtInType == nil && !d.aliases.contains(where: { $0.kind == .strong || $0.kind == .role }) {
                fail(section.line, 1, "[entity \(id)] needs an alias = ... line (or role = ...): it is not a built-in entity")
            }
            out.append(d)
        }
        return out
    }

    /// `A | B | C`; a role's dates in brackets after it: `Russian President [2000..2008-05-07, 2012-05-07..]`.
    private static func aliases(_ v: ConfigReader.Value, kind: EntityDefinition.AliasKind, file: String,
                                fail: (Int, Int, String) -> Void) -> [EntityDefinition.Alias] {
        var out: [EntityDefinition.Alias] = []
        var offset = 0
        for part in v.text.split(separator: "|", omittingEmptySubsequences: false) {
            defer { offset += part.count + 1 }
            var text = part.trimmingCharacters(in: .whitespaces)
            let at = v.position(at: offset + (part.count - part.drop(while: { $0 == " " }).count))
            guard !text.isEmpty else { fail(at.line, at.column, "an empty alias between '|'s"); continue }
            var dates: [EntityDefinition.DateRange] = []
            if let open = text.lastIndex(of: "["), text.hasSuffix("]") {
                let inside = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
                guard let d = EntityDataReader.dateRanges(inside) else {
                    fail(at.line, at.column, "'[\(inside)]' is not a list of dates: write [2012-05-07..] or [2000..2008-05-07, 2012..]")
                    continue
                }
                dates = d
                text = text[..<open].trimmingCharacters(in: .whitespaces)
            }
            if kind == .role && dates.isEmpty {
                fail(at.line, at.column, "a role needs the dates it was held, in brackets: \(text) [2012-05-07..]")
                continue
            }
            guard !TextFolder.tokens(text).isEmpty else { fail(at.line, at.column, "'\(text)' has no letters or digits to look for"); continue }
            out.append(EntityDefinition.Alias(kind: kind, language: "*", text: text, dates: dates, file: file, line: at.line))
        }
        return out
    }

    /// Context ids must name entities of the final catalog.
    static func checkContext(_ definitions: [EntityDefinition], _ catalog: EntityCatalog, sections: [ConfigReader.Section],
                             fail: (Int, Int, String) -> Void) {
        for d in definitions {
            for c in d.context where catalog.type(of: c) == nil {
                let line = sections.first { $0.kind == "entity" && $0.name == d.id }?.values.first { $0.key == "context" }?.line ?? 0
                fail(line, 1, "[entity \(d.id)] names context '\(c)', which is no entity (`feedwatch entities` lists them)")
            }
        }
    }
}
