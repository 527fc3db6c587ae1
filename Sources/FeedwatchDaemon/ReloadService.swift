import ServiceLifecycle
import UnixSignals

/// SIGHUP: reload feeds.conf and reopen the alert log (logrotate sends it after
/// moving the log). The poller applies it between polls; this only listens.
struct ReloadService: Service {
    let signals: UnixSignalsSequence
    let poller: Poller

    func run() async {
        for await _ in signals.cancelOnGracefulShutdown() { poller.requestReload() }
    }
}
