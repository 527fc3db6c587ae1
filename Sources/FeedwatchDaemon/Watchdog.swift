import Foundation
import Synchronization

/// systemd's watchdog. Pinged from a thread of its own, so the pings come on
/// time however busy Swift's cooperative pool is; but only while the daemon's
/// event loop beats (`beat()`, on every turn, at least once per interval), so
/// a ping says the loop is alive, not merely the process. A loop stuck for
/// longer than WatchdogSec gets no ping, and systemd restarts the daemon.
package final class Watchdog: Sendable {
    private let notifier: SystemdNotifier
    private let interval: Duration
    private let lastBeat = Mutex(ContinuousClock.now)
    private let stopped = Atomic<Bool>(false)

    /// Starts pinging every `interval` (half of WATCHDOG_USEC).
    package init(notifier: SystemdNotifier, interval: Duration) {
        self.notifier = notifier
        self.interval = interval
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        let thread = Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                // Twice the interval is WatchdogSec: older than that, the loop is stuck.
                if lastBeat.withLock({ $0 }).duration(to: .now) < interval * 2 { notifier.watchdog() }
                Thread.sleep(forTimeInterval: seconds)
            }
        }
        thread.name = "feedwatch-watchdog"
        thread.start()
    }

    /// The event loop is alive now.
    package func beat() { lastBeat.withLock { $0 = .now } }

    package func stop() { stopped.store(true, ordering: .relaxed) }
}
