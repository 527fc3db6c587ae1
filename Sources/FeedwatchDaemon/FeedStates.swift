import AlertStore
import FeedsConf
import Foundation
import Logging

/// The one owner of the feeds' schedule: when each feed is due, which fail,
/// which a server disabled (410 Gone), which are being polled. Loaded once from
/// the store, updated from each poll's outcome; `run` and `once` both ask it,
/// so "which feeds are due" has one answer.
package actor FeedStates {
    private let store: AlertStore
    private let logger: Logger
    private var feeds: [FeedsConfig.Feed] = []
    /// When each configured, enabled feed is due next (absent: due now).
    private var nextDue: [String: Date] = [:]
    private var failing = Set<String>()
    private var disabled = Set<String>()
    private var inFlight = Set<String>()
    /// Where each pollable feed (enabled, not disabled by a server) is in
    /// `feeds`, and the pollable feeds not in flight by due time: the loop
    /// asks for due feeds and its next wake after every poll, and filtering
    /// (copying) every feed each time, then reading every feed's due time, was
    /// a twentieth of a first poll's CPU at 1,000 feeds.
    private var pollable: [Int] = []
    private var pollableNames: Set<String> = []
    private var index: [String: Int] = [:]
    private var queue = DueQueue()

    package init(store: AlertStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// The feeds' state as the store keeps it. A store that cannot be read
    /// throws: polling every feed now and waking 410-disabled ones would be
    /// acting on a guess.
    package func load(_ feeds: [FeedsConfig.Feed]) throws(StoreError) {
        let states = try store.feedStates()
        self.feeds = feeds
        nextDue = [:]
        failing = []
        disabled = []
        let byName = Dictionary(states.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for f in feeds where f.enabled {
            let state = byName[f.name]
            // Disabled by a 410 in an earlier run: stays off until its URL changes in feeds.conf.
            if state?.enabled == false {
                disabled.insert(f.name)
                continue
            }
            if let due = state?.nextDue { nextDue[f.name] = due }
            if (state?.errorCount ?? 0) > 0 { failing.insert(f.name) }
        }
        refreshPollable()
    }

    private func refreshPollable() {
        pollable = feeds.indices.filter { feeds[$0].enabled && !disabled.contains(feeds[$0].name) }
        pollableNames = Set(pollable.map { feeds[$0].name })
        index = Dictionary(feeds.indices.map { (feeds[$0].name, $0) }, uniquingKeysWith: { a, _ in a })
        queue.removeAll()
        for i in pollable where !inFlight.contains(feeds[i].name) { enqueue(i) }
    }

    /// Feed `i` waits in the queue for its next time (never polled: due at once).
    private func enqueue(_ i: Int) {
        queue.push(nextDue[feeds[i].name] ?? .distantPast, feed: i)
    }

    /// Whether a queued item still says when its feed is due.
    private func holds(_ item: DueQueue.Item) -> Bool {
        let name = feeds[item.feed].name
        return pollableNames.contains(name) && !inFlight.contains(name) && (nextDue[name] ?? .distantPast) == item.due
    }

    /// The feeds due at `now` (every pollable one when `all`), marked as in
    /// flight until `finished` is told of them; in feeds.conf's order.
    package func takeDue(now: Date, all: Bool = false) -> [FeedsConfig.Feed] {
        var due: [Int] = []
        if all {
            due = pollable.filter { !inFlight.contains(feeds[$0].name) }
            for i in due { inFlight.insert(feeds[i].name) }
        } else {
            while let top = queue.first, top.due <= now {
                _ = queue.popFirst()
                // Marked at once: a feed queued twice is handed out once.
                if holds(top) {
                    inFlight.insert(feeds[top.feed].name)
                    due.append(top.feed)
                }
            }
        }
        return due.sorted().map { feeds[$0] }
    }

    /// A poll of `name` ended: its next time, errors and 410 come from what the
    /// poll recorded in the store.
    package func finished(_ name: String, now: Date = Date()) {
        inFlight.remove(name)
        guard let i = index[name] else { return }
        let state: FeedState?
        do {
            state = try store.feedState(named: name)
        } catch {
            logger.error("feed \(name): cannot read its state from the store after its poll (\(error)): trying again in a minute")
            nextDue[name] = now.addingTimeInterval(60)
            if pollableNames.contains(name) { enqueue(i) }
            return
        }
        if state?.enabled == false {
            // Off, not failing: the status line counts the feeds still polled.
            disabled.insert(name)
            failing.remove(name)
            nextDue[name] = nil
            refreshPollable()
            return
        } else {
            // A next time in the past means the poll could not be recorded (disk
            // full, store locked): retry in a minute, not in a tight loop.
            nextDue[name] = (state?.nextDue).flatMap { $0 > now ? $0 : nil } ?? now.addingTimeInterval(60)
        }
        if (state?.errorCount ?? 0) > 0 { failing.insert(name) } else { failing.remove(name) }
        if pollableNames.contains(name) { enqueue(i) }
    }

    /// A reload: removed feeds are forgotten; changed and added ones take the
    /// store's next time (a new URL or a re-enabled feed: at once). Feeds in
    /// flight keep going and are rescheduled when they end.
    package func reconfigure(_ feeds: [FeedsConfig.Feed], diff: ConfigDiff, now: Date = Date()) {
        self.feeds = feeds
        for name in diff.feedsRemoved {
            nextDue[name] = nil
            failing.remove(name)
            disabled.remove(name)
        }
        for name in diff.feedsChanged + diff.feedsAdded {
            disabled.remove(name)
            guard !inFlight.contains(name) else { continue }
            do {
                nextDue[name] = try store.feedState(named: name)?.nextDue
            } catch {
                logger.error("reload: feed \(name): cannot read its state from the store (\(error)): polled in a minute")
                nextDue[name] = now.addingTimeInterval(60)
            }
        }
        refreshPollable()
    }

    /// The soonest time a feed not in flight falls due (`now` when one is due
    /// already), or nil when none is scheduled.
    package func nextWake(now: Date) -> Date? {
        while let top = queue.first, !holds(top) { _ = queue.popFirst() }
        guard let top = queue.first else { return nil }
        return top.due == .distantPast ? now : top.due
    }

    /// Feeds polled (enabled, not disabled by a server) and how many of them fail.
    package var counts: (feeds: Int, failing: Int) { (pollable.count, failing.count) }

}
