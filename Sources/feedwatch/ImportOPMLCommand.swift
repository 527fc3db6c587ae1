import ArgumentParser
import FeedsConf
import FeedwatchDaemon
import Foundation

/// `feedwatch import-opml FILE`: append another reader's feeds to feeds.conf.
struct ImportOPMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-opml",
        abstract: "Append the feeds of an OPML file to feeds.conf (folders and categories become tags).",
        discussion: "Feeds whose URL is already in feeds.conf are skipped. The result is checked before it is written; reload the daemon to poll the new feeds."
    )

    @Argument(help: "The OPML file (as exported by another feed reader).")
    var file: String

    @Option(help: "feeds.conf to append to (default: ./feeds.conf when it exists, else /etc/feedwatch/feeds.conf).")
    var config: String?

    @Flag(name: .customLong("dry-run"), help: "Print what would be appended; change nothing.")
    var dryRun = false

    func run() throws {
        let path = DaemonPaths(config: config, stateDirectory: nil).config
        func fail(_ message: String, _ code: Int32) -> ExitCode {
            FileHandle.standardError.write(Data("feedwatch import-opml: \(message)\n".utf8))
            return ExitCode(code)
        }
        guard let data = FileManager.default.contents(atPath: file) else { throw fail("cannot read \(file)", 1) }
        let outlines: [OPML.Outline]
        do {
            outlines = try OPML.read(data, file: file)
        } catch {
            throw fail(error.description, 1)
        }
        // A feeds.conf that cannot be read must stop the import: taken as empty,
        // it would be replaced by the imported feeds alone.
        let old: String
        let current: FeedsConfig
        do {
            old = ConfigFile.isAbsent(path) ? "" : try ConfigFile.read(path)
            current = try FeedsConf.parse(old, file: path)
        } catch {
            throw fail("\(path) has errors; fix them first:\n\(error)", 2)
        }
        let (sections, added, skipped) = OPML.sections(for: outlines, existing: current, source: (file as NSString).lastPathComponent)
        let text = old + (old.isEmpty || old.hasSuffix("\n") ? "" : "\n") + sections
        do {
            _ = try FeedsConf.parse(text, file: path)
        } catch {
            throw fail("the imported feeds would not make a valid feeds.conf:\n\(error)", 1)
        }
        if dryRun {
            print(sections, terminator: "")
        } else if added > 0 {
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw fail("cannot write \(path): \(error.localizedDescription)", 1)
            }
        }
        FileHandle.standardError.write(Data("\(dryRun ? "would add" : "added") \(added) feed(s) to \(path)\(skipped > 0 ? " (\(skipped) already there)" : "")\(added > 0 && !dryRun ? "; reload feedwatch to poll them" : "")\n".utf8))
    }
}
