import Foundation

/// One entity or concept as its data says it: the aliases by kind, the context
/// entities that let weak aliases count, and where it was defined.
package struct EntityDefinition: Sendable, Hashable {
    /// How an alias counts (DESIGN.md, "Entities and concepts").
    package enum AliasKind: String, Sendable, Hashable, CaseIterable {
        /// Counts alone.
        case strong
        /// Counts only beside a strong or role alias of the same entity, or a context entity.
        case weak
        /// Claims its span first and never yields the entity ("Kim Jong Il" on kim-jong-un).
        case block
        /// A title that means the entity only within its dates ("Russian President").
        case role
    }

    /// A closed or open span of days (UTC) in which a role alias holds.
    package struct DateRange: Sendable, Hashable {
        package var from: Date?
        package var to: Date?

        package init(from: Date?, to: Date?) {
            self.from = from
            self.to = to
        }

        package func contains(_ d: Date) -> Bool {
            (from.map { d >= $0 } ?? true) && (to.map { d < $0 } ?? true)
        }
    }

    package struct Alias: Sendable, Hashable {
        package var kind: AliasKind
        /// ISO 639-1 code of the press that writes it this way, or `*`.
        package var language: String
        package var text: String
        package var dates: [DateRange]
        /// Where it was read: the file (one string shared by its rows) and line.
        package var file: String
        package var line: Int

        /// For messages: `entities-people.tsv:12`, `feeds.conf:40`.
        package var origin: String { "\(file):\(line)" }

        package init(kind: AliasKind, language: String, text: String, dates: [DateRange] = [], file: String, line: Int) {
            self.kind = kind
            self.language = language
            self.text = text
            self.dates = dates
            self.file = file
            self.line = line
        }
    }

    package var id: String
    /// person, organisation, country, city, concept.
    package var type: String
    package var aliases: [Alias]
    package var context: [String]

    package init(id: String, type: String, aliases: [Alias] = [], context: [String] = []) {
        self.id = id
        self.type = type
        self.aliases = aliases
        self.context = context
    }

    /// Whether `id` has the shape of an entity id: lower-case ASCII words joined by '-'.
    package static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.first != "-" && id.last != "-" && !id.contains("--")
            && id.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }
}
