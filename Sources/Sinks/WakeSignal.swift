import Foundation

/// A sink thread's sleep: until a time, or until woken (new alerts stored,
/// `feedwatch retry`, shutdown), whichever comes first. A wake that comes
/// while the thread is busy is kept for its next sleep, so none is lost.
final class WakeSignal: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending = false

    func wake() {
        condition.lock()
        pending = true
        condition.signal()
        condition.unlock()
    }

    func sleep(until deadline: Date) {
        condition.lock()
        defer { condition.unlock() }
        while !pending {
            if !condition.wait(until: deadline) { break }
        }
        pending = false
    }
}
