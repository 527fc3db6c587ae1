import ServiceLifecycle

/// systemd's watchdog as a service of the group: it pings (from its own thread,
/// while the poller's loop beats) until the group's graceful shutdown reaches
/// it, which is after the poller has stopped.
struct WatchdogService: Service {
    let watchdog: Watchdog

    func run() async {
        defer { watchdog.stop() }
        // Ends on graceful shutdown; a cancellation ends it too (the group is going).
        do {
            try await gracefulShutdown()
        } catch {
            return
        }
    }
}
