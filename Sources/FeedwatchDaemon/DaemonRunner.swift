import FeedFetcher
import Logging
import ServiceLifecycle
import UnixSignals

/// `feedwatch run`: a group of services (swift-service-lifecycle) — the poller,
/// the reload service (SIGHUP), the alert log's writer and systemd's watchdog —
/// shut down gracefully on SIGTERM or SIGINT, in reverse order: the poller
/// first (its polls get the grace), then the writer (it writes what they
/// stored), the watchdog last, so systemd hears it alive until the end.
package final class DaemonRunner: Sendable {
    private let context: DaemonContext
    private let fetcher: FeedFetcher
    private let logger: Logger
    private let notifier: SystemdNotifier
    /// How long in-flight polls may finish after SIGTERM before they are abandoned.
    private let shutdownGrace: Duration

    package init(context: DaemonContext, logger: Logger, notifier: SystemdNotifier = SystemdNotifier(),
                 shutdownGrace: Duration = .seconds(5)) throws(DaemonContext.StartError) {
        self.context = context
        self.logger = logger
        self.notifier = notifier
        self.shutdownGrace = shutdownGrace
        fetcher = try context.makeFetcher()
    }

    /// Runs until SIGTERM or SIGINT (or the store goes away); returns the exit status.
    package func run() async -> Int32 {
        // Trapped before anything can send it: SIGHUP's default action ends the process.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let watchdog = notifier.watchdogInterval.map { Watchdog(notifier: notifier, interval: $0) }
        let poller = Poller(context: context, fetcher: fetcher, logger: logger, notifier: notifier, watchdog: watchdog,
                            shutdownGrace: shutdownGrace)
        // First in the list, shut down last; only when systemd asked for pings.
        var services = watchdog.map { [ServiceGroupConfiguration.ServiceConfiguration(service: WatchdogService(watchdog: $0))] } ?? []
        services.append(.init(service: DeliveryService(delivery: context.delivery, logger: logger)))
        services.append(.init(service: ReloadService(signals: hangups, poller: poller)))
        // The poller ending on its own (the store went away) stops the rest.
        services.append(.init(service: poller, successTerminationBehavior: .gracefullyShutdownGroup,
                              failureTerminationBehavior: .gracefullyShutdownGroup))
        let group = ServiceGroup(configuration: .init(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        do {
            try await group.run()
        } catch {
            logger.critical("the daemon's services stopped with an error: \(error)")
            return 1
        }
        return await poller.status
    }
}
