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
package final class ArchiveIndexer: Sendable {
    private let stop = CancelFlag()
    /// Articles per transaction.
    package static let batch = 500

    package init() {}

    /// Indexes until stopped, looking for new articles every second.
    package func start(store: AlertStore, logger: Logger) {
        let stop = self.stop
        let thread = Thread {
            var failures = 0, caughtUp = true
            while !stop.isSet {
                do {
                    if try store.indexArchive(limit: Self.batch, fold: ArchiveText.refold) > 0 {
                        caughtUp = false
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
        thread.name = "feedwatch-index"
        thread.start()
    }

    package func stopIndexing() { stop.set() }

    /// Indexes everything not yet indexed (`feedwatch once`, tests, benchmarks).
    package static func catchUp(_ store: AlertStore) throws(StoreError) {
        while try store.indexArchive(limit: batch, fold: ArchiveText.refold) > 0 {}
    }
}
