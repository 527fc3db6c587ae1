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
        /// When each topic last forgot what fell out of its window.
        var swept: [String: Double] = [:]
    }

    package let rule: StoryRule
    private let settings: [String: Settings]
    private let fallback: Settings
    private let state = Mutex(State())
    /// Held from `beginTransaction` to `endTransaction`: one commit at a time.
    private let serial = NSLock()

    /// `settings` per topic; topics not in it use `fallback`.
    package init(rule: StoryRule = .standard, settings: [String: Settings] = [:], fallback: Settings = Settings()) {
        self.rule = rule
        self.settings = settings
        self.fallback = fallback
    }

    package func settings(of topic: String) -> Settings { settings[topic] ?? fallback }

    package func updates(topic: String) -> [Int] { settings(of: topic).updates }

    package func story(of print: StoryPrint, topic: String, at time: Date) -> Int64? {
        let t = time.timeIntervalSince1970
        let window = settings(of: topic).window
        return state.withLock { s in
            sweep(&s, topic: topic, now: t, window: window)
            var best: (story: Int64, score: Double)?
            func consider(_ story: Int64, _ member: StoryPrint, _ seen: Double) {
                guard t - seen <= window, let score = self.score(print, member), score > (best?.score ?? 0) else { return }
                best = (story, score)
            }
            for p in s.pending where p.topic == topic { consider(p.story, p.print, p.time) }
            if let open = s.topics[topic] {
                for story in open.candidates(print, sharedNames: rule.sharedNames, namelessConcepts: rule.namelessConcepts) {
                    for m in open.members[story] ?? [] { consider(story, m.print, m.time) }
                }
            }
            return best?.story
        }
    }

    /// How strongly two articles are one story (nil: not); a same link beats
    /// any text, a text beats a set of names.
    private func score(_ a: StoryPrint, _ b: StoryPrint) -> Double? {
        switch rule.reason(a, b) {
        case .link: return 3
        case .text: return 1 + MinHash.similarity(a.signature, b.signature)
        case .concepts: return 0.5
        case nil: return nil
        }
    }

    package func add(_ print: StoryPrint, to story: Int64, topic: String, at time: Date) {
        state.withLock { $0.pending.append(Pending(topic: topic, story: story, print: print, time: time.timeIntervalSince1970)) }
    }

    package func commitPending() {
        state.withLock { s in
            for p in s.pending { s.topics[p.topic, default: OpenStories()].add(p.print, to: p.story, at: p.time) }
            s.pending = []
        }
    }

    package func beginTransaction() {
        serial.lock()
    }

    /// Drops what a rolled-back transaction added, and lets the next commit in.
    package func endTransaction() {
        state.withLock { $0.pending = [] }
        serial.unlock()
    }

    /// Articles of open stories read back from the store (at start).
    package func restore(_ members: [(story: Int64, topic: String, print: StoryPrint, time: Date)]) {
        state.withLock { s in
            for m in members { s.topics[m.topic, default: OpenStories()].add(m.print, to: m.story, at: m.time.timeIntervalSince1970) }
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
