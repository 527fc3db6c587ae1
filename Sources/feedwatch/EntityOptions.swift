import ArgumentParser
import FeedsConf
import FeedwatchDaemon
import Foundation
import TopicMatcher

/// `--config` for the commands that resolve `@` references: the built-in
/// entities plus the `[entity]` sections of feeds.conf, when there is one.
struct EntityOptions: ParsableArguments {
    @Option(help: "feeds.conf whose [entity] sections to add (default: ./feeds.conf or /etc/feedwatch/feeds.conf, when it exists).")
    var config: String?

    func catalog(_ command: String) throws -> EntityCatalog {
        let path = DaemonPaths(config: config, stateDirectory: nil).config
        guard config != nil || FileManager.default.fileExists(atPath: path) else { return EntityCatalog.builtIn }
        do {
            return try FeedsConf.load(path, feedsRequired: false).entities
        } catch {
            FileHandle.standardError.write(Data("feedwatch \(command): \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
