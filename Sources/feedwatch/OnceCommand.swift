import ArgumentParser
import FeedwatchDaemon
import Sinks
import Foundation

/// `feedwatch once`: one pass over the feeds that are due, then exit (cron).
struct OnceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "once",
        abstract: "Poll the feeds that are due once, write their alerts, and exit.",
        discussion: """
            Exit status: 0 when the pass ran (failing feeds are reported, not fatal), 1 when
            the store or the alert log failed, 2 on a bad feeds.conf.
            """
    )

    @OptionGroup var state: StateOptions

    @Flag(name: .customLong("new-store"), help: """
        Start although the store is new (or another one) and the alert log holds another store's alerts: \
        the stories still in the feeds are alerted again.
        """)
    var newStore = false

    @Flag(help: "Poll every enabled feed now, due or not.")
    var all = false

    func run() async throws {
        let logger = DiagnosticLog.logger()
        let (lock, context) = try state.open("once", newStore: newStore, logger: logger)
        // The same owner of "which feeds are due" as `feedwatch run`.
        let states = FeedStates(store: context.store, logger: logger)
        do {
            try await states.load(context.config.feeds)
        } catch {
            FileHandle.standardError.write(Data("feedwatch once: cannot read the feeds' state from the store \(context.paths.database): \(error)\n".utf8))
            throw ExitCode.failure
        }
        let feeds = await states.takeDue(now: Date(), all: all)
        let fetcher = try context.makeFetcher()
        defer { fetcher.shutdown() }
        let pipeline = Pipeline(config: context.config, store: context.store, delivery: context.delivery, fetcher: fetcher, logger: logger)
        let report = await pipeline.poll(feeds)
        // Then what the daemon does beside its polls: the full-text index
        // brought up to date, the backfills of new or changed topics.
        do {
            try ArchiveIndexer.catchUp(context.store)
        } catch {
            logger.error("cannot index the archive: \(error); searches scan the articles not indexed")
        }
        Backfill.run(config: context.config, store: context.store, delivery: context.delivery, stories: pipeline.stories, logger: logger,
                     stop: CancelFlag())
        // The sinks' outbox, each sink on its own thread, for at most a minute;
        // what is left (a dead receiver, a backoff) waits for the next run.
        await SinkDispatcher.drain(context.config.sinks, store: context.store, logger: logger, userAgent: fetcher.configuration.userAgent,
                             until: Date().addingTimeInterval(60))
        withExtendedLifetime(lock) {}
        do {
            try context.store.verifyFile()
        } catch {
            FileHandle.standardError.write(Data("feedwatch once: \(error)\n".utf8))
            throw ExitCode.failure
        }
        logger.info("polled \(report.polled) of \(context.config.feeds.count) feeds (\(report.failed) failed, \(report.notModified) unchanged): \(report.newEntries) new entries, \(report.alerts) alerts in \(context.log.path)")
    }
}
