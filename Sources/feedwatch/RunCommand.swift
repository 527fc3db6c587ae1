import ArgumentParser
import FeedwatchDaemon
import Foundation
import Logging

/// `feedwatch run`: the daemon, in the foreground (systemd runs it so).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon in the foreground: poll feeds as they fall due, write alerts.",
        discussion: """
            Diagnostics go to standard error (journald under systemd). SIGHUP reloads
            feeds.conf (a broken file is reported and the running configuration kept) and
            reopens the alert log; SIGTERM or Ctrl-C stops after in-flight polls finish
            (at most a few seconds). Under systemd (Type=notify) it reports READY,
            RELOADING, STOPPING, WATCHDOG and a STATUS line.
            Exit status: 0 after a clean stop, 1 when the store or the log cannot be
            opened, 2 on a bad feeds.conf.
            """
    )

    @OptionGroup var state: StateOptions

    @Flag(name: .customLong("new-store"), help: """
        Start although the store is new (or another one) and the alert log holds another store's alerts: \
        the stories still in the feeds are alerted again.
        """)
    var newStore = false

    func run() async throws {
        let logger = DiagnosticLog.logger()
        let (lock, runner) = try start(logger: logger)
        let status = await runner.run()
        withExtendedLifetime(lock) {}
        if status != 0 { throw ExitCode(status) }
    }

    /// The context lives only in here: the runner's poller drops the parsed
    /// topics once compiled, and a copy held across `run()` would keep them.
    private func start(logger: Logger) throws -> (StateLock, DaemonRunner) {
        let (lock, context) = try state.open("run", newStore: newStore, logger: logger)
        do {
            let runner = try DaemonRunner(context: context, logger: logger)
            FileHandle.standardError.write(Data("feedwatch: alerts go to \(context.log.path) (follow them with: feedwatch tail -f\(state.stateDir.map { " --state-dir \($0)" } ?? ""))\n".utf8))
            return (lock, runner)
        } catch {
            FileHandle.standardError.write(Data("feedwatch run: \(error)\n".utf8))
            if case .configuration = error { throw ExitCode(2) }
            throw ExitCode.failure
        }
    }
}
