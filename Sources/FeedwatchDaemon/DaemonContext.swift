#if canImport(Glibc)
import AlertLog
import Glibc
#endif
import AlertStore
import FeedFetcher
import FeedModel
import FeedsConf
import FeedwatchSupport
import Foundation
import Logging

/// Everything a run needs, opened in order: the configuration (errors stop
/// here, before anything is touched), the store (feeds registered), the alert
/// log, and delivery reconciled after a crash.
package struct DaemonContext: Sendable {
    package let paths: DaemonPaths
    package let config: FeedsConfig
    package let store: AlertStore
    package let delivery: AlertDelivery
    /// The alert log (delivery's: a reload may move it).
    package var log: AlertLog { delivery.log }

    /// A failure to start, sorted by what the user has to fix.
    package enum StartError: Error, CustomStringConvertible {
        case configuration(ConfigErrors)
        case runtime(String)

        package var description: String {
            switch self {
            case .configuration(let e): return e.description
            case .runtime(let s): return s
            }
        }
    }

    /// - Parameter newStore: start even when the store is new or another one
    ///   beside a log of another store's alerts (`--new-store`).
    package static func open(_ paths: DaemonPaths, newStore: Bool = false, logger: Logger) throws(StartError) -> DaemonContext {
        // Past a file-size limit (ulimit -f, systemd's LimitFSIZE=) a write fails
        // with EFBIG, which delivery reports and retries; SIGXFSZ's default
        // action would kill the process instead.
        signal(SIGXFSZ, SIG_IGN)
        let config: FeedsConfig
        do {
            config = try FeedsConf.load(paths.config)
        } catch {
            throw .configuration(error)
        }
        for w in config.warnings { logger.warning("\(w)") }
        do {
            // The log first: whether the store belongs to it is read from its end.
            // Its default place is the state directory, which opening the store made before.
            try FileManager.default.createDirectory(atPath: paths.stateDirectory, withIntermediateDirectories: true)
            let log = try AlertLog(path: paths.alertLog(setting: config.defaults.alertLog),
                                   format: config.defaults.alertLogFormat)
            let newest = try StoreContinuity.newestAlert(in: log.path)
            try StoreContinuity.checkBeforeOpening(database: paths.database, logPath: log.path, newestAlert: newest, newStore: newStore)
            let store = try AlertStore(path: paths.database)
            try StoreContinuity.check(store: store, logPath: log.path, newestAlert: newest, newStore: newStore, logger: logger)
            try store.register(feeds: config.feeds.map { ($0.name, $0.url) })
            try store.setSinkRoutes(config.sinkRoutes)
            try distrustFarFuture(store: store, config: config, now: Date(), logger: logger)
            if log.tornBytes > 0 {
                logger.warning("the alert log \(log.path) ended in a line cut short by a crash: removed its \(log.tornBytes) bytes (the alert is written again whole)")
            }
            let delivery = AlertDelivery(store: store, log: log)
            let (found, written) = try delivery.reconcile()
            if found + written > 0 {
                logger.notice("after an interruption: \(found) alert(s) were already in the log, \(written) written now")
            }
            return DaemonContext(paths: paths, config: config, store: store, delivery: delivery)
        } catch let e as StartError {
            throw e
        } catch {
            throw .runtime("\(error)")
        }
    }

    /// A feed whose stored next poll lies further ahead than its longest wait
    /// was scheduled by a clock that was wrong then (or is now): left alone it
    /// would not be polled for as long as the error, months perhaps. It is
    /// made due now instead, and said so. (A time far in the past is just due.)
    static func distrustFarFuture(store: AlertStore, config: FeedsConfig, now: Date, logger: Logger) throws {
        let scheduler = FeedScheduler()
        let intervals = Dictionary(config.feeds.map { ($0.name, $0.interval) }, uniquingKeysWith: { a, _ in a })
        for state in try store.feedStates() {
            guard let due = state.nextDue, let interval = intervals[state.name] else { continue }
            let longest = scheduler.longestWait(interval: interval)
            guard due.timeIntervalSince(now) > longest else { continue }
            try store.reschedule(feed: state.name, nextDue: nil)
            logger.warning("""
                feed \(state.name): its next poll was stored as \(UTCTime.iso8601(due)), further ahead than its longest \
                wait (\(Int(longest / 3600)) h) allows; was the clock wrong? Polling it now
                """)
        }
    }

    /// The same context without the parsed topics (`FeedsConfig.droppingTopics`).
    package var droppingTopics: DaemonContext {
        DaemonContext(paths: paths, config: config.droppingTopics, store: store, delivery: delivery)
    }

    /// A fetcher with the configured manners.
    package func makeFetcher() throws(StartError) -> FeedFetcher {
        var c = FetcherConfiguration()
        if let ua = config.defaults.userAgent { c.userAgent = ua }
        do {
            return try FeedFetcher(configuration: c)
        } catch {
            throw .runtime("cannot start the fetcher: \(error)")
        }
    }
}
