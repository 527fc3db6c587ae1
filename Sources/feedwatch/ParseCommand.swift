import ArgumentParser
import FeedParser
import Foundation

/// `feedwatch parse FILE|-`: a feed document to the contract JSON on stdout.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse a feed document and print it as JSON.",
        discussion: """
            Exits 0 when a feed could be read, even with recovered errors (listed under
            "warnings"); exits 1 with a one-line message on stderr when nothing usable
            was found.
            """
    )

    @Argument(help: "The feed document to read, or - for standard input.")
    var file: String

    @Option(name: .customLong("base-url"), help: "The URL the document came from; relative links resolve against it.")
    var baseURL: String?

    @Option(help: "The charset from HTTP's Content-Type, used when the document does not declare one.")
    var charset: String?

    @Option(name: .customLong("max-bytes"), help: "Stop with an error past this many bytes of input.")
    var maxBytes: Int = ParseOptions.defaultMaxBytes

    @Flag(help: "One line of JSON instead of indented JSON.")
    var compact = false

    func validate() throws {
        guard maxBytes > 0 else { throw ValidationError("--max-bytes must be a positive number of bytes") }
    }

    func run() throws {
        let options = ParseOptions(baseURL: baseURL, charset: charset, maxBytes: maxBytes)
        do {
            let parsed = try FeedParser.parse(contentsOf: file, options: options)
            print(parsed.contractJSON(pretty: !compact))
        } catch let error as FeedParserError {
            let name = file == "-" ? "<stdin>" : file
            var message = "\(error)"
            if !message.hasPrefix(name) { message = "\(name): " + message }
            FileHandle.standardError.write(Data(("feedwatch parse: " + message + "\n").utf8))
            throw ExitCode.failure
        }
    }
}
