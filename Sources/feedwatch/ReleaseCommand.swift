import AlertStore
import ArgumentParser
import FeedwatchDaemon
import Foundation

/// `feedwatch release FEED`: the alerts a flood guard held back go to the log.
struct ReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Write the alerts held back by a feed's flood guard to the alert log.",
        discussion: """
            A feed past its flood-limit (alerts an hour, feeds.conf) has its further alerts
            stored held; `feedwatch alerts --held` lists them. When no daemon runs, release
            writes them now; else the daemon writes them on its next delivery (at once on
            SIGHUP: systemctl reload feedwatch).
            """
    )

    @OptionGroup var state: StateOptions

    @Argument(help: "The feed whose held alerts to release.")
    var feed: String

    func run() throws {
        let database = try state.existingDatabase("release")
        let released: Int
        do {
            released = try AlertStore(path: database).release(feed: feed)
        } catch {
            FileHandle.standardError.write(Data("feedwatch release: \(error)\n".utf8))
            throw ExitCode.failure
        }
        guard released > 0 else {
            print("feed \(feed) has no held alerts")
            return
        }
        let lock: StateLock
        do {
            lock = try StateLock(directory: state.paths.stateDirectory)
        } catch {
            print("released \(released) alert(s) of feed \(feed): the running feedwatch writes them to the log on its next delivery (at once on SIGHUP: systemctl reload feedwatch)")
            return
        }
        // No daemon: opening delivers every stored, undelivered alert, these included.
        let logger = DiagnosticLog.logger()
        do {
            let context = try DaemonContext.open(state.paths, logger: logger)
            print("released \(released) alert(s) of feed \(feed): written to \(context.log.path)")
        } catch {
            FileHandle.standardError.write(Data("feedwatch release: released \(released) alert(s) of feed \(feed), but cannot write them to the log now: \(error). They are written by the next feedwatch once or run.\n".utf8))
            throw ExitCode.failure
        }
        withExtendedLifetime(lock) {}
    }
}
