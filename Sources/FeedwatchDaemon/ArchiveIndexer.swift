#if canImport(Glibc)
import Glibc
#endif
import AlertStore
import Foundation
import Logging
import Synchronization

/// Keeps the archive's full-text index up with the archive, on a thread of
/// its own, in batches: each holds the store's write lock for a fraction of a
/// second, so polls' commits wait at most that long.
///
/// While polls are in flight it indexes at most a batch every `busyPause`:
/// indexing folds every article again and writes the index, about as much CPU
/// as the polls' own matching, and during a first poll it competed with them
/// for the cores (the index is a pre-filter: searches scan what it lacks).
package final class ArchiveIndexer: Sendable {
    private let stop = CancelFlag()
    private let polls = Atomic<Int>(0)
    private let busyPause: Duration
    /// Articles per transaction.
    package static let batch = 500

    package init(busyPause: Duration = .seconds(5)) {
        self.busyPause = busyPause
    }

    /// How many polls are in flight now (the poller says so as they start and end).
    package func pollsInFlight(_ count: Int) { polls.store(count, ordering: .relaxed) }

    /// Whether to index a batch now: always when no poll is in flight, else
    /// once `busyPause` has passed since the last batch (so that a daemon
    /// always polling still keeps its index up).
    package static func shouldIndex(pollsInFlight: Int, sinceLastBatch: Duration, busyPause: Duration) -> Bool {
        pollsInFlight == 0 || sinceLastBatch >= busyPause
    }

    /// Indexes until stopped, looking for new articles every second.
    package func start(store: AlertStore, logger: Logger) {
        let thread = Thread { [self] in
            // Behind the polls, as nice as their parsing threads.
            WorkerPool.lowerPriority(by: WorkerPool.backgroundNice)
            run(store: store, logger: logger)
        }
        thread.name = "feedwatch-index"
        thread.start()
    }

    private func run(store: AlertStore, logger: Logger) {
        let clock = ContinuousClock()
        var failures = 0, caughtUp = true, lastBatch = clock.now - busyPause
        while !stop.isSet {
            guard Self.shouldIndex(pollsInFlight: polls.load(ordering: .relaxed), sinceLastBatch: clock.now - lastBatch, busyPause: busyPause)
            else {
                usleep(200_000)
                continue
            }
            do {
                if try store.indexArchive(limit: Self.batch, fold: ArchiveText.refold) > 0 {
                    caughtUp = false
                    lastBatch = clock.now
                    continue
                }
                failures = 0
                // Indexing a first poll's articles ends after the poll
                // (and its release of memory): what it freed, SQLite's
                // caches included, is given back once it has caught up.
                if !caughtUp {
                    caughtUp = true
                    store.releaseMemory()
                    HeapTrim.releaseFreedMemory()
                }
            } catch {
                failures += 1
                // Logged once per run of failures: the index is only a pre-filter, searches still answer.
                if failures == 1 { logger.error("cannot index the archive: \(error); searches scan the articles not indexed") }
            }
            usleep(1_000_000)
        }
    }

    package func stopIndexing() { stop.set() }

    /// Indexes everything not yet indexed (`feedwatch once`, tests, benchmarks).
    package static func catchUp(_ store: AlertStore) throws(StoreError) {
        while try store.indexArchive(limit: batch, fold: ArchiveText.refold) > 0 {}
    }
}
