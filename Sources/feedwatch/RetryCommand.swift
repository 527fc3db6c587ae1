import AlertStore
import ArgumentParser
import FeedwatchDaemon
import Foundation

/// `feedwatch retry SINK`: the deliveries parked as failed go out again.
struct RetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Put a sink's failed deliveries back in its outbox, their tries counted afresh.",
        discussion: """
            The running feedwatch sends them within a minute (at once on SIGHUP: systemctl
            reload feedwatch); without a daemon, the next feedwatch once or run does.
            """
    )

    @OptionGroup var state: StateOptions

    @Argument(help: "The sink ([sink NAME] in feeds.conf).")
    var sink: String

    func run() throws {
        let database = try state.existingDatabase("retry")
        do {
            let n = try AlertStore(path: database).retryFailed(sink: sink)
            if n == 0 {
                print("sink \(sink) has no failed deliveries")
            } else {
                print("\(n) failed deliver\(n == 1 ? "y" : "ies") of sink \(sink) pending again: the running feedwatch sends them within a minute (at once on SIGHUP), else the next feedwatch once or run")
            }
        } catch {
            FileHandle.standardError.write(Data("feedwatch retry: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
