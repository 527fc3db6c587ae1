import AlertLog
import ArgumentParser
import FeedsConf
import FeedwatchDaemon
import Foundation

/// `feedwatch tail`: the alert log for a terminal, following it across rotation.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Show the last alerts of the alert log, and follow it with -f.",
        discussion: "Follows the log across logrotate (moved or truncated), like tail -F."
    )

    @OptionGroup var state: StateOptions

    @Option(name: .short, help: "How many of the last lines to show.")
    var n = 10

    @Flag(name: .short, help: "Keep showing alerts as they are written.")
    var follow = false

    @Option(help: "The alert log to read (default: the one feeds.conf and --state-dir name).")
    var log: String?

    func run() async throws {
        let path = try logPath()
        let renderer = AlertRenderer.forStandardOutput()
        // The follower opens the file first: the last lines are read up to where
        // it starts, so a line written in between is shown once, by the follower.
        var follower = LogFollower(path: path)
        var last: [Substring] = []
        do {
            if n > 0 { try AlertLog.scanBackward(path, upTo: Int(follower.offset)) { line in
                last.append(line)
                return last.count < n
            } }
        } catch {
            FileHandle.standardError.write(Data("feedwatch tail: \(error)\n".utf8))
            throw ExitCode.failure
        }
        // Written unbuffered: a pipe (tail -f | grep) sees each alert at once.
        func show(_ line: Substring) { FileHandle.standardOutput.write(Data((renderer.render(line: line) + "\n").utf8)) }
        for line in last.reversed() { show(line) }
        guard follow else { return }
        while !Task.isCancelled {
            for line in follower.newLines() { show(line) }
            try await Task.sleep(for: .milliseconds(300))
        }
    }

    private func logPath() throws -> String {
        if let log { return log }
        let paths = state.paths
        // Only alert-log matters here; a broken feeds.conf elsewhere should not stop reading alerts.
        let setting = (try? FeedsConf.load(paths.config, feedsRequired: false))?.defaults.alertLog
        return paths.alertLog(setting: setting)
    }
}
