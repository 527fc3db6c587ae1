import Foundation
import Testing
@testable import FeedwatchDaemon

@Suite("Scheduling: intervals, backoff, server and publisher hints, jitter")
struct FeedSchedulerTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let s = FeedScheduler()
    static let minute: TimeInterval = 60, hour: TimeInterval = 3600

    static func wait(_ facts: FeedScheduler.Facts, interval: TimeInterval = 15 * minute, random: Double = 0.5) -> TimeInterval {
        s.nextPoll(facts, interval: interval, now: now, random: random).at.timeIntervalSince(now)
    }

    /// Entries published every `gap` seconds, newest first.
    static func published(every gap: TimeInterval, count: Int = 8) -> [Date] {
        (0..<count).map { now.addingTimeInterval(-Double($0) * gap) }
    }

    @Test("no poll is ever put further ahead than longestWait, which start-up uses to distrust stored times")
    func longest() {
        let far = Self.now.addingTimeInterval(400 * 86400)
        for interval: TimeInterval in [30, 15 * Self.minute, 24 * Self.hour, 3 * 86400] {
            for facts in [FeedScheduler.Facts(succeeded: true), .init(succeeded: false, errorCount: 40),
                          .init(succeeded: true, retryAfter: far, freshUntil: far, publisherInterval: 400 * 86400)] {
                #expect(Self.wait(facts, interval: interval, random: 0.999_999) <= Self.s.longestWait(interval: interval))
            }
        }
        #expect(Self.s.longestWait(interval: 15 * Self.minute) < 27 * Self.hour)
    }

    @Test("a feed without a rhythm is polled at its configured interval")
    func plain() {
        #expect(Self.wait(.init(succeeded: true)) == 15 * Self.minute)
    }

    @Test("jitter spreads the wait by ±10%")
    func jitter() {
        #expect(Self.wait(.init(succeeded: true), random: 0) == 13.5 * Self.minute)
        #expect(abs(Self.wait(.init(succeeded: true), random: 0.999_999) - 16.5 * Self.minute) < 1)
    }

    @Test("the interval adapts to how often the feed publishes, between the minimum and the configured interval")
    func adaptive() {
        #expect(Self.wait(.init(succeeded: true, published: Self.published(every: 2 * Self.minute))) == 5 * Self.minute, "never below 5 minutes")
        #expect(Self.wait(.init(succeeded: true, published: Self.published(every: 20 * Self.minute))) == 10 * Self.minute, "half its rhythm")
        #expect(Self.wait(.init(succeeded: true, published: Self.published(every: 24 * Self.hour))) == 15 * Self.minute, "never above the configured interval")
        #expect(Self.wait(.init(succeeded: true, published: Self.published(every: 30)), interval: 2 * Self.minute) == 2 * Self.minute,
                "a configured interval under the minimum is kept")
        let learned = Self.s.nextPoll(.init(succeeded: true, published: Self.published(every: 20 * Self.minute)), interval: 15 * Self.minute,
                                      now: Self.now, random: 0.5).learned
        #expect(learned == 10 * Self.minute)
        #expect(Self.wait(.init(succeeded: true, learned: learned)) == 10 * Self.minute, "a 304 keeps what was learned")
    }

    @Test("errors back off exponentially up to 24 hours, and never further")
    func backoff() {
        #expect(Self.wait(.init(succeeded: false, errorCount: 1)) == 15 * Self.minute)
        #expect(Self.wait(.init(succeeded: false, errorCount: 2)) == 30 * Self.minute)
        #expect(Self.wait(.init(succeeded: false, errorCount: 4)) == 2 * Self.hour)
        #expect(Self.wait(.init(succeeded: false, errorCount: 12)) == 24 * Self.hour)
        #expect(Self.wait(.init(succeeded: false, errorCount: 10_000)) == 24 * Self.hour, "a failing feed is never parked for good")
    }

    @Test("never sooner than Retry-After, Cache-Control / Expires, <ttl> or sy:updatePeriod allow, but never beyond the cap")
    func hints() {
        #expect(Self.wait(.init(succeeded: false, errorCount: 1, retryAfter: Self.now.addingTimeInterval(2 * Self.hour))) == 2 * Self.hour)
        #expect(Self.wait(.init(succeeded: true, freshUntil: Self.now.addingTimeInterval(Self.hour))) == Self.hour)
        #expect(Self.wait(.init(succeeded: true, publisherInterval: 60 * Self.minute)) == Self.hour)
        #expect(Self.wait(.init(succeeded: true, retryAfter: Self.now.addingTimeInterval(365 * 86400))) == 24 * Self.hour)
        #expect(Self.wait(.init(succeeded: true, freshUntil: Self.now.addingTimeInterval(60))) == 15 * Self.minute, "a shorter hint changes nothing")
    }
}
