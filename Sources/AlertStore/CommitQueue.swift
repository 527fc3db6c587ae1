import Foundation
import Synchronization

/// Group commit: a poll whose commit finds another one running waits, and the
/// next to lead commits everything waiting (of one key) in one transaction.
/// Each poll's own transaction rewrote, besides its rows, the index pages its
/// rows landed on (a random leaf of the link index per new article) into the
/// WAL, and those pages were then copied back by the checkpoints and written
/// out by the kernel: several polls in one transaction share those pages.
///
/// No thread of its own and no wait for company: the first poll leads at
/// once; polls arriving meanwhile wait (as they waited for SQLite's writer
/// lock before) and go together next. A leader commits at most `limit` polls,
/// its own first.
final class CommitQueue<Job: Sendable, Outcome: Sendable>: Sendable {
    /// A waiting poll. `outcome` is written by the leader before it signals
    /// `done` and read by the poll's own thread after it: the semaphore orders them.
    private final class Ticket: @unchecked Sendable {
        let job: Job
        let key: ObjectIdentifier?
        var outcome: Outcome?
        let done = DispatchSemaphore(value: 0)

        init(_ job: Job, key: ObjectIdentifier?) {
            self.job = job
            self.key = key
        }
    }

    private struct State {
        var waiting: [Ticket] = []
        var leading = false
    }

    private let state = Mutex(State())
    private let limit: Int
    /// Jobs handed to `run` in a batch of more than one (tests look at it).
    let batched = Atomic<Int>(0)
    /// Jobs waiting for a leader (tests wait for it).
    var waiting: Int { state.withLock { $0.waiting.count } }

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Commits `job`, alone or with others of the same `key`: `run` (called on
    /// this thread when it leads) gets the batch, this job first, and returns
    /// one outcome per job in order.
    func submit(_ job: Job, key: ObjectIdentifier?, run: ([Job]) -> [Outcome]) -> Outcome {
        let me = Ticket(job, key: key)
        let leads = state.withLock { s in
            if s.leading {
                s.waiting.append(me)
                return false
            }
            // Nothing waits while no one leads (leading ends only on an empty
            // queue), so this poll goes alone, decided under the same lock: a
            // poll arriving in a gap between two locks joined it before, and
            // `waiting` then counted a leader that had not yet left the queue.
            s.leading = true
            return true
        }
        var batch = [me]
        if !leads {
            me.done.wait()
            // Signalled with an outcome (committed in another's batch), or to lead.
            if let outcome = me.outcome { return outcome }
            batch = state.withLock { s in take(me, from: &s) }
        }
        let outcomes = run(batch.map(\.job))
        if batch.count > 1 { batched.add(batch.count, ordering: .relaxed) }
        for (ticket, outcome) in zip(batch, outcomes).dropFirst() {
            ticket.outcome = outcome
            ticket.done.signal()
        }
        state.withLock { s in
            // The first still waiting leads next (others of its key with it).
            if let next = s.waiting.first { next.done.signal() } else { s.leading = false }
        }
        return outcomes[0]
    }

    /// `me` and up to `limit - 1` others of its key, out of the queue, in arrival order.
    private func take(_ me: Ticket, from s: inout State) -> [Ticket] {
        var batch = [me]
        var left: [Ticket] = []
        for t in s.waiting where t !== me {
            if batch.count < limit, t.key == me.key { batch.append(t) } else { left.append(t) }
        }
        s.waiting = left
        return batch
    }
}

