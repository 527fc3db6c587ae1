import FeedsConf
import Foundation
import TopicMatcher

/// One fuzz input: optionally `[entity ...]` sections of a feeds.conf up to a
/// blank line (their entities join the built-in ones), then a query line, then
/// an article. Bad sections must be reported, not crash; the query must parse
/// or fail with a column inside it; a parsed query is evaluated, and the
/// compiled, presearched matcher must agree with the reference evaluator,
/// decision and explanation.
/// A few entities and the built-in ending tables, for inputs with `[entity]` sections.
let smallCatalog: EntityCatalog = {
    let rows = """
        kim-jong-un\ttype\t*\tperson
        kim-jong-un\tcontext\t*\tnorth-korea
        kim-jong-un\tstrong\ten\tKim Jong Un
        kim-jong-un\tweak\ten\tKim
        kim-jong-un\tblock\ten\tKim Yo Jong
        kim-jong-un\trole\ten\tNorth Korean leader\t2011-12-17..
        north-korea\ttype\t*\tcountry
        north-korea\tstrong\ten\tNorth Korea
        belarus\ttype\t*\tcountry
        belarus\tstrong\ten\tBelarus
        meeting\ttype\t*\tconcept
        meeting\tstrong\tde\tGipfel*
        """
    return EntityCatalog(EntityDataReader.read(rows, file: "fuzz").entities, rules: EntityCatalog.builtIn.inflectionRules)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuery(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    var text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var catalog = EntityCatalog.builtIn
    if text.hasPrefix("[entity"), let end = text.range(of: "\n\n") {
        let sections = String(text[..<end.lowerBound])
        text = String(text[end.upperBound...])
        // On a small base: rebuilding the whole built-in catalog per input
        // would leave the fuzzer a run a second.
        if let config = try? FeedsConf.parse(sections, file: "fuzz.conf", entities: smallCatalog) { catalog = config.entities }
    }
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let query = String(parts.first ?? "")
    let body = parts.count > 1 ? String(parts[1]) : ""
    do {
        let node = try QueryParser.parse(query, entities: catalog)
        let article = ArticleText(id: "f", title: String(body.prefix(80)), summary: body, content: nil, link: nil, feed: "fuzz",
                                  authors: ["a b"], categories: ["c"], language: ["pl", "ru", nil][size % 3])
        let index = TopicIndex(compiled: [TopicIndex.Topic(name: "q", query: node)], entities: catalog)
        let fast = index.match(article)
        let slow = !index.matchBruteForce(article).isEmpty
        if fast.isEmpty == slow { fatalError("the compiled matcher disagrees with the reference evaluator for query \(query)") }
        if let m = fast.first, m.hits != QueryEvaluator.explain(node, in: index.tagged(article)) {
            fatalError("the compiled explanation differs from the reference for query \(query)")
        }
        _ = node.description
    } catch {
        if error.column < 1 || error.column > query.count + 1 { fatalError("error column \(error.column) outside the query") }
        _ = error.description
    }
    return 0
}

#if FUZZING
import CFuzzerDriver

@main
struct FuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzQuery(data, size) })
    }
}
#else
/// Without libFuzzer: replay the files named on the command line.
@main
struct FuzzReplay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { exit(1) }
            let bytes = [UInt8](data)
            _ = bytes.withUnsafeBufferPointer { fuzzQuery($0.baseAddress, $0.count) }
        }
    }
}
#endif
