internal import CTopicData

/// The data files of `Data/`, embedded at build time by the `CTopicData`
/// target, read into the built-in catalog.
enum BuiltInEntities {
    static let entityFiles: [(Int32, String)] = [
        (Int32(FW_DATA_PEOPLE.rawValue), "entities-people.tsv"), (Int32(FW_DATA_COUNTRIES.rawValue), "entities-countries.tsv"),
        (Int32(FW_DATA_PLACES.rawValue), "entities-places.tsv"), (Int32(FW_DATA_ORGANISATIONS.rawValue), "entities-organisations.tsv"),
        (Int32(FW_DATA_CONCEPTS.rawValue), "concepts.tsv"),
    ]

    static func text(_ which: Int32) -> String {
        var size: UInt = 0
        guard let bytes = fw_topic_data(which, &size) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(size)), as: UTF8.self)
    }

    /// Every problem of the shipped data, for the test that keeps it clean.
    static func problems() -> [EntityDataError] {
        var out: [EntityDataError] = []
        var all: [EntityDefinition] = []
        for (which, name) in entityFiles {
            let (defs, errors) = EntityDataReader.read(text(which), file: name)
            out += errors
            all += defs
        }
        // A context that names no entity would be dropped without a word.
        let ids = Set(all.map(\.id))
        for d in all {
            for c in d.context where !ids.contains(c) {
                out.append(EntityDataError(file: d.aliases.first?.origin ?? d.id, line: 0, message: "\(d.id): context '\(c)' is no entity"))
            }
        }
        do {
            _ = try InflectionRules(text(Int32(FW_DATA_INFLECTION.rawValue)), file: "inflection.tsv")
        } catch {
            out.append(error)
        }
        return out
    }

    /// The definitions as the data files give them, read anew: the catalog
    /// keeps only what tagging needs, and tools that list aliases read them here.
    static func definitions() -> [EntityDefinition] {
        entityFiles.flatMap { EntityDataReader.read(text($0.0), file: $0.1).entities }
    }

    /// The catalog; a bad row is skipped and named in `loadProblem`, so that one
    /// mistake in the data costs that row, not every entity.
    static func load() -> EntityCatalog {
        var builder = EntityCatalogBuilder()
        var problems: [String] = []
        for (which, name) in entityFiles {
            problems += EntityDataReader.read(text(which), file: name, into: &builder).map(\.description)
        }
        var rules = InflectionRules()
        do {
            rules = try InflectionRules(text(Int32(FW_DATA_INFLECTION.rawValue)), file: "inflection.tsv")
        } catch {
            problems.append(error.description)
        }
        let problem = problems.isEmpty ? nil : problems.prefix(3).joined(separator: "; ") + (problems.count > 3 ? " (+\(problems.count - 3) more)" : "")
        let catalog = EntityCatalog(builder, rules: rules, loadProblem: problem, source: { BuiltInEntities.definitions() })
        // Reading the rows made and freed some hundred thousand small strings:
        // give that memory back rather than keep it resident for the daemon's life.
        _ = fw_release_free_memory()
        return catalog
    }
}
