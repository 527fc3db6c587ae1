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
        /// Started in the slow slots (its host was slow).
        let slow: Bool
    }

    private struct Waiter {
        var host: String
        var polite: Bool
        var continuation: CheckedContinuation<Void, Never>
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
    /// Ids of the transfers started in the global slots, oldest first (ids
    /// grow with start times), from `fastHead` on; ones since ended or moved
    /// are skipped as met. Finding the oldest is then no walk over `running`,
    /// which every start and release did.
    private var fastOrder: [Int] = []
    private var fastHead = 0
    /// Requests waiting for a slot, first come first served: from `head` on,
    /// nil where one was woken out of order (the queue is not copied per wake).
    private var waiters: [Waiter?] = []
    private var head = 0
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

    /// What local files (file:// URLs) are scheduled under: no host name can
    /// be written so, and no server answers them.
    static let localFiles = "file://"

    /// 127.0.0.0/8, ::1, localhost and local files: manners are for other people's servers.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "[::1]" || host == "::1" || host.hasPrefix("127.") || host.hasSuffix(".localhost")
            || host == localFiles
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
                nextID += 1
                if slowHost {
                    activeSlow += 1
                } else {
                    active += 1
                    fastOrder.append(nextID)
                }
                running[nextID] = Running(host: host, started: now, slow: slowHost)
                activePerHost[host, default: 0] += 1
                lastStart[host] = now
                return Slot(id: nextID, host: host, slow: slowHost)
            }
            scheduleWake()
            await withCheckedContinuation { waiters.append(Waiter(host: host, polite: polite, continuation: $0)) }
        }
    }

    func release(_ slot: Slot) {
        guard let r = running.removeValue(forKey: slot.id) else { return }
        if r.slow { activeSlow -= 1 } else { active -= 1 }
        activePerHost[r.host, default: 1] -= 1
        if activePerHost[r.host] == 0 { activePerHost[r.host] = nil }
        // The host is judged by its last transfer: a fast one brings it back
        // to the global slots, unless another of its transfers is still slow.
        // By how long it ran, not by its slots: one started in the slow slots
        // (its host was slow) that answered at once is fast; judged by its
        // slot, a host once slow stayed so for good.
        let turnedSlow = ContinuousClock.now - slowAfter
        if r.started <= turnedSlow {
            slowHosts.insert(r.host)
        } else if slowHosts.contains(r.host), !stillSlow(r.host, turnedSlow: turnedSlow) {
            slowHosts.remove(r.host)
        }
        wakeEligible()
    }

    /// Whether a transfer of `host` still running began before `turnedSlow`:
    /// one moved to the slow slots, or started there and running on. Asked
    /// only for a slow host, so the walk over `running` is theirs alone.
    private func stillSlow(_ host: String, turnedSlow: ContinuousClock.Instant) -> Bool {
        running.values.contains { $0.slow && $0.host == host && $0.started <= turnedSlow }
    }

    /// Transfers in the global slots that have run for `slowAfter` move to the
    /// slow ones while there is room, freeing their global slot.
    private func moveSlowTransfers(now: ContinuousClock.Instant) {
        guard activeSlow < slowLimit else { return }
        // One instant to compare with, not a duration per transfer: this runs
        // at every start and release.
        let turnedSlow = now - slowAfter
        while activeSlow < slowLimit, let (id, r) = oldestFast(), r.started <= turnedSlow {
            running[id]?.slow = true
            fastHead += 1
            active -= 1
            activeSlow += 1
            slowHosts.insert(r.host)
        }
    }

    /// The longest-running transfer in the global slots, if any: the ids
    /// before it, ended or moved to the slow slots, are dropped on the way.
    private func oldestFast() -> (Int, Running)? {
        while fastHead < fastOrder.count {
            let id = fastOrder[fastHead]
            if let r = running[id], !r.slow {
                // Never copied per call: only once most of it is behind.
                if fastHead > 1024, fastHead > fastOrder.count / 2 {
                    fastOrder.removeFirst(fastHead)
                    fastHead = 0
                }
                return (id, r)
            }
            fastHead += 1
        }
        fastOrder.removeAll(keepingCapacity: true)
        fastHead = 0
        return nil
    }

    /// Someone waits: wake them when the next transfer in the global slots
    /// turns slow (its slot may then be free), as no release may come before.
    private func scheduleWake() {
        // A wake already set is never later than the one this would set:
        // transfers started since began later than those it was set for.
        guard wakeAt == nil, activeSlow < slowLimit, let (_, first) = oldestFast() else { return }
        let at = first.started.advanced(by: slowAfter)
        wakeAt = at
        Task { [weak self] in
            try? await Task.sleep(until: at, clock: .continuous)
            await self?.woken(at)
        }
    }

    private func woken(_ at: ContinuousClock.Instant) {
        if wakeAt == at { wakeAt = nil }
        wakeEligible()
    }

    /// Wakes, in arrival order, only the waiters that a free slot now admits
    /// (each counted against the room it will take), not all of them: with a
    /// thousand feeds queued for 50 slots, waking everyone at each release
    /// made a cycle of 304s spend a fifth of its time here. A woken waiter
    /// checks again (a newcomer may have taken the slot) and waits anew.
    private func wakeEligible() {
        guard head < waiters.count else { return }
        moveSlowTransfers(now: .now)
        var global = globalLimit - active, slow = slowLimit - activeSlow
        var granted: [String: Int] = [:]
        let now = ContinuousClock.now
        var i = head
        // Slow room is for slow hosts only: with none, the scan ends with
        // the global room (it walked the whole queue at every release).
        if slowHosts.isEmpty { slow = 0 }
        while i < waiters.count, global > 0 || slow > 0 {
            defer { i += 1 }
            guard let w = waiters[i] else { continue }
            let slowHost = slowHosts.contains(w.host)
            let room = slowHost ? slow > 0 : global > 0
            guard room, !w.polite || activePerHost[w.host, default: 0] + granted[w.host, default: 0] < perHostLimit else { continue }
            // One that must first wait out its host's spacing sleeps on its
            // own timer, taking no room now.
            if !spacingPending(w, now: now) {
                if slowHost { slow -= 1 } else { global -= 1 }
                granted[w.host, default: 0] += 1
            }
            waiters[i] = nil
            w.continuation.resume()
        }
        while head < waiters.count, waiters[head] == nil { head += 1 }
        if head == waiters.count {
            waiters.removeAll(keepingCapacity: true)
            head = 0
            return
        }
        if head > 1024, head > waiters.count / 2 {
            waiters.removeFirst(head)
            head = 0
        }
        // Those still waiting are woken when the next transfer turns slow.
        scheduleWake()
    }

    private func spacingPending(_ w: Waiter, now: ContinuousClock.Instant) -> Bool {
        guard w.polite, spacing > 0, let last = lastStart[w.host] else { return false }
        return now < last.advanced(by: .seconds(spacing))
    }
}
