/// The poller loop's wake-up: one sleeping task, replaced only by an earlier one.
///
/// The loop turns at every poll's end. A new sleeping task per turn (the old
/// one cancelled) left thousands alive after a first poll of 2,000 feeds: a
/// cancelled `Task.sleep` keeps its task and dispatch timer until the time it
/// was set for (up to a minute), each a small allocation pinning a page of the
/// heap the idle daemon could otherwise give back.
struct LoopTimer {
    let task: Task<Void, Never>
    let at: ContinuousClock.Instant

    /// `current` when it fires no later than `seconds` from now (a tick that
    /// comes early only makes the loop look again), else a new timer.
    static func wake(in seconds: Double, replacing current: LoopTimer?,
                     _ fire: @escaping @Sendable () -> Void) -> LoopTimer {
        let at = ContinuousClock.now.advanced(by: .milliseconds(Int64(max(0, seconds) * 1000)))
        if let current, current.at <= at { return current }
        current?.task.cancel()
        let task = Task {
            if (try? await Task.sleep(until: at, clock: .continuous)) != nil { fire() }
        }
        return LoopTimer(task: task, at: at)
    }
}
