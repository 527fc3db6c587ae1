import ArgumentParser
import Foundation
import TopicMatcher

/// `feedwatch check-query Q`: the parsed tree, or the error with its caret.
struct CheckQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-query",
        abstract: "Check a topic query: print how it parses, or what is wrong and where.",
        discussion: "Exit 0 when the query is good, 2 when it is not."
    )

    @Argument(help: "The query, quoted for the shell.")
    var query: String

    func run() throws {
        do {
            print(try QueryParser.parse(query).description)
        } catch {
            FileHandle.standardError.write(Data("feedwatch check-query: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
