import ArgumentParser
import FeedsConf
import FeedwatchDaemon
import Foundation

/// `feedwatch export-opml`: feeds.conf's feeds for another reader.
struct ExportOPMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-opml",
        abstract: "Write the feeds of feeds.conf as OPML 2.0 on standard output (tags as categories)."
    )

    @Option(help: "feeds.conf to read (default: ./feeds.conf when it exists, else /etc/feedwatch/feeds.conf).")
    var config: String?

    func run() throws {
        let path = DaemonPaths(config: config, stateDirectory: nil).config
        do {
            print(OPML.write(try FeedsConf.load(path)), terminator: "")
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
