import ArgumentParser
import Foundation
import TopicMatcher

/// `feedwatch check-query Q`: the parsed tree and the entities it names, or
/// the error with its caret.
struct CheckQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-query",
        abstract: "Check a topic query: print how it parses and the entities it names, or what is wrong and where.",
        discussion: "Exit 0 when the query is good, 2 when it is not."
    )

    @OptionGroup var entities: EntityOptions

    @Argument(help: "The query, quoted for the shell.")
    var query: String

    func run() throws {
        let catalog = try entities.catalog("check-query")
        let node: QueryNode
        do {
            node = try QueryParser.parse(query, entities: catalog)
        } catch {
            FileHandle.standardError.write(Data("feedwatch check-query: \(error)\n".utf8))
            throw ExitCode(2)
        }
        print(node.description)
        for id in Self.entityIDs(node) {
            guard let d = catalog.definition(id) else { continue }  // read anew: a tool, not the daemon
            let languages = Set(d.aliases.map(\.language)).subtracting(["*"]).count
            // Each spelling once: most languages share the English one.
            var seen = Set<String>()
            let sample = d.aliases.filter { $0.kind == .strong && seen.insert($0.text).inserted }.prefix(4).map(\.text)
                .joined(separator: ", ")
            print("@\(id): \(d.type), \(d.aliases.count) aliases in \(languages) languages (\(sample)…)")
        }
    }

    /// The `@` references of a query, each once, in order.
    static func entityIDs(_ node: QueryNode) -> [String] {
        var out: [String] = []
        func walk(_ n: QueryNode) {
            switch n {
            case .entity(let id): if !out.contains(id) { out.append(id) }
            case .and(let c), .or(let c): c.forEach(walk)
            case .not(let c), .field(_, let c): walk(c)
            case .near(let a, let b, _, _): walk(a); walk(b)
            case .term, .phrase: break
            }
        }
        walk(node)
        return out
    }
}
