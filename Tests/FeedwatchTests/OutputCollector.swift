import Foundation
import Synchronization

/// Everything a child writes to a pipe, read as it comes on a thread of its
/// own: a daemon that logs more than a pipe holds (64 KiB) would otherwise
/// block on its next line and stop answering signals.
final class OutputCollector: Sendable {
    private let text = Mutex("")

    init(_ handle: FileHandle) {
        let thread = Thread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { return }
                text.withLock { $0 += String(decoding: chunk, as: UTF8.self) }
            }
        }
        thread.start()
    }

    var all: String { text.withLock { $0 } }

    /// Waits (up to a minute) until the output holds `fragment`, without
    /// holding a thread of the cooperative pool while it does.
    func arrival(of fragment: String) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if all.contains(fragment) { return true }
            do { try await Task.sleep(for: .milliseconds(20)) } catch { break }
        }
        // A sleep can end long past the deadline when the pool is busy: look once more.
        return all.contains(fragment)
    }

    /// Blocks this thread (up to a minute) until the output holds `fragment`:
    /// for a thread of the test's own, where what follows must not wait for the pool.
    func waitOnThisThread(for fragment: String) -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if all.contains(fragment) { return true }
            usleep(5_000)
        }
        return all.contains(fragment)
    }
}
