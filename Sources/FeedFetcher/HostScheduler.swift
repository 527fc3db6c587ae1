import Foundation

/// Decides when a transfer may start: at most `globalLimit` at once, at most
/// `perHostLimit` to one host, and `spacing` seconds between two starts on the
/// same host. A host at its limit makes only its own requests wait.
///
/// Slow hosts hold up no other: a transfer that has run for `slowAfter` moves
/// out of the global slots into `slowLimit` slots of its own, and a host whose
/// last transfer was slow (or that has a slow one running) starts its next
/// ones there directly. Forty hosts that answer after 30 s thus fill the slow
/// slots, not the ones feeds on healthy hosts need.
actor HostScheduler {
    /// A granted start; give it back with `release`.
    struct Slot: Sendable {
        fileprivate let id: Int
        let host: String
    }

    private struct Running {
        var host: String
        var started: ContinuousClock.Instant
        var slow: Bool
    }

    private let globalLimit: Int
    private let perHostLimit: Int
    private let spacing: Double
    private let slowAfter: Duration
    private let slowLimit: Int
    /// Transfers in the global slots, and in the slow ones.
    private var active = 0
    private var activeSlow = 0
    private var running: [Int: Running] = [:]
    private var nextID = 0
    private var activePerHost: [String: Int] = [:]
    private var lastStart: [String: ContinuousClock.Instant] = [:]
    /// Hosts whose last transfer ran past `slowAfter`, or that have one running so.
    private var slowHosts = Set<String>()
    private var waiters: [CheckedContinuation<Void, Never>] = []
    /// When a wake-up is due to move transfers that turn slow out of the global slots.
    private var wakeAt: ContinuousClock.Instant?

    private let politeToLoopback: Bool

    init(globalLimit: Int, perHostLimit: Int, spacing: Double, politeToLoopback: Bool,
         slowAfter: Double = 5, slowLimit: Int = 128) {
        self.globalLimit = max(1, globalLimit)
        self.perHostLimit = max(1, perHostLimit)
        self.spacing = max(0, spacing)
        self.politeToLoopback = politeToLoopback
        self.slowAfter = .milliseconds(Int64(max(0, slowAfter) * 1000))
        self.slowLimit = max(0, slowLimit)
    }

    /// 127.0.0.0/8, ::1 and localhost: manners are for other people's servers.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "[::1]" || host == "::1" || host.hasPrefix("127.") || host.hasSuffix(".localhost")
    }

    /// Waits for a slot for `host`; pair with `release`.
    func acquire(_ host: String) async -> Slot {
        let polite = politeToLoopback || !Self.isLoopback(host)
        while true {
            moveSlowTransfers(now: .now)
            let slowHost = slowHosts.contains(host)
            let room = slowHost ? activeSlow < slowLimit : active < globalLimit
            if room, !polite || activePerHost[host, default: 0] < perHostLimit {
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
                if slowHost { activeSlow += 1 } else { active += 1 }
                nextID += 1
                running[nextID] = Running(host: host, started: now, slow: slowHost)
                activePerHost[host, default: 0] += 1
                lastStart[host] = now
                return Slot(id: nextID, host: host)
            }
            scheduleWake()
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    func release(_ slot: Slot) {
        guard let r = running.removeValue(forKey: slot.id) else { return }
        if r.slow { activeSlow -= 1 } else { active -= 1 }
        activePerHost[r.host, default: 1] -= 1
        if activePerHost[r.host] == 0 { activePerHost[r.host] = nil }
        // The host is judged by its last transfer: a fast one brings it back
        // to the global slots, unless another of its transfers is still slow.
        if r.slow || r.started.duration(to: .now) >= slowAfter {
            slowHosts.insert(r.host)
        } else if !running.values.contains(where: { $0.host == r.host && $0.slow }) {
            slowHosts.remove(r.host)
        }
        wakeAll()
    }

    /// Transfers in the global slots that have run for `slowAfter` move to the
    /// slow ones while there is room, freeing their global slot.
    private func moveSlowTransfers(now: ContinuousClock.Instant) {
        guard activeSlow < slowLimit else { return }
        for (id, r) in running where !r.slow && r.started.duration(to: now) >= slowAfter {
            guard activeSlow < slowLimit else { return }
            running[id]?.slow = true
            active -= 1
            activeSlow += 1
            slowHosts.insert(r.host)
        }
    }

    /// Someone waits: wake them when the next transfer in the global slots
    /// turns slow (its slot may then be free), as no release may come before.
    private func scheduleWake() {
        guard activeSlow < slowLimit,
              let first = running.values.filter({ !$0.slow }).map(\.started).min()
        else { return }
        let at = first.advanced(by: slowAfter)
        if let wakeAt, wakeAt <= at { return }
        wakeAt = at
        Task { [weak self] in
            try? await Task.sleep(until: at, clock: .continuous)
            await self?.woken(at)
        }
    }

    private func woken(_ at: ContinuousClock.Instant) {
        if wakeAt == at { wakeAt = nil }
        wakeAll()
    }

    private func wakeAll() {
        let all = waiters
        waiters.removeAll()
        for w in all { w.resume() }
    }
}
