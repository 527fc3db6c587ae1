import Foundation

/// When to poll a feed next: the configured interval, shortened (down to a
/// minimum) for feeds that publish often, lengthened exponentially after
/// errors (up to a cap, so a failing feed is retried at least that often and
/// never parked for good), never sooner than the server or the publisher
/// allow (Retry-After, Cache-Control max-age / Expires, RSS <ttl>,
/// sy:updatePeriod), and spread by jitter so feeds do not fall due in lockstep.
package struct FeedScheduler: Sendable {
    /// Polls are never closer than this (unless the configured interval is shorter).
    package var minimumInterval: TimeInterval = 5 * 60
    /// The longest wait: after errors, and for any server or publisher hint.
    package var maximumWait: TimeInterval = 24 * 3600
    /// ± this fraction of the wait, at random.
    package var jitter = 0.1

    package init() {}

    /// What a poll found, as far as scheduling goes.
    package struct Facts: Sendable {
        package var succeeded: Bool
        /// Consecutive failures, this one included (0 after a success).
        package var errorCount = 0
        package var retryAfter: Date?
        package var freshUntil: Date?
        /// RSS <ttl> / sy:updatePeriod of the document read.
        package var publisherInterval: TimeInterval?
        /// Publication times of the feed's entries, for the adaptive interval.
        package var published: [Date] = []
        /// The interval learned from earlier polls (used when this one brought
        /// no dates, as a 304 does).
        package var learned: TimeInterval?

        package init(succeeded: Bool, errorCount: Int = 0, retryAfter: Date? = nil, freshUntil: Date? = nil,
                     publisherInterval: TimeInterval? = nil, published: [Date] = [], learned: TimeInterval? = nil) {
            self.succeeded = succeeded
            self.errorCount = errorCount
            self.retryAfter = retryAfter
            self.freshUntil = freshUntil
            self.publisherInterval = publisherInterval
            self.published = published
            self.learned = learned
        }
    }

    /// The next poll of a feed configured for `interval`, polled at `now`,
    /// and the interval learned from its rhythm (to keep for the next time).
    /// `random` is in 0..<1 (injected so tests can fix it).
    package func nextPoll(_ facts: Facts, interval: TimeInterval, now: Date, random: Double) -> (at: Date, learned: TimeInterval?) {
        let floor = min(minimumInterval, interval)
        var wait: TimeInterval
        let learned = adaptive(facts.published) ?? facts.learned
        if facts.succeeded {
            wait = min(interval, max(floor, learned ?? interval))
        } else {
            // interval, 2×, 4×, … up to the cap.
            let doublings = Double(min(max(facts.errorCount - 1, 0), 30))
            wait = min(maximumWait, interval * pow(2, doublings))
        }
        wait *= 1 + jitter * (2 * random - 1)
        var next = now.addingTimeInterval(max(wait, 1))
        // Hints from the server and the publisher are floors, but never beyond the cap.
        let cap = now.addingTimeInterval(maximumWait)
        for hint in [facts.retryAfter, facts.freshUntil, facts.publisherInterval.map { now.addingTimeInterval($0) }] {
            if let hint { next = max(next, min(hint, cap)) }
        }
        return (next, learned)
    }

    /// The furthest ahead `nextPoll` can put a feed configured for `interval`:
    /// a stored time beyond it was not set by this scheduler on this clock.
    package func longestWait(interval: TimeInterval) -> TimeInterval {
        max(maximumWait, interval) * (1 + jitter)
    }

    /// Half the typical gap between the feed's recent publications (the median
    /// of the last ten gaps), so a new item waits on average a quarter of its
    /// feed's rhythm; nil without enough dates.
    func adaptive(_ published: [Date]) -> TimeInterval? {
        let recent = published.sorted(by: >).prefix(11)
        guard recent.count >= 3 else { return nil }
        var gaps: [TimeInterval] = []
        for (a, b) in zip(recent, recent.dropFirst()) where a > b { gaps.append(a.timeIntervalSince(b)) }
        guard !gaps.isEmpty else { return nil }
        gaps.sort()
        return gaps[gaps.count / 2] / 2
    }
}
