import AlertLog
import FeedModel
import FeedsConf
import AlertStore
import ArgumentParser
import FeedwatchDaemon
import FeedwatchSupport
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

    @Flag(help: "Only the alerts a feed's flood guard held back from the log (release them with: feedwatch release FEED).")
    var held = false

    @Flag(help: "One JSON object per line, as in a JSON alert log.")
    var json = false

    func run() throws {
        let database = try state.existingDatabase("alerts")
        var cutoff: Date?
        if let since {
            guard let d = Self.parseSince(since, now: Date()) else {
                throw ValidationError("--since \(since): expected a duration like 24h or 7d, or a time like 2026-11-29T08:00:00Z")
            }
            cutoff = d
        }
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        do {
            let store = try AlertStore(path: database)
            let alerts = try store.alerts(AlertQuery(topic: topic, feed: feed, since: cutoff, limit: limit, held: held)).reversed()
            let renderer = AlertRenderer.forStandardOutput()
            for a in alerts { print(json ? AlertLine.format(a, as: .json) : renderer.render(a)) }
        } catch {
            FileHandle.standardError.write(Data("feedwatch alerts: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// `24h` back from `now`, or an ISO 8601 UTC time.
    static func parseSince(_ text: String, now: Date) -> Date? {
        if let t = UTCTime.parse(text) { return t }
        return FeedsConf.seconds(text).map { now.addingTimeInterval(-$0) }
    }
}
