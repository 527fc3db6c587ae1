import Foundation

/// How many short `feedwatch` commands (`CLI.run`) the tests run at once.
/// Awaited, those no longer hold a test thread each, so Swift Testing starts
/// every such test together: a hundred children at once, and the daemons
/// other tests start missed their minute under that load. The daemons tests
/// start as `Process` take no slot (a test holds one for as long as it runs
/// and may call `CLI.run` meanwhile: with slots, two such tests could wait on
/// each other); a daemon run through `CLI.run` is one expected to refuse to
/// start, and holds its slot until it does (or `killAfter`).
actor ChildSlots {
    static let shared = ChildSlots(max(2, ProcessInfo.processInfo.activeProcessorCount))

    private var free: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { free = count }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            free += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
