import FeedModel
import Foundation
import Synchronization

/// The open stories of every topic, in memory: what the store consults in
/// its write transaction (`StoryAssigning`), filled from the store at start.
/// A story stays open while one of its articles is younger than its topic's
/// `story-window`.
package final class StoryIndex: StoryAssigning, Sendable {
    /// A topic's story settings (feeds.conf `story-window`, `story-updates`).
    package struct Settings: Sendable, Hashable {
        package var window: TimeInterval
        package var updates: [Int]

        package init(window: TimeInterval = 36 * 3600, updates: [Int] = [3, 10, 30, 100]) {
            self.window = window
            self.updates = updates
        }
    }

    private struct Pending {
        var topic: String
        var story: Int64
        var print: StoryPrint
        var time: Double
    }

    private struct State {
        var topics: [String: OpenStories] = [:]
        var pending: [Pending] = []
        /// What the current transaction consults beside the open stories,
        /// indexed like them: its pending additions, and the articles of
        /// stories the store holds beyond the open ones (a backfill's older
        /// articles, `consult`). Emptied by `endTransaction`.
        var transient: [String: OpenStories] = [:]
        /// Pending additions not in `transient` yet, by topic: indexed only
        /// when the transaction consults the topic again (most of a poll's
        /// topics it meets once), in the order they came, before anything
        /// else touches the topic's transient stories.
        var unindexed: [String: [Pending]] = [:]
        /// When each topic last forgot what fell out of its window.
        var swept: [String: Double] = [:]
        /// The articles the open stories held when last `compact`ed.
        var compactedAt = 0
        /// The candidates of the article being placed (a buffer kept between calls).
        var scratch: [Int64] = []
        var settings: [String: Settings]
        var fallback: Settings
    }

    package let rule: StoryRule
    private let state: Mutex<State>
    /// Held from `beginTransaction` to `endTransaction`: one commit at a time.
    private let serial = NSLock()

    /// `settings` per topic; topics not in it use `fallback`.
    package init(rule: StoryRule = .standard, settings: [String: Settings] = [:], fallback: Settings = Settings()) {
        self.rule = rule
        state = Mutex(State(settings: settings, fallback: fallback))
    }

    package func settings(of topic: String) -> Settings { state.withLock { $0.settings[topic] ?? $0.fallback } }

    package func updates(topic: String) -> [Int] { settings(of: topic).updates }

    package func window(topic: String) -> TimeInterval { settings(of: topic).window }

    package func story(of print: StoryPrint, topic: String, at time: Date) -> Int64? {
        let t = time.timeIntervalSince1970
        return state.withLock { s in
            let window = (s.settings[topic] ?? s.fallback).window
            sweep(&s, topic: topic, now: t, window: window)
            Self.indexPending(&s, topic: topic, rule: rule)
            var best: (story: Int64, score: Double, seen: Double)?
            // Either side of the window: a backfilled article may be older than the story's.
            // The rule grades each tier by the ids shared (`StoryRule.score`);
            // equal scores go to the more recent article, then the later
            // story: the same answer whatever order the candidates come in.
            func consider<P: StoryFeatures>(_ story: Int64, _ article: P, _ member: P, _ seen: Double) {
                // Tiers that cannot beat the best so far are not tried.
                guard abs(t - seen) <= window, let score = self.rule.score(article, member, floor: best?.score ?? -.infinity) else { return }
                if let b = best, (b.score, b.seen, b.story) >= (score, seen, story) { return }
                best = (story, score, seen)
            }
            for transient in [false, true] {
                guard let m = transient ? s.transient[topic]?.member(print, at: t) : s.topics[topic]?.member(print, at: t) else { continue }
                if transient {
                    s.transient[topic]?.candidates(m, namelessConcepts: rule.namelessConcepts, into: &s.scratch)
                } else {
                    s.topics[topic]?.candidates(m, namelessConcepts: rule.namelessConcepts, into: &s.scratch)
                }
                if transient {
                    s.transient[topic]?.forEachMember(of: s.scratch) { consider($0, m, $1, $1.time) }
                } else {
                    s.topics[topic]?.forEachMember(of: s.scratch) { consider($0, m, $1, $1.time) }
                }
            }
            return best?.story
        }
    }

    package func add(_ print: StoryPrint, to story: Int64, topic: String, at time: Date) {
        state.withLock { s in
            let p = Pending(topic: topic, story: story, print: print, time: time.timeIntervalSince1970)
            s.pending.append(p)
            s.unindexed[topic, default: []].append(p)
        }
    }

    /// Puts the topic's pending additions into the transaction's stories.
    private static func indexPending(_ s: inout State, topic: String, rule: StoryRule) {
        guard let list = s.unindexed.removeValue(forKey: topic) else { return }
        for p in list { add(&s.transient, p.print, to: p.story, topic: topic, at: p.time, rule: rule) }
    }

    package func commitPending() {
        state.withLock { s in
            for p in s.pending { Self.add(&s.topics, p.print, to: p.story, topic: p.topic, at: p.time, rule: rule) }
            s.pending = []
        }
    }

    private static func add(_ topics: inout [String: OpenStories], _ print: StoryPrint, to story: Int64, topic: String, at time: Double,
                            rule: StoryRule) {
        var open = topics.removeValue(forKey: topic) ?? OpenStories(rule: rule)
        open.add(open.member(print, at: time), to: story)
        topics[topic] = open
    }

    package func beginTransaction() {
        serial.lock()
    }

    /// Drops what a rolled-back transaction added, and lets the next commit in.
    package func endTransaction() {
        state.withLock { s in
            s.pending = []
            s.transient = [:]
            s.unindexed = [:]
        }
        serial.unlock()
    }

    /// For the current transaction only: articles of `topic`'s stories read
    /// from the store that the open stories may no longer hold (older than
    /// the window), consulted like them and forgotten at `endTransaction`.
    package func consult(_ members: [(story: Int64, print: StoryPrint, time: Date)], topic: String) {
        state.withLock { s in
            Self.indexPending(&s, topic: topic, rule: rule)
            for m in members {
                Self.add(&s.transient, m.print, to: m.story, topic: topic, at: m.time.timeIntervalSince1970, rule: rule)
            }
        }
    }

    /// New settings, and the open stories read again from the store by
    /// `read` with no commit in flight (it runs between two of them): a
    /// reload keeps one index, so a poll still committing for the old
    /// configuration and one for the new consult and fill the same stories.
    package func reconfigure(settings: [String: Settings], fallback: Settings = Settings(),
                             read: () -> [(story: Int64, topic: String, print: StoryPrint, time: Date)]) {
        serial.lock()
        defer { serial.unlock() }
        state.withLock { s in
            s = State(settings: settings, fallback: fallback)
        }
        restore(read())
    }

    /// Articles of open stories read back from the store (at start).
    package func restore(_ members: [(story: Int64, topic: String, print: StoryPrint, time: Date)]) {
        state.withLock { s in
            for m in members { Self.add(&s.topics, m.print, to: m.story, topic: m.topic, at: m.time.timeIntervalSince1970, rule: rule) }
        }
    }

    /// Copies the open stories into new allocations when they have grown by
    /// a quarter since the last time (see `OpenStories.compacted`): called
    /// when a burst of polls has ended, before the allocator's free pages are
    /// given back.
    package func compact() {
        serial.lock()
        defer { serial.unlock() }
        state.withLock { s in
            let members = s.topics.values.reduce(0) { $0 + $1.memberCount }
            guard Double(members) > 1.25 * Double(s.compactedAt), members > 0 else { return }
            s.topics = s.topics.mapValues { $0.compacted(rule: rule) }
            s.compactedAt = members
        }
    }

    /// Open stories and the articles kept for comparing, over all topics.
    package var size: (stories: Int, articles: Int) {
        state.withLock { s in s.topics.values.reduce((0, 0)) { ($0.0 + $1.count, $0.1 + $1.memberCount) } }
    }

    /// Forgetting rebuilds a topic's indexes: at most every tenth of its window.
    private func sweep(_ s: inout State, topic: String, now: Double, window: TimeInterval) {
        guard now - (s.swept[topic] ?? -.infinity) >= window / 10 else { return }
        s.swept[topic] = now
        s.topics[topic]?.forget(before: now - window)
    }
}
