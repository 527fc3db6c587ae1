import Foundation

/// Decides when a transfer may start: at most `globalLimit` at once, at most
/// `perHostLimit` to one host, and `spacing` seconds between two starts on the
/// same host. A host at its limit makes only its own requests wait.
actor HostScheduler {
    private let globalLimit: Int
    private let perHostLimit: Int
    private let spacing: Double
    private var active = 0
    private var activePerHost: [String: Int] = [:]
    private var lastStart: [String: ContinuousClock.Instant] = [:]
    private var waiters: [CheckedContinuation<Void, Never>] = []

    private let politeToLoopback: Bool

    init(globalLimit: Int, perHostLimit: Int, spacing: Double, politeToLoopback: Bool) {
        self.globalLimit = max(1, globalLimit)
        self.perHostLimit = max(1, perHostLimit)
        self.spacing = max(0, spacing)
        self.politeToLoopback = politeToLoopback
    }

    /// 127.0.0.0/8, ::1 and localhost: manners are for other people's servers.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "[::1]" || host == "::1" || host.hasPrefix("127.") || host.hasSuffix(".localhost")
    }

    /// Waits for a slot for `host`; pair with `release(host)`.
    func acquire(_ host: String) async {
        let polite = politeToLoopback || !Self.isLoopback(host)
        while true {
            if active < globalLimit, !polite || activePerHost[host, default: 0] < perHostLimit {
                let now = ContinuousClock.now
                if polite, let last = lastStart[host], spacing > 0, !Task.isCancelled {
                    let next = last.advanced(by: .seconds(spacing))
                    if now < next {
                        // Wait out the spacing by time, not by blocking other hosts. A
                        // cancelled task (shutdown) stops waiting and goes ahead, to
                        // fail fast in the engine.
                        try? await Task.sleep(until: next, clock: .continuous)
                        continue
                    }
                }
                active += 1
                activePerHost[host, default: 0] += 1
                lastStart[host] = now
                return
            }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    func release(_ host: String) {
        active -= 1
        activePerHost[host, default: 1] -= 1
        if activePerHost[host] == 0 { activePerHost[host] = nil }
        let all = waiters
        waiters.removeAll()
        for w in all { w.resume() }
    }
}
