import Foundation

/// How long a sink waits before its next try: doubling from `first` after
/// each failure, capped, with jitter (a random part of the wait) so that
/// sinks that failed together do not all come back at once; never sooner
/// than the receiver asked (Retry-After).
package struct Backoff: Sendable {
    package var first: TimeInterval
    package var cap: TimeInterval

    package init(first: TimeInterval = 2, cap: TimeInterval = 30 * 60) {
        self.first = first
        self.cap = max(first, cap)
    }

    /// The wait after the `tries`-th failed try (1 for the first); `random` in 0..<1.
    package func delay(afterTries tries: Int, retryAfter: TimeInterval?, random: Double) -> TimeInterval {
        let exponent = Double(min(max(tries - 1, 0), 40))
        let full = min(cap, first * pow(2, exponent))
        // "Equal jitter": half the wait fixed, half random, so a wait never collapses to nothing.
        let jittered = full / 2 + full / 2 * random
        return max(jittered, min(retryAfter ?? 0, 24 * 3600))
    }
}
