import AlertLog
import AlertStore
import ArgumentParser
import FeedModel
import FeedsConf
import FeedwatchDaemon
import Foundation

/// `feedwatch feeds`: every feed's state, from the store.
struct FeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "Show each feed's state: last poll, status, entries, errors, next poll."
    )

    @OptionGroup var state: StateOptions

    func run() throws {
        let paths = state.paths
        let database = try state.existingDatabase("feeds")
        let configured = (try? FeedsConf.load(paths.config, feedsRequired: false)).map { Set($0.feeds.map(\.name)) }
        do {
            let store = try AlertStore(path: database)
            let rows = try store.feedStates(seenCounts: true)
            print(Self.table(rows, configured: configured, now: Date()))
        } catch {
            FileHandle.standardError.write(Data("feedwatch feeds: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    static func table(_ rows: [FeedState], configured: Set<String>?, now: Date) -> String {
        func ago(_ d: Date?) -> String {
            guard let d else { return "never" }
            let s = Int(now.timeIntervalSince(d))
            return s < 0 ? "in " + span(-s) : span(s) + " ago"
        }
        func span(_ s: Int) -> String {
            s < 120 ? "\(s)s" : s < 7200 ? "\(s / 60)m" : s < 172_800 ? "\(s / 3600)h" : "\(s / 86400)d"
        }
        var lines = [["FEED", "STATUS", "LAST POLL", "HTTP", "ENTRIES", "SEEN", "ERRORS", "NEXT POLL", "LAST ERROR"]]
        for r in rows {
            let status: String
            if let configured, !configured.contains(r.name) { status = "not in feeds.conf" }
            else if !r.enabled { status = "disabled" }
            else if r.held > 0 { status = "flooding (\(r.held) held)" }
            else if r.errorCount > 0 { status = "failing" }
            else if r.lastPoll == nil { status = "new" }
            else { status = "ok" }
            let next = r.enabled ? (r.nextDue.map { $0 <= now ? "due" : ago($0) } ?? "due") : "-"
            lines.append([UntrustedText.clean(r.name), status, ago(r.lastPoll), r.lastStatus.flatMap { $0 > 0 ? String($0) : nil } ?? "-", String(r.entryCount),
                          String(r.seen), String(r.errorCount), next, UntrustedText.clean(r.lastError ?? "")])
        }
        let widths = (0..<lines[0].count).map { c in lines.map { $0[c].count }.max() ?? 0 }
        return lines.map { row in
            row.enumerated().map { c, v in c == row.count - 1 ? v : v.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
