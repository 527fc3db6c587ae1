import ArgumentParser
import FeedwatchDaemon
import Foundation
import Logging

/// `--config` and `--state-dir`, shared by the commands that use the store.
struct StateOptions: ParsableArguments {
    @Option(help: "feeds.conf to read (default: ./feeds.conf when it exists, else /etc/feedwatch/feeds.conf).")
    var config: String?

    @Option(name: .customLong("state-dir"), help: "Directory of feedwatch.sqlite (default: $STATE_DIRECTORY under systemd, else ./state).")
    var stateDir: String?

    var paths: DaemonPaths { DaemonPaths(config: config, stateDirectory: stateDir) }

    /// For the commands that only read the store: its path, or a message that
    /// nothing has run yet (exit 1).
    func existingDatabase(_ command: String) throws -> String {
        guard FileManager.default.fileExists(atPath: paths.database) else {
            FileHandle.standardError.write(Data("feedwatch \(command): no store at \(paths.database) yet: run `feedwatch once` or `feedwatch run` first (or pass --state-dir)\n".utf8))
            throw ExitCode.failure
        }
        return paths.database
    }

    /// For the commands that write (`run`, `once`): the state directory's lock,
    /// then the configuration, store and log; a failure is reported and becomes
    /// the exit status (2 for feeds.conf, 1 for the rest).
    func open(_ command: String, newStore: Bool = false, logger: Logger) throws -> (StateLock, DaemonContext) {
        do {
            let lock = try StateLock(directory: paths.stateDirectory)
            return (lock, try DaemonContext.open(paths, newStore: newStore, logger: logger))
        } catch {
            FileHandle.standardError.write(Data("feedwatch \(command): \(error)\n".utf8))
            if case .configuration = error { throw ExitCode(2) }
            throw ExitCode.failure
        }
    }
}
