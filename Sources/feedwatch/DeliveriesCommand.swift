import AlertLog
import AlertStore
import ArgumentParser
import FeedwatchDaemon
import Foundation

/// `feedwatch deliveries`: what each sink's outbox holds.
struct DeliveriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries",
        abstract: "Show, per sink, the alerts delivered, pending and failed, and the last error.",
        discussion: """
            With --sink or --failed, also lists the deliveries themselves, newest first.
            Failed ones are kept: send them again with `feedwatch retry SINK`.
            """
    )

    @OptionGroup var state: StateOptions

    @Option(help: "Only this sink.")
    var sink: String?

    @Flag(help: "List the deliveries parked as failed.")
    var failed = false

    @Option(help: "At most this many deliveries listed.")
    var limit = 20

    func run() throws {
        let database = try state.existingDatabase("deliveries")
        do {
            let store = try AlertStore(path: database)
            let counts = try store.sinkCounts().filter { sink == nil || $0.sink == sink }
            if counts.isEmpty {
                print(sink.map { "sink \($0) has no deliveries in the outbox" } ?? "no deliveries: no alert has gone to a sink yet ([sink NAME] in feeds.conf, sinks = on topics)")
                return
            }
            let width = max(4, counts.map(\.sink.count).max() ?? 4)
            print(pad("SINK", width) + "  DELIVERED  PENDING  FAILED  LAST ERROR")
            for c in counts {
                let error = c.lastError.map { UntrustedText.clean(String($0.prefix(120))) } ?? "-"
                print(pad(c.sink, width) + "  " + left(c.delivered, 9) + "  " + left(c.pending, 7) + "  " + left(c.failed, 6) + "  " + error)
            }
            guard sink != nil || failed else { return }
            print("")
            for row in try store.outboxRows(sink: sink, failed: failed, limit: limit) {
                let a = row.item.alert
                let fields = [row.state, row.item.sink, a.id, a.topic, "tries \(row.item.tries)", UntrustedText.clean(a.title ?? "(untitled)")]
                print(fields.joined(separator: "  ") + (row.error.map { "  [" + UntrustedText.clean($0) + "]" } ?? ""))
            }
        } catch {
            FileHandle.standardError.write(Data("feedwatch deliveries: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    private func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
    private func left(_ n: Int, _ width: Int) -> String { String(repeating: " ", count: max(0, width - String(n).count)) + String(n) }
}
