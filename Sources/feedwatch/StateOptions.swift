import ArgumentParser
import FeedwatchDaemon

/// `--config` and `--state-dir`, shared by the commands that use the store.
struct StateOptions: ParsableArguments {
    @Option(help: "feeds.conf to read (default: ./feeds.conf when it exists, else /etc/feedwatch/feeds.conf).")
    var config: String?

    @Option(name: .customLong("state-dir"), help: "Directory of feedwatch.sqlite (default: $STATE_DIRECTORY under systemd, else ./state).")
    var stateDir: String?

    var paths: DaemonPaths { DaemonPaths(config: config, stateDirectory: stateDir) }
}
