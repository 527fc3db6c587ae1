import Foundation
import Synchronization

/// Threads of its own, two per core, for the CPU-bound part of a poll (parse,
/// new entries, match), and others for its commit. Run on Swift's cooperative pool, a few big
/// feeds would take all its threads for seconds, and the daemon's event loop
/// (signals, timers, the watchdog's heartbeat) would wait behind them: SIGTERM
/// was answered after 38 s. Here the kernel shares the cores between them,
/// the parsing threads at a lower priority (see `backgroundNice`).
package final class WorkerPool: Sendable {
    /// How much nicer than the rest of the daemon the parsing threads run:
    /// the cooperative pool and curl's thread, which start transfers and hand
    /// fetched feeds on, waited behind parsing for their slice of a core, and
    /// the workers then ran out of feeds: a first poll used 82–85 % of two
    /// cores, 88–91 % with this (`feedwatch-bench daemon`). The commits stay
    /// at the daemon's priority: one writer at a time is the poll's narrowest
    /// step. The archive's indexer and a topic's backfill, work behind the
    /// polls, run as nice as the parsing threads.
    package static let backgroundNice: Int32 = 10
    /// One for the process: polls of every pipeline (reloads make new ones) share it.
    /// Two per core: a thread waiting for the store's write lock (the commit of
    /// another poll) then leaves its core to a poll that parses or matches.
    package static let shared = WorkerPool(threads: 2 * ProcessInfo.processInfo.activeProcessorCount, nice: backgroundNice)
    /// For the polls' commits, apart: a commit mostly waits (for the store's
    /// writer, or for the poll that leads the batch it joins), and a parsing
    /// thread waiting there left a core idle (a fifth of a first poll's).
    /// Eight: as many polls can wait to be committed together.
    package static let commits = WorkerPool(threads: 8, name: "feedwatch-commit")

    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let available = DispatchSemaphore(value: 0)

    package init(threads: Int, name: String = "feedwatch-worker", nice: Int32 = 0) {
        for i in 0..<max(1, threads) {
            // The pool lives as long as the process: its threads wait for work.
            let thread = Thread { [self] in
                Self.lowerPriority(by: nice)
                while true {
                    available.wait()
                    let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                    job?()
                }
            }
            thread.name = "\(name)-\(i)"
            thread.start()
        }
    }

    /// The calling thread `nice` steps nicer than it is (Linux's
    /// setpriority and getpriority apply to the calling thread, not the
    /// process, for PRIO_PROCESS and 0). Nothing to do when the kernel refuses:
    /// the workers then share the cores as before.
    package static func lowerPriority(by nice: Int32) {
        guard nice > 0 else { return }
        guard let current = threadNice else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, min(current + nice, 19))
    }

    /// The calling thread's nice value; nil when it cannot be read.
    package static var threadNice: Int32? {
        errno = 0
        let value = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        return errno == 0 ? value : nil
    }

    /// Runs `body` on one of the pool's threads and returns its result.
    package func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (c: CheckedContinuation<T, Never>) in
            jobs.withLock { $0.append { c.resume(returning: body()) } }
            available.signal()
        }
    }
}

/// Set once when the task that owns a job on the worker pool is cancelled
/// (the job runs on a thread of its own, where `Task.isCancelled` knows nothing).
package final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    package init() {}

    package func set() { flag.store(true, ordering: .relaxed) }
    package var isSet: Bool { flag.load(ordering: .relaxed) }
}
