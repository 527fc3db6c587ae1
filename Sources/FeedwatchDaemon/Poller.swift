import AlertLog
import AlertStore
import FeedFetcher
import FeedsConf
import Foundation
import Logging
import ServiceLifecycle
import Sinks
import StoryMatcher

/// The daemon's poller, a service of its group: each feed polled when it falls
/// due (its own task: a slow or broken feed delays no other), a reload (asked
/// by the reload service on SIGHUP) applied between polls, and on graceful
/// shutdown the polls in flight given `shutdownGrace` to finish. systemd hears
/// READY, RELOADING, STOPPING and a STATUS line from here.
package actor Poller: Service {
    /// Its configuration's parsed topics are dropped once the pipeline has
    /// compiled them and the backfills have started (`droppingTopics`).
    private var context: DaemonContext
    /// The running configuration's topics as a reload compares them.
    private var topics: ConfigDiff.Topics
    private var pipeline: Pipeline
    private let fetcher: FeedFetcher
    private let gate: AsyncSemaphore
    /// The open stories, one for the process as the gate is.
    private let stories: StoryIndex
    private let logger: Logger
    private let notifier: SystemdNotifier
    /// Topics' backfills over the archive, on a thread of their own.
    private let backfill = Backfill()
    /// The archive's full-text index, filled behind the commits on a thread of its own.
    private let indexer = ArchiveIndexer()
    /// Webhooks, mail and commands: each sink on its own thread, off the poll path.
    private let sinks: SinkDispatcher
    /// The loop's exit status once it has stopped: 1 when the store went away.
    package private(set) var status: Int32 = 0
    /// Due times, failing and disabled feeds: asked, never kept here.
    private let states: FeedStates
    private var inFlight: [String: Task<Void, Never>] = [:]
    private var lastStatus = Date.distantPast
    /// Pings systemd while the loop below beats (nil: systemd expects none).
    private let watchdog: Watchdog?
    /// The loop turns at least this often, so that its heartbeat stays fresh.
    private var watchdogSeconds: Double {
        notifier.watchdogInterval.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 } ?? 60
    }
    /// How long in-flight polls may finish after SIGTERM before they are abandoned.
    private let shutdownGrace: Duration

    private enum Event: Sendable {
        case reload
        case shutdown
        case finished(String)
        case tick
        case graceExpired
    }

    private let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation

    package init(context: DaemonContext, fetcher: FeedFetcher, logger: Logger, notifier: SystemdNotifier, watchdog: Watchdog?,
                 shutdownGrace: Duration) {
        self.context = context
        self.logger = logger
        self.notifier = notifier
        self.fetcher = fetcher
        self.watchdog = watchdog
        self.shutdownGrace = shutdownGrace
        sinks = SinkDispatcher(store: context.store, logger: logger, userAgent: fetcher.configuration.userAgent,
                               connectTimeout: fetcher.configuration.connectTimeout)
        // One gate for the life of the process: polls in flight across a reload
        // hold permits of the same one, so the bound on feeds in memory holds.
        gate = AsyncSemaphore(permits: fetcher.configuration.globalLimit)
        pipeline = Pipeline(config: context.config, store: context.store, delivery: context.delivery, fetcher: fetcher, logger: logger,
                            gate: gate)
        // Likewise one index of open stories, reconfigured by each reload.
        stories = pipeline.stories
        states = FeedStates(store: context.store, logger: logger)
        topics = ConfigDiff.Topics(context.config.topics)
        (events, continuation) = AsyncStream.makeStream(of: Event.self)
    }

    /// SIGHUP, from the reload service: applied by the loop between polls.
    package nonisolated func requestReload() { continuation.yield(.reload) }

    /// Runs until the group shuts down gracefully (SIGTERM, SIGINT) or the
    /// store goes away (`status` 1).
    package func run() async {
        let continuation = self.continuation
        await withGracefulShutdownHandler {
            status = await loop()
        } onGracefulShutdown: {
            continuation.yield(.shutdown)
        }
    }

    private func loop() async -> Int32 {
        let continuation = self.continuation
        do {
            try await states.load(context.config.feeds)
        } catch {
            logger.critical("cannot read the feeds' state from the store \(context.paths.database): \(error). Not starting: polling every feed now and waking feeds a server said are gone would be a guess. Check the file and its permissions, then start again.")
            return 1
        }
        logger.info("feedwatch running: \(context.config.feeds.count) feeds, \(topics.names.count) topics, alert log \(context.log.path)")
        notifier.ready(status: await statusLine())
        backfill.start(config: context.config, store: context.store, delivery: context.delivery, stories: stories, logger: logger)
        context = context.droppingTopics
        indexer.start(store: context.store, logger: logger)
        do {
            try context.store.checkpointInBackground()
        } catch {
            // Polls then checkpoint as SQLite does by default: slower commits, nothing lost.
            logger.error("\(error); the polls' commits checkpoint the store themselves")
        }
        sinks.apply(context.config.sinks)
        defer { sinks.stop() }
        var iterator = events.makeAsyncIterator()
        var timer: LoopTimer?
        var exit: Int32 = 0
        loop: while true {
            watchdog?.beat()
            guard storeIsStillThere() else {
                exit = 1
                break loop
            }
            await startDueFeeds()
            timer = LoopTimer.wake(in: min(await secondsUntilNextDue(), watchdogSeconds), replacing: timer) { [continuation] in
                continuation.yield(.tick)
            }
            guard let event = await iterator.next(isolation: self) else { break }
            switch event {
            case .tick:
                timer = nil
                pipeline.pruneIfDue(Date())
                continue
            case .graceExpired:
                continue
            case .finished(let name):
                await finished(name)
                sinks.wake()
            case .reload:
                await reload()
            case .shutdown:
                break loop
            }
        }
        timer?.task.cancel()
        await stop(&iterator)
        return exit
    }

    /// Checked on every turn of the loop (each poll's end wakes it): a store
    /// file deleted or replaced under the daemon stops it, rather than letting
    /// it store alerts in a file the next start will not see.
    private func storeIsStillThere() -> Bool {
        do {
            try context.store.verifyFile()
            return true
        } catch {
            logger.critical("\(error)")
            return false
        }
    }

    // MARK: schedule

    private func startDueFeeds() async {
        for feed in await states.takeDue(now: Date()) {
            let pipeline = self.pipeline, store = context.store, continuation = self.continuation
            let logger = self.logger
            inFlight[feed.name] = Task {
                do {
                    let state = try store.feedState(named: feed.name)
                    _ = await pipeline.pollOne(feed, state: state, now: Date.init)
                } catch {
                    // Without its validators and error count the poll would be a guess.
                    logger.error("feed \(feed.name): cannot read its state from the store (\(error)): not polled now, trying again in a minute")
                }
                continuation.yield(.finished(feed.name))
            }
        }
        indexer.pollsInFlight(inFlight.count)
    }

    private func finished(_ name: String) async {
        inFlight[name] = nil
        indexer.pollsInFlight(inFlight.count)
        await states.finished(name)
        if inFlight.isEmpty { releaseMemory() }
        // The STATUS line costs a query: refreshed every few seconds at most.
        if Date().timeIntervalSince(lastStatus) > 5 {
            notifier.status(await statusLine())
            lastStatus = Date()
        }
    }

    /// When the last poll in flight has finished: SQLite's caches first (they
    /// wait for the store's accesses in progress, so on a worker thread, not
    /// the loop's), then the allocator's free pages, which now include them.
    private func releaseMemory() {
        let store = context.store, stories = self.stories
        Task { await WorkerPool.shared.run {
            stories.compact()
            store.releaseMemory()
            HeapTrim.releaseFreedMemory()
        } }
    }

    private func secondsUntilNextDue() async -> Double {
        let now = Date()
        let soonest = min(now.addingTimeInterval(60), await states.nextWake(now: now) ?? .distantFuture)
        return max(0.01, soonest.timeIntervalSince(now))
    }

    /// "42 feeds, 3 failing, 17 alerts today".
    private func statusLine() async -> String {
        // UTC midnight by arithmetic: a Calendar in UTC loads ICU's time zone data.
        let midnight = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 86400).rounded(.down) * 86400)
        let (feeds, failing) = await states.counts
        do {
            let today = try context.store.alertCount(since: midnight)
            return "\(feeds) feeds, \(failing) failing, \(today) alerts today"
        } catch {
            logger.warning("status: cannot count today's alerts in the store: \(error)")
            return "\(feeds) feeds, \(failing) failing, alerts today unknown (store unreadable)"
        }
    }

    /// SIGHUP: alerts a failed delivery left pending are tried again now (the
    /// user may have made room, or fixed the log's path), and alerts
    /// `feedwatch release` let go are written.
    private func retryDelivery() {
        do {
            try context.delivery.deliverSoon(force: true)
        } catch {
            logger.error("cannot deliver alerts (trying again in \(Int(context.delivery.retryInterval)) s, or on SIGHUP): \(error)")
        }
    }

    // MARK: reload and stop

    private func reload() async {
        notifier.reloading()
        // logrotate sends SIGHUP after moving the log: reopen it whatever feeds.conf says.
        do {
            try context.log.reopen()
        } catch {
            logger.error("\(error)")
        }
        await reloadConfiguration()
        // After the log is reopened (and perhaps moved): the user may have made
        // room, or fixed the log's path, and sent SIGHUP to have alerts written.
        retryDelivery()
        notifier.ready(status: await statusLine())
    }

    /// feeds.conf again: applied when it is good, else logged and ignored.
    private func reloadConfiguration() async {
        let config: FeedsConfig
        do {
            config = try FeedsConf.load(context.paths.config)
        } catch {
            logger.error("reload: \(context.paths.config) has errors; still running on the configuration loaded before:\n\(error)")
            return
        }
        for w in config.warnings { logger.warning("\(w)") }
        let diff = ConfigDiff(from: context.config, topics: topics, to: config)
        do {
            // The log first: if it cannot be opened, nothing has changed yet.
            let logPath = context.paths.alertLog(setting: config.defaults.alertLog)
            let format = config.defaults.alertLogFormat
            let current = context.delivery.log
            let newLog = logPath != current.path || format != current.format ? try AlertLog(path: logPath, format: format) : nil
            try context.store.register(feeds: config.feeds.map { ($0.name, $0.url) })
            try context.store.setSinkRoutes(config.sinkRoutes)
            // One delivery for the whole process (polls in flight use it too), its log swapped.
            if let newLog { context.delivery.replaceLog(newLog) }
            context = DaemonContext(paths: context.paths, config: config, store: context.store, delivery: context.delivery)
        } catch {
            logger.error("reload: \(error); still running on the configuration loaded before")
            return
        }
        pipeline = Pipeline(config: config, store: context.store, delivery: context.delivery, fetcher: fetcher, logger: logger, gate: gate,
                            stories: stories)
        backfill.start(config: config, store: context.store, delivery: context.delivery, stories: stories, logger: logger)
        context = context.droppingTopics
        topics = ConfigDiff.Topics(config.topics)
        sinks.apply(config.sinks)
        sinks.wake()
        await states.reconfigure(config.feeds, diff: diff)
        logger.info("reloaded \(context.paths.config): \(diff.summary)")
    }

    /// Starts nothing more; lets in-flight polls finish for `shutdownGrace`,
    /// then abandons them (their transfers fail at once).
    private func stop(_ iterator: inout AsyncStream<Event>.Iterator) async {
        notifier.stopping()
        backfill.stop()
        indexer.stopIndexing()
        context.store.stopBackgroundCheckpoints()
        logger.info("stopping: \(inFlight.count) poll(s) in flight")
        let continuation = self.continuation
        let grace = Task { [shutdownGrace] in
            if (try? await Task.sleep(for: shutdownGrace)) != nil { continuation.yield(.graceExpired) }
        }
        while !inFlight.isEmpty {
            guard let event = await iterator.next(isolation: self) else { break }
            watchdog?.beat()
            if case .finished(let name) = event {
                inFlight[name] = nil
                continue
            }
            if case .graceExpired = event {
                logger.info("abandoning \(inFlight.count) poll(s) still in flight")
                for task in inFlight.values { task.cancel() }
                fetcher.shutdown()
                for task in inFlight.values { await task.value }
                inFlight = [:]
            }
        }
        grace.cancel()
        fetcher.shutdown()
        logger.info("stopped")
    }
}
