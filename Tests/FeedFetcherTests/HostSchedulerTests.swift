@testable import FeedFetcher
import Foundation
import Testing

/// Which slots a host's transfers start in, by the scheduler's own account.
/// The waits below only let a transfer grow older than `slowAfter` (1 s);
/// nothing asserts how long anything took.
@Suite("The host scheduler's slow slots")
struct HostSchedulerTests {
    static func scheduler(globalLimit: Int) -> HostScheduler {
        HostScheduler(globalLimit: globalLimit, perHostLimit: 8, spacing: 0, politeToLoopback: false, slowAfter: 1, slowLimit: 8)
    }

    /// Long enough for a transfer started before to be past `slowAfter`.
    static func outlast() async throws {
        try await Task.sleep(for: .seconds(1.1))
    }

    @Test("a host whose transfer was slow starts its next one in the slow slots, and a fast one brings it back")
    func fastTransferBringsHostBack() async throws {
        let s = Self.scheduler(globalLimit: 1)
        let first = await s.acquire("a.example")
        #expect(!first.slow)
        try await Self.outlast()
        await s.release(first)
        let second = await s.acquire("a.example")
        #expect(second.slow, "the host's last transfer ran past slowAfter")
        // Answered at once, though it ran in the slow slots: the host is fast again.
        await s.release(second)
        let third = await s.acquire("a.example")
        #expect(!third.slow, "a fast transfer, wherever it ran, brings its host back to the global slots")
        await s.release(third)
    }

    @Test("a host stays slow while another of its transfers is still running slow")
    func stillRunningSlowKeepsHostSlow() async throws {
        let s = Self.scheduler(globalLimit: 2)
        let long = await s.acquire("h.example")
        try await Self.outlast()
        // Any start moves transfers past slowAfter out of the global slots.
        let other = await s.acquire("x.example")
        #expect(!other.slow)
        let quick = await s.acquire("h.example")
        #expect(quick.slow, "its first transfer turned slow and was moved")
        await s.release(quick)
        let next = await s.acquire("h.example")
        #expect(next.slow, "the first transfer is still running slow")
        for slot in [next, other, long] { await s.release(slot) }
    }

    @Test("transfers turn slow oldest first and free their global slots for those waiting")
    func oldestTurnSlowFirst() async throws {
        let s = Self.scheduler(globalLimit: 2)
        let a = await s.acquire("a.example")
        let b = await s.acquire("b.example")
        // Full: this one waits until the two turn slow.
        let waiting = Task { await s.acquire("c.example") }
        let c = await waiting.value
        #expect(!c.slow)
        // b turns slow after a (at once, or when d's wait ends): d gets its slot.
        let d = await s.acquire("d.example")
        #expect(!d.slow)
        let again = await s.acquire("a.example")
        #expect(again.slow, "a's transfer runs on in the slow slots")
        for slot in [a, b, c, d, again] { await s.release(slot) }
    }
}
