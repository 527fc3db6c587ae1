import ArgumentParser
import FeedwatchDaemon

/// The `feedwatch` command: one executable, one subcommand per job (DESIGN.md).
@main
struct Feedwatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedwatch",
        abstract: "Watch news feeds for the stories you track.",
        discussion: """
            feedwatch polls RSS, Atom and JSON feeds, matches new articles against your
            topics and writes alerts to a log and an SQLite store.
            """,
        version: FeedwatchVersion.string,
        subcommands: [RunCommand.self, OnceCommand.self, CheckConfigCommand.self, FeedsCommand.self, AlertsCommand.self, TailCommand.self,
                      ImportOPMLCommand.self, ExportOPMLCommand.self, ParseCommand.self, FetchCommand.self, CheckQueryCommand.self,
                      MatchCommand.self, EntitiesCommand.self, ReleaseCommand.self, SearchCommand.self, BacktestCommand.self,
                      DeliveriesCommand.self, RetryCommand.self, TestSinkCommand.self, StoriesCommand.self, StoryCommand.self]
    )

    /// Limits malloc's arenas before any thread but this one has allocated:
    /// glibc gives each new thread an arena of its own, and by the time `run`
    /// starts the threads of the concurrency runtime already hold four.
    static func main() async {
        HeapTrim.limitArenas(2)
        await main(nil)
    }
}
