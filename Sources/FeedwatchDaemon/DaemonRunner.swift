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
    /// Made here, so that the runner keeps no configuration of its own: the
    /// poller drops its parsed topics once they are compiled.
    private let poller: Poller
    private let delivery: AlertDelivery
    private let logger: Logger
    private let watchdog: Watchdog?

    package init(context: DaemonContext, logger: Logger, notifier: SystemdNotifier = SystemdNotifier(),
                 shutdownGrace: Duration = .seconds(5)) throws(DaemonContext.StartError) {
        self.logger = logger
        delivery = context.delivery
        let fetcher = try context.makeFetcher()
        let watchdog = notifier.watchdogInterval.map { Watchdog(notifier: notifier, interval: $0) }
        self.watchdog = watchdog
        poller = Poller(context: context, fetcher: fetcher, logger: logger, notifier: notifier, watchdog: watchdog,
                        shutdownGrace: shutdownGrace)
    }

    /// Runs until SIGTERM or SIGINT (or the store goes away); returns the exit status.
    package func run() async -> Int32 {
        // Trapped before anything can send it: SIGHUP's default action ends the process.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        // First in the list, shut down last; only when systemd asked for pings.
        var services = watchdog.map { [ServiceGroupConfiguration.ServiceConfiguration(service: WatchdogService(watchdog: $0))] } ?? []
        services.append(.init(service: DeliveryService(delivery: delivery, logger: logger)))
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
