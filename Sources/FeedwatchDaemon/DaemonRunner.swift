#if canImport(Glibc)
import Glibc
#endif
import AlertStore
import FeedFetcher
import FeedsConf
import Foundation
import Logging
import Sinks

/// `feedwatch run`: each feed polled when it falls due (its own task: a slow or
/// broken feed delays no other), SIGHUP reloads feeds.conf and reopens the
/// alert log, SIGTERM stops cleanly; systemd hears READY, RELOADING, STOPPING,
/// WATCHDOG and a STATUS line.
package final class DaemonRunner {
    private var context: DaemonContext
    private var pipeline: Pipeline
    private let fetcher: FeedFetcher
    private let gate: AsyncSemaphore
    private let logger: Logger
    private let notifier: SystemdNotifier
    /// Webhooks, mail and commands: each sink on its own thread, off the poll path.
    private let sinks: SinkDispatcher
    /// When each configured, enabled feed is due next (absent: due now).
    private var nextDue: [String: Date] = [:]
    private var inFlight: [String: Task<Void, Never>] = [:]
    private var failing = Set<String>()
    private var lastStatus = Date.distantPast
    /// Pings systemd while the loop below beats (nil: systemd expects none).
    private var watchdog: Watchdog?
    /// The loop turns at least this often, so that its heartbeat stays fresh.
    private var watchdogSeconds: Double {
        notifier.watchdogInterval.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 } ?? 60
    }
    /// How long in-flight polls may finish after SIGTERM before they are abandoned.
    package var shutdownGrace: Duration = .seconds(5)

    private enum Event: Sendable {
        case signal(Int32)
        case finished(String)
        case tick
        case graceExpired
    }

    private let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation

    package init(context: DaemonContext, logger: Logger, notifier: SystemdNotifier = SystemdNotifier()) throws(DaemonContext.StartError) {
        self.context = context
        self.logger = logger
        self.notifier = notifier
        fetcher = try context.makeFetcher()
        // One gate for the life of the process: polls in flight across a reload
        // hold permits of the same one, so the bound on feeds in memory holds.
        gate = AsyncSemaphore(permits: fetcher.configuration.globalLimit)
        sinks = SinkDispatcher(store: context.store, logger: logger, userAgent: fetcher.configuration.userAgent,
                               connectTimeout: fetcher.configuration.connectTimeout)
        pipeline = Pipeline(config: context.config, store: context.store, delivery: context.delivery, fetcher: fetcher, logger: logger,
                            gate: gate)
        (events, continuation) = AsyncStream.makeStream(of: Event.self)
    }

    /// Runs until SIGTERM or SIGINT; returns the exit status.
    package func run() async -> Int32 {
        let signals = SignalEvents()
        let continuation = self.continuation
        let forward = Task { for await s in signals.stream { continuation.yield(.signal(s)) } }
        watchdog = notifier.watchdogInterval.map { Watchdog(notifier: notifier, interval: $0) }
        defer {
            forward.cancel()
            watchdog?.stop()
        }
        do {
            try loadSchedule()
        } catch {
            logger.critical("cannot read the feeds' state from the store \(context.paths.database): \(error). Not starting: polling every feed now and waking feeds a server said are gone would be a guess. Check the file and its permissions, then start again.")
            return 1
        }
        logger.info("feedwatch running: \(context.config.feeds.count) feeds, \(context.config.topics.count) topics, alert log \(context.log.path)")
        sinks.apply(context.config.sinks)
        defer { sinks.stop() }
        notifier.ready(status: statusLine())
        var iterator = events.makeAsyncIterator()
        var timer: Task<Void, Never>?
        var status: Int32 = 0
        loop: while true {
            watchdog?.beat()
            guard storeIsStillThere() else {
                status = 1
                break loop
            }
            retryDelivery(force: false)
            startDueFeeds()
            timer?.cancel()
            let wait = min(secondsUntilNextDue(), watchdogSeconds)
            timer = Task { [continuation] in
                if (try? await Task.sleep(for: .milliseconds(Int(wait * 1000)))) != nil { continuation.yield(.tick) }
            }
            guard let event = await iterator.next() else { break }
            switch event {
            case .tick:
                pipeline.pruneIfDue(Date())
                continue
            case .graceExpired:
                continue
            case .finished(let name):
                finished(name)
                sinks.wake()
            case .signal(let s) where s == SIGHUP:
                reload()
            case .signal:
                break loop
            }
        }
        timer?.cancel()
        await stop(&iterator)
        return status
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

    /// The feeds' state as the store keeps it; a store that cannot be read
    /// stops the start: polling every feed now and waking 410-disabled ones
    /// would be acting on a guess.
    private func loadSchedule() throws(StoreError) {
        nextDue = [:]
        failing = []
        disabled = []
        let states = try context.store.feedStates()
        let byName = Dictionary(states.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for f in context.config.feeds where f.enabled {
            let state = byName[f.name]
            // Disabled by a 410 in an earlier run: stays off until its URL changes in feeds.conf.
            if state?.enabled == false {
                disabled.insert(f.name)
                continue
            }
            if let due = state?.nextDue { nextDue[f.name] = due }
            if (state?.errorCount ?? 0) > 0 { failing.insert(f.name) }
        }
    }

    /// Feeds the store disabled (410 Gone) since they were scheduled.
    private var disabled = Set<String>()

    private func startDueFeeds() {
        let now = Date()
        for feed in context.config.feeds where feed.enabled && !disabled.contains(feed.name) && inFlight[feed.name] == nil {
            if let due = nextDue[feed.name], due > now { continue }
            let pipeline = self.pipeline, store = context.store, continuation = self.continuation
            // Far in the future while it runs; the store has its real next time when it ends.
            nextDue[feed.name] = .distantFuture
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
    }

    private func finished(_ name: String) {
        inFlight[name] = nil
        let state: FeedState?
        do {
            state = try context.store.feedState(named: name)
        } catch {
            logger.error("feed \(name): cannot read its state from the store after its poll (\(error)): trying again in a minute")
            nextDue[name] = Date().addingTimeInterval(60)
            return
        }
        if state?.enabled == false {
            disabled.insert(name)
            nextDue[name] = nil
        } else {
            // A next time in the past means the poll could not be recorded (disk
            // full, store locked): retry in a minute, not in a tight loop.
            let now = Date()
            nextDue[name] = (state?.nextDue).flatMap { $0 > now ? $0 : nil } ?? now.addingTimeInterval(60)
        }
        if (state?.errorCount ?? 0) > 0 { failing.insert(name) } else { failing.remove(name) }
        // The STATUS line costs a query: refreshed every few seconds at most.
        if Date().timeIntervalSince(lastStatus) > 5 {
            notifier.status(statusLine())
            lastStatus = Date()
        }
    }

    private func secondsUntilNextDue() -> Double {
        let now = Date()
        var soonest = min(now.addingTimeInterval(60), context.delivery.retryDue ?? .distantFuture)
        for feed in context.config.feeds where feed.enabled && !disabled.contains(feed.name) && inFlight[feed.name] == nil {
            guard let due = nextDue[feed.name] else { return 0 }
            soonest = min(soonest, due)
        }
        return max(0.01, soonest.timeIntervalSince(now))
    }

    /// "42 feeds, 3 failing, 17 alerts today".
    private func statusLine() -> String {
        var midnight = Calendar(identifier: .gregorian)
        midnight.timeZone = TimeZone(identifier: "UTC") ?? .current
        let feeds = context.config.feeds.filter { $0.enabled && !disabled.contains($0.name) }.count
        do {
            let today = try context.store.alertCount(since: midnight.startOfDay(for: Date()))
            return "\(feeds) feeds, \(failing.count) failing, \(today) alerts today"
        } catch {
            logger.warning("status: cannot count today's alerts in the store: \(error)")
            return "\(feeds) feeds, \(failing.count) failing, alerts today unknown (store unreadable)"
        }
    }

    /// Alerts a failed delivery left pending (disk full, log unwritable) are
    /// written once their retry is due, or at once when `force`d (SIGHUP),
    /// without waiting for a poll to bring new ones.
    private func retryDelivery(force: Bool) {
        switch context.delivery.retryIfDue(force: force) {
        case .success(let written) where !written.isEmpty:
            logger.notice("wrote \(written.count) alert(s) left undelivered by an earlier failure to \(context.log.path)")
        case .failure(let error):
            logger.error("cannot deliver alerts (trying again in \(Int(context.delivery.retryInterval)) s, or on SIGHUP): \(error)")
        case .success, nil:
            break
        }
    }

    // MARK: reload and stop

    private func reload() {
        notifier.reloading()
        // logrotate sends SIGHUP after moving the log: reopen it whatever feeds.conf says.
        do {
            try context.log.reopen()
        } catch {
            logger.error("\(error)")
        }
        reloadConfiguration()
        // After the log is reopened (and perhaps moved): the user may have made
        // room, or fixed the log's path, and sent SIGHUP to have alerts written.
        retryDelivery(force: true)
        notifier.ready(status: statusLine())
    }

    /// feeds.conf again: applied when it is good, else logged and ignored.
    private func reloadConfiguration() {
        let config: FeedsConfig
        do {
            config = try FeedsConf.load(context.paths.config)
        } catch {
            logger.error("reload: \(context.paths.config) has errors; still running on the configuration loaded before:\n\(error)")
            return
        }
        for w in config.warnings { logger.warning("\(w)") }
        let diff = ConfigDiff(from: context.config, to: config)
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
        pipeline = Pipeline(config: config, store: context.store, delivery: context.delivery, fetcher: fetcher, logger: logger, gate: gate)
        sinks.apply(config.sinks)
        sinks.wake()
        for name in diff.feedsRemoved {
            nextDue[name] = nil
            failing.remove(name)
            disabled.remove(name)
        }
        // Changed feeds keep their schedule; a new URL or a re-enabled feed is polled at once.
        for name in diff.feedsChanged + diff.feedsAdded {
            disabled.remove(name)
            guard inFlight[name] == nil else { continue }
            do {
                nextDue[name] = try context.store.feedState(named: name)?.nextDue
            } catch {
                logger.error("reload: feed \(name): cannot read its state from the store (\(error)): polled in a minute")
                nextDue[name] = Date().addingTimeInterval(60)
            }
        }
        logger.info("reloaded \(context.paths.config): \(diff.summary)")
    }

    /// Starts nothing more; lets in-flight polls finish for `shutdownGrace`,
    /// then abandons them (their transfers fail at once).
    private func stop(_ iterator: inout AsyncStream<Event>.Iterator) async {
        notifier.stopping()
        logger.info("stopping: \(inFlight.count) poll(s) in flight")
        let continuation = self.continuation
        let grace = Task { [shutdownGrace] in
            if (try? await Task.sleep(for: shutdownGrace)) != nil { continuation.yield(.graceExpired) }
        }
        while !inFlight.isEmpty {
            guard let event = await iterator.next() else { break }
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
