import Synchronization

/// At most `permits` holders at once; the others wait without blocking a
/// thread. Keeps the number of feeds between fetch and store bounded, so a
/// thousand due feeds do not hold a thousand bodies in memory at once.
package final class AsyncSemaphore: Sendable {
    private struct State {
        var permits: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    package init(permits: Int) {
        state = Mutex(State(permits: max(1, permits)))
    }

    package func acquire() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let acquired = state.withLock { s -> Bool in
                if s.permits > 0 {
                    s.permits -= 1
                    return true
                }
                s.waiters.append(c)
                return false
            }
            if acquired { c.resume() }
        }
    }

    package func release() {
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if !s.waiters.isEmpty { return s.waiters.removeFirst() }
            s.permits += 1
            return nil
        }
        next?.resume()
    }
}
