import AlertStore
import FeedFetcher
import FeedModel
import FeedParser
import FeedsConf
import FeedwatchSupport
import Foundation
import Logging
import StoryMatcher
import Synchronization
import TopicMatcher

/// The main job, wired: fetch → parse → new entries (store) → match →
/// alerts (store) → alert log. Each step is a target of its own; this only
/// connects them, per feed, with one feed's failure never touching another.
package final class Pipeline: Sendable {
    /// Without its topics (`droppingTopics`): `index` holds them compiled.
    package let config: FeedsConfig
    /// What a poll reads and commits, and nothing else of the store.
    private let store: any PollStore
    package let delivery: AlertDelivery
    private let fetcher: FeedFetcher
    private let index: TopicIndex
    /// The open stories, and the topics that group their alerts into them.
    package let stories: StoryIndex
    private let storyTopics: Set<String>
    private let logger: Logger
    private let scheduler = FeedScheduler()
    /// Feeds between fetch and store at once.
    private let gate: AsyncSemaphore

    /// - Parameter gate: the bound on feeds between the end of their transfer
    ///   and the end of their storing; the daemon passes one for the whole
    ///   process, so a reload (a new pipeline) does not double it.
    /// - Parameter stories: the open stories, likewise the daemon's one for
    ///   the whole process (reconfigured for `config` here): polls of the old
    ///   pipeline still committing during a reload then meet the same stories.
    package init(config: FeedsConfig, store: any PollStore, delivery: AlertDelivery, fetcher: FeedFetcher, logger: Logger,
                 gate: AsyncSemaphore? = nil, stories: StoryIndex? = nil) {
        self.config = config.droppingTopics
        self.store = store
        self.delivery = delivery
        self.fetcher = fetcher
        self.logger = logger
        index = config.topicIndex
        if let stories {
            stories.reconfigure(config, store: store, logger: logger)
            self.stories = stories
        } else {
            self.stories = StoryIndex.open(config, store: store, logger: logger)
        }
        storyTopics = Set(config.topics.filter { $0.stories.enabled == true }.map(\.name))
        // Taken when the transfer has ended (not while it waits for its host's
        // manners, nor while a slow server takes its time), given back once the
        // feed is stored: bounds the bodies in memory without letting one
        // host's queue, or slow hosts, hold up the others.
        self.gate = gate ?? AsyncSemaphore(permits: fetcher.configuration.globalLimit)
    }

    /// Polls `feeds` at once (the fetcher keeps its per-host manners) and
    /// delivers their alerts; then forgets entries past retention.
    package func poll(_ feeds: [FeedsConfig.Feed], now: @escaping @Sendable () -> Date = Date.init) async -> CycleReport {
        let states: [String: FeedState]
        do {
            states = Dictionary(try store.feedStates(seenCounts: false).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        } catch {
            logger.error("\(error)")
            return CycleReport()
        }
        var report = CycleReport()
        await withTaskGroup(of: FeedOutcome.self) { group in
            for feed in feeds {
                let state = states[feed.name]
                group.addTask { await self.pollOne(feed, state: state, now: now) }
            }
            for await outcome in group {
                report.polled += 1
                switch outcome {
                case .failed, .abandoned, .deferred: report.failed += 1
                case .notModified: report.notModified += 1
                case .read(let new, let alerts):
                    report.newEntries += new
                    report.alerts += alerts
                }
            }
        }
        pruneIfDue(now())
        return report
    }

    /// Pruning scans every entry: a few times a day is enough.
    package func pruneIfDue(_ now: Date) {
        do {
            if let last = try store.lastPrune(), now.timeIntervalSince(last) < 6 * 3600 { return }
            let dropped = try store.prune(now: now, retention: config.defaults.retention, refold: ArchiveText.refold)
            if dropped > 0 {
                logger.info("forgot \(dropped) entries no longer in their feeds for \(Int(config.defaults.retention / 86400)) days")
            }
            // The store gave its sweep's cache back: so does the allocator.
            HeapTrim.releaseFreedMemory()
        } catch {
            logger.error("\(error)")
        }
    }

    /// What one poll of one feed came to.
    package enum FeedOutcome: Sendable, Equatable {
        case failed
        case notModified
        case read(new: Int, alerts: Int)
        /// Stopped by shutdown: nothing recorded, the feed stays due.
        case abandoned
        /// This machine failed, not the feed (no file descriptor left): nothing
        /// recorded against the feed, which stays due.
        case deferred
    }

    /// Polls one feed: fetch, parse, store, match, deliver, and schedule its next poll.
    package func pollOne(_ feed: FeedsConfig.Feed, state: FeedState?, now: @escaping @Sendable () -> Date) async -> FeedOutcome {
        let admission = Admission()
        defer { if admission.taken { gate.release() } }
        let url = state?.url ?? feed.url
        let result = await fetch(feed, at: url, state: state, admission: admission)
        if Task.isCancelled { return .abandoned }
        for w in result.warnings { logger.debug("feed \(feed.name): \(w)") }
        let t = now()
        var record = PollRecord(time: t, status: result.status, etag: result.etag, lastModified: result.lastModified,
                                movedTo: result.permanentLocation)
        if let moved = result.permanentLocation {
            logger.notice("feed \(feed.name) moved permanently to \(moved): fetching it from there (update its url in feeds.conf)")
        }
        var facts = FeedScheduler.Facts(succeeded: true, retryAfter: result.retryAfter, freshUntil: result.freshUntil,
                                        learned: state?.pollInterval)
        func schedule() {
            let (next, learned) = scheduler.nextPoll(facts, interval: feed.interval, now: t, random: Double.random(in: 0..<1))
            record.nextDue = next
            record.pollInterval = learned
        }
        func fail(_ why: String) async -> FeedOutcome {
            let errors = (state?.errorCount ?? 0) + 1
            facts.succeeded = false
            facts.errorCount = errors
            schedule()
            let retry = record.nextDue.map { " (error \(errors) in a row; next try \(UTCTime.iso8601($0)))" } ?? ""
            logger.warning("feed \(feed.name) (\(url)): \(why)\(record.disable ? "" : retry)")
            record.error = why
            await save(feed, record)
            return .failed
        }
        switch result.outcome {
        case .failed(let failure):
            if case .outOfFileDescriptors = failure { return deferred(feed, failure.description) }
            if case .gone = failure {
                record.disable = true
                return await fail("the server says the feed is gone for good (HTTP 410): disabled; remove it from feeds.conf")
            }
            return await fail(failure.description)
        case .notModified:
            schedule()
            await save(feed, record)
            return .notModified
        case .fetched(let body):
            switch await readOffThePool(body, of: feed, from: result, at: t, now: now) {
            case .abandoned:
                return .abandoned
            case .failed(let why):
                return await fail(why)
            case .deferred(let why):
                return deferred(feed, why)
            case .read(let parsed, let ingest):
                facts.publisherInterval = parsed.feed.minimumPollInterval
                facts.published = parsed.feed.entries.compactMap { $0.published ?? $0.updated }
                schedule()
                await save(feed, record)
                return .read(new: ingest.new, alerts: ingest.alerts.count)
            }
        }
    }

    /// The transfer, taking a permit of the gate once it has ended.
    private func fetch(_ feed: FeedsConfig.Feed, at url: String, state: FeedState?, admission: Admission) async -> FetchResult {
        await fetcher.fetch(request(for: feed, at: url, state: state)) { [gate] in
            // Shutdown abandons the poll: no permit to wait for.
            guard !Task.isCancelled else { return }
            await gate.acquire()
            admission.take()
        }
    }

    /// The feed's URL with the validators it was last sent.
    private func request(for feed: FeedsConfig.Feed, at url: String, state: FeedState?) -> FetchRequest {
        FetchRequest(url: url, etag: feed.conditionalGet ? state?.etag : nil,
                     lastModified: feed.conditionalGet ? state?.lastModified : nil,
                     conditionalGet: feed.conditionalGet, userAgent: feed.userAgent ?? config.defaults.userAgent)
    }

    /// A poll this machine failed (no file descriptor left), not the feed:
    /// recording it as the feed's error would back the feed off for hours.
    private func deferred(_ feed: FeedsConfig.Feed, _ why: String) -> FeedOutcome {
        logger.error("cannot poll feed \(feed.name) now: \(why); it stays due and is tried again soon")
        return .deferred
    }

    /// What a fetched document came to.
    private enum Reading: Sendable {
        case read(ParsedFeed, IngestResult)
        case failed(String)
        case deferred(String)
        /// Shutdown stopped it between entries: nothing stored.
        case abandoned
    }

    /// A fetched document parsed and matched, for its commit.
    private struct Matched: Sendable {
        var parsed: ParsedFeed
        var matches: [String: [TopicMatch]]
        var archive: [String: ArchivedArticle]
    }

    /// `prepare` on the worker pool's threads, so that parsing a big feed never
    /// holds up the daemon's event loop, then `store` on the commit threads
    /// (the parsing thread goes on to the next feed meanwhile); the poll's
    /// cancellation (shutdown) reaches both as a flag checked between chunks and entries.
    private func readOffThePool(_ body: [UInt8], of feed: FeedsConfig.Feed, from result: FetchResult, at t: Date,
                                now: @escaping @Sendable () -> Date) async -> Reading {
        let stop = CancelFlag()
        return await withTaskCancellationHandler {
            switch await WorkerPool.shared.run({ self.prepare(body, of: feed, from: result, stop: stop) }) {
            case .ended(let reading): return reading
            case .matched(let matched): return await WorkerPool.commits.run { self.store(matched, of: feed, at: t, now: now, stop: stop) }
            }
        } onCancel: {
            stop.set()
        }
    }

    /// What `prepare` came to: matched entries for the commit, or the poll's end.
    private enum Prepared: Sendable {
        case matched(Matched)
        case ended(Reading)
    }

    /// Parses a fetched document, then (straight-line) which entries are new
    /// (a read) and their matches, no lock held, in parallel with other feeds' polls.
    private func prepare(_ body: [UInt8], of feed: FeedsConfig.Feed, from result: FetchResult, stop: CancelFlag) -> Prepared {
        logger.debug("feed \(feed.name): \(body.count) bytes fetched, parsing")
        let parsed: ParsedFeed
        do {
            var options = ParseOptions(baseURL: result.finalURL, charset: result.charset)
            options.isCancelled = { stop.isSet }
            parsed = try FeedParser.parse(body, options: options)
        } catch {
            return .ended(stop.isSet ? .abandoned : .failed("cannot read the feed: \(error)"))
        }
        for w in parsed.warnings.prefix(3) { logger.debug("feed \(feed.name): \(w)") }
        do {
            // Not into a store deleted or replaced since it was opened: the
            // daemon stops on it; this poll is not recorded.
            try store.verifyFile()
        } catch {
            return .ended(.deferred("\(error)"))
        }
        let identity = feed.identity
        do {
            let fresh = try store.unseen(feed: feed.name, entries: parsed.feed.entries, identity: identity, isCancelled: { stop.isSet })
            var archive: [String: ArchivedArticle] = [:]
            guard let found = matches(fresh, feed: feed, language: parsed.feed.language ?? feed.language, stop: stop, archive: &archive)
            else { return .ended(.abandoned) }
            var byIdentity: [String: [TopicMatch]] = [:]
            for (e, m) in zip(fresh, found) { byIdentity[identity.identity(of: e)] = m }
            return .matched(Matched(parsed: parsed, matches: byIdentity, archive: archive))
        } catch {
            return .ended(failure(error, stop: stop))
        }
    }

    /// One short write that re-checks what is new, then the alerts' delivery.
    private func store(_ m: Matched, of feed: FeedsConfig.Feed, at t: Date, now: @Sendable () -> Date, stop: CancelFlag) -> Reading {
        let ingest: IngestResult
        do {
            ingest = try store.commit(feed: feed.name, entries: m.parsed.feed.entries, identity: feed.identity, now: t, matches: m.matches,
                                      floodLimit: feed.floodLimit, archive: m.archive, stories: stories, isCancelled: { stop.isSet })
        } catch {
            return failure(error, stop: stop)
        }
        if ingest.held > 0 {
            logger.warning("""
                feed \(feed.name) is flooding: \(ingest.held) alert(s) held, past its limit of \(feed.floodLimit) an hour \
                (flood-limit in feeds.conf). They are stored, not lost: see them with `feedwatch alerts --held`, \
                write them to the log with `feedwatch release \(feed.name)`
                """)
        }
        if ingest.possiblyMissed {
            logger.warning("feed \(feed.name): every one of its \(m.parsed.feed.entries.count) items is new: items may have been missed since the last poll (poll it more often)")
        }
        // Delivery is woken when alerts were stored: a wake per poll read the
        // undelivered alerts after every commit (1.3-1.5 % of a poll's CPU).
        // Retries and released alerts have their own wakes (timer, SIGHUP).
        guard !ingest.alerts.isEmpty else { return .read(m.parsed, ingest) }
        do {
            let delivered = try delivery.deliverSoon(now: now())
            if !delivered.isEmpty { logger.info("feed \(feed.name): \(ingest.new) new, \(delivered.count) alert(s) written") }
        } catch {
            logger.error("cannot deliver alerts: \(error)")
        }
        return .read(m.parsed, ingest)
    }

    /// A store failure of a poll: shutdown's, this machine's, or the poll's.
    private func failure(_ error: StoreError, stop: CancelFlag) -> Reading {
        if stop.isSet { return .abandoned }
        // The store could not open a file: this machine's fault, not the feed's.
        if FeedFetcher.descriptorsExhausted() { return .deferred("\(error) (no file descriptor left)") }
        return .failed("\(error)")
    }

    /// On a commit thread: the write waits for the store's writer (or for the
    /// poll whose record leads the batch it joins), which on the cooperative
    /// pool held up every other task, fetches and timers included.
    private func save(_ feed: FeedsConfig.Feed, _ record: PollRecord) async {
        await WorkerPool.commits.run { [store, logger] in
            do {
                try store.record(feed: feed.name, record)
            } catch {
                logger.error("\(error)")
            }
        }
    }

    /// The topics each entry matches, among those that apply to this feed.
    /// `language`: the feed's own, else feeds.conf's `lang =` (an entry's own wins).
    /// nil when `stop` was set (checked between entries). `archive`: what the
    /// store keeps of each, by identity.
    private func matches(_ entries: [Entry], feed: FeedsConfig.Feed, language: String?, stop: CancelFlag,
                         archive: inout [String: ArchivedArticle]) -> [[TopicMatch]]? {
        var out: [[TopicMatch]] = []
        out.reserveCapacity(entries.count)
        for e in entries {
            if stop.isSet { return nil }
            let (text, kept) = ArchiveText.prepare(e, feed: feed.name, language: language, level: feed.archive, reading: index.fieldsRead)
            if let kept { archive[feed.identity.identity(of: e)] = kept }
            // Tagged once, for the topics and the story print alike.
            let article = index.readyToMatch(text)
            let found = index.match(article, feed: feed.name, tags: feed.tags)
            // Only what matched a topic with stories pays for a print.
            let print = found.contains { storyTopics.contains($0.topic) } ? StoryIndex.print(article, index: index, link: e.link) : nil
            out.append(found.map { m in
                TopicMatch(topic: m.topic, matched: m.hits.map { MatchedTerm(term: $0.term, field: $0.field.rawValue, offset: $0.offset) },
                           story: storyTopics.contains(m.topic) ? print : nil)
            })
        }
        return out
    }
}

/// Whether a poll took a permit of the pipeline's gate (only once its
/// transfer started), so that it gives back exactly what it took.
private final class Admission: Sendable {
    private let state = Mutex(false)
    var taken: Bool { state.withLock { $0 } }
    func take() { state.withLock { $0 = true } }
}
