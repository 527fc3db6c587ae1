import FeedModel
import AlertStore
import ArgumentParser
import FeedwatchDaemon
import Foundation

/// `feedwatch alerts`: stored alerts, newest last.
struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Show stored alerts (from feedwatch.sqlite), oldest first.",
        discussion: "Safe while the daemon runs: the store has one writer and any number of readers."
    )

    @OptionGroup var state: StateOptions

    @Option(help: "Only this topic.")
    var topic: String?

    @Option(help: "Only this feed.")
    var feed: String?

    @Option(help: "Only alerts newer than this: 90s, 15m, 24h, 7d, or a time like 2026-11-29T08:00:00Z.")
    var since: String?

    @Option(help: "At most this many (the newest).")
    var limit = 50

    @Flag(help: "One JSON object per line, as in a JSON alert log.")
    var json = false

    func run() throws {
        let paths = state.paths
        guard FileManager.default.fileExists(atPath: paths.database) else {
            FileHandle.standardError.write(Data("feedwatch alerts: no store at \(paths.database) yet: run `feedwatch once` or `feedwatch run` first (or pass --state-dir)\n".utf8))
            throw ExitCode.failure
        }
        var cutoff: Date?
        if let since {
            guard let d = Self.parseSince(since, now: Date()) else {
                throw ValidationError("--since \(since): expected a duration like 24h or 7d, or a time like 2026-11-29T08:00:00Z")
            }
            cutoff = d
        }
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        do {
            let store = try AlertStore(path: paths.database)
            let alerts = try store.alerts(AlertQuery(topic: topic, feed: feed, since: cutoff, limit: limit)).reversed()
            let renderer = AlertRenderer.forStandardOutput()
            for a in alerts { print(json ? AlertLine.json(a) : renderer.render(a)) }
        } catch {
            FileHandle.standardError.write(Data("feedwatch alerts: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// `24h` back from `now`, or an ISO 8601 UTC time.
    static func parseSince(_ text: String, now: Date) -> Date? {
        if let t = UTCTime.parse(text) { return t }
        guard let unit = text.last, let n = Double(text.dropLast()), n >= 0 else { return nil }
        let seconds: Double
        switch unit {
        case "s": seconds = n
        case "m": seconds = n * 60
        case "h": seconds = n * 3600
        case "d": seconds = n * 86400
        default: return nil
        }
        return now.addingTimeInterval(-seconds)
    }
}
