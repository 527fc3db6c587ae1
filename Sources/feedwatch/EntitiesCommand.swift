import ArgumentParser
import Foundation
import TopicMatcher

/// `feedwatch entities [ID|NAME]`: the built-in and configured entities and
/// concepts, or one with every alias and the forms its endings give.
struct EntitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "List the entities and concepts @ references can name, or show one with all its aliases.",
        discussion: """
            Without an argument: one line per entity (id, type, aliases, languages).
            With an id or a name (Putin, "Kim Jong Un"): its context, each alias with
            its kind, language and dates, and the inflected forms matching accepts.
            """
    )

    @OptionGroup var entities: EntityOptions

    @Option(help: "Only entities of this type: person, organisation, country, city, concept.")
    var type: String?

    @Option(help: "Show the entities and concepts found in this text instead (with --lang and --date as an item's).")
    var find: String?

    @Option(help: "With --find: the text's language (pl, ru...).")
    var lang: String?

    @Option(help: "With --find: the item's date (YYYY-MM-DD), for role aliases.")
    var date: String?

    @Argument(help: "An entity id or any of its names.")
    var name: String?

    func run() throws {
        let catalog = try entities.catalog("entities")
        if let problem = catalog.loadProblem { FileHandle.standardError.write(Data("feedwatch entities: \(problem)\n".utf8)) }
        if let find {
            var a = ArticleText(id: "text", title: find, summary: nil, content: nil, link: nil, feed: nil, language: lang,
                                date: date.flatMap { EntityDataReader.dateRanges($0 + "..")?.first?.from })
            a.tag(with: catalog)
            for f in a.entitiesFound { print("@\(f.id)\t\"\(f.text)\"@\(f.offset)") }
            return
        }
        guard let name else {
            for d in catalog.definitions where type == nil || d.type == type {
                let languages = Set(d.aliases.map(\.language)).subtracting(["*"]).count
                print("\(d.id)\t\(d.type)\t\(d.aliases.count) aliases\t\(languages) languages")
            }
            return
        }
        switch catalog.resolve(name) {
        case .found(let id):
            show(catalog, id)
        case .ambiguous(let ids):
            FileHandle.standardError.write(Data("feedwatch entities: '\(name)' names several: \(ids.joined(separator: ", "))\n".utf8))
            throw ExitCode(2)
        case .unknown(let near):
            let hint = near.isEmpty ? "" : " (did you mean \(near.joined(separator: ", "))?)"
            FileHandle.standardError.write(Data("feedwatch entities: no entity '\(name)'\(hint)\n".utf8))
            throw ExitCode(2)
        }
    }

    private func show(_ catalog: EntityCatalog, _ id: String) {
        guard let d = catalog.definition(id) else { return }
        print("@\(d.id) (\(d.type))")
        if !d.context.isEmpty { print("context: \(d.context.joined(separator: " "))") }
        for kind in EntityDefinition.AliasKind.allCases {
            let aliases = d.aliases.filter { $0.kind == kind }
            guard !aliases.isEmpty else { continue }
            print("\(kind.rawValue):")
            for a in aliases {
                let dates = a.dates.map { Self.range($0) }.joined(separator: ", ")
                let forms = kind == .block ? [] : catalog.forms(of: a)
                // One word: its forms. Several: each word's, since each inflects on its own.
                let shown = forms.count == 1 && !a.text.contains(" ") ? forms[0].forms.joined(separator: " ")
                    : forms.map { "\($0.word): \($0.forms.joined(separator: " "))" }.joined(separator: "; ")
                print("  \(a.language)\t\(a.text)\(dates.isEmpty ? "" : "  [\(dates)]")\(shown.isEmpty ? "" : "  → " + shown)")
            }
        }
    }

    static func range(_ r: EntityDefinition.DateRange) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withFullDate]
        return (r.from.map(f.string) ?? "") + ".." + (r.to.map { f.string(from: $0.addingTimeInterval(-86400)) } ?? "")
    }
}
