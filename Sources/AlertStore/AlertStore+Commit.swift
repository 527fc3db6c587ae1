import FeedModel
import FeedwatchSupport
import Foundation
import GRDB

extension AlertStore {
    /// One poll of `feed` in one short write transaction: entries whose identity
    /// the feed has not shown before are new (checked again here, so the read
    /// before matching can be stale), known ones are marked as still in the feed,
    /// a known one with another title is an update. `matches` are the topics of
    /// the new entries by identity, matched beforehand. An alert is stored once
    /// per topic and article, however many feeds carry the article (the unique
    /// key decides, so two feeds committing the same article alert once).
    /// Nothing is stored if anything fails. Polls committing at once share
    /// one transaction (`CommitQueue`): each poll's transaction rewrote the
    /// same index pages into the WAL, most of what a first poll wrote.
    /// `isCancelled` is asked every thousand entries: true rolls the whole poll back.
    /// `floodLimit`: alerts of this feed stored in the hour before `now` past
    /// which new ones are stored held (0: no limit). `archive`: what to keep of
    /// the new entries' articles, by identity (none: archive = off).
    /// `stories`: the open stories, for matches that carry a story print.
    package func commit(feed: String, entries: [Entry], identity: IdentityRule, now: Date,
                        matches: [String: [TopicMatch]], floodLimit: Int = 0, archive: [String: ArchivedArticle] = [:],
                        stories: (any StoryAssigning)? = nil,
                        isCancelled: () -> Bool = { false }) throws(StoreError) -> IngestResult {
        // Before the open stories' lock and the writer's: what needs no database.
        let poll = try PreparedPoll(entries: entries, identity: identity, matches: matches, archive: archive, stories: stories != nil,
                                    stopped: { Self.stopped(feed) }, isCancelled: isCancelled)
        let job = PollCommit(feed: feed, poll: poll, entriesListed: !entries.isEmpty, now: now, floodLimit: floodLimit,
                             archive: archive, stories: stories)
        switch commits.submit(job, key: stories.map(ObjectIdentifier.init), run: { storeBatch($0, isCancelled: isCancelled) }) {
        case .done(let result): return result
        case .failed(let error): throw error
        case .alone: return try storeAlone(job, isCancelled: isCancelled)
        }
    }

    /// One poll's commit as it waits in `commits`.
    struct PollCommit: Sendable {
        var feed: String
        var poll: PreparedPoll
        var entriesListed: Bool
        var now: Date
        var floodLimit: Int
        var archive: [String: ArchivedArticle]
        var stories: (any StoryAssigning)?
    }

    /// The polls of a batch (one `stories` among them) in one write
    /// transaction; `isCancelled` is the leader's (shutdown stops every poll
    /// at once). When any of them fails none is kept, and each poll is then
    /// stored alone by its own thread, so that one poll's failure never takes
    /// the others' with it.
    private func storeBatch(_ jobs: [PollCommit], isCancelled: () -> Bool) -> [BatchOutcome<IngestResult>] {
        guard jobs.count > 1 else {
            do {
                return [.done(try storeAlone(jobs[0], isCancelled: isCancelled))]
            } catch {
                return [.failed(error)]
            }
        }
        let stories = jobs[0].stories
        stories?.beginTransaction()
        defer { stories?.endTransaction() }
        do {
            let results = try write("store the entries of \(jobs.count) feeds (\(jobs[0].feed) and others)") { db in
                try jobs.map { try storeEntries(db, $0, isCancelled: isCancelled) }
            }
            stories?.commitPending()
            return results.map { .done($0) }
        } catch {
            return jobs.map { _ in .alone }
        }
    }

    /// One poll in a transaction of its own.
    private func storeAlone(_ job: PollCommit, isCancelled: () -> Bool) throws(StoreError) -> IngestResult {
        // What the transaction added to the open stories counts once it has committed.
        job.stories?.beginTransaction()
        defer { job.stories?.endTransaction() }
        let result = try write("store the entries of \(job.feed)") { db in try storeEntries(db, job, isCancelled: isCancelled) }
        job.stories?.commitPending()
        return result
    }

    /// A new entry of the commit: its article, and whether the commit made that article.
    typealias FreshEntry = (item: PreparedPoll.Item, article: Int64, newArticle: Bool)

    /// One poll's entries, articles and alerts, inside the batch's write transaction.
    private func storeEntries(_ db: Database, _ job: PollCommit, isCancelled: () -> Bool) throws -> IngestResult {
        let (feed, poll, archive) = (job.feed, job.poll, job.archive)
        let t = UTCTime.iso8601(job.now)
        let seconds = Int64(job.now.timeIntervalSince1970.rounded(.down))
        guard let (feedID, usualSize) = try FastStatement(db, "SELECT id, entry_count FROM feed WHERE name = ?")
            .run([.text(feed)], row: { ($0.int64(0) ?? 0, Int($0.int64(1) ?? 0)) }) else {
            throw StoreError("feed \(feed) is not registered in the store")
        }
        var result = IngestResult()
        let known = try FastStatement(db, "SELECT title_hash FROM entry WHERE feed_id = ? AND identity = ?")
        let touch = try FastStatement(db, "UPDATE entry SET last_seen = ? WHERE feed_id = ? AND identity = ?")
        let retitle = try FastStatement(db, "UPDATE entry SET last_seen = ?, title_hash = ? WHERE feed_id = ? AND identity = ?")
        let findArticle = try FastStatement(db, "SELECT id FROM article WHERE url_hash = ?")
        // Tried first: most entries are a new article, and the insert finds a known link as the look-up would.
        let addArticle = try FastStatement(db, "INSERT INTO article (url_hash, first_seen) VALUES (?, ?) ON CONFLICT (url_hash) DO NOTHING")
        let addEntry = try FastStatement(db, "INSERT INTO entry (feed_id, identity, article_id, title_hash, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)")
        let keep = archive.isEmpty ? nil : try Self.archiveStatement(db)
        var fresh: [FreshEntry] = []
        var archived: (first: Int64, last: Int64)?
        // A feed with no entries stored (its first poll) knows none of them,
        // read in this transaction: not asked one by one (the items are distinct).
        let knowsNone = try FastStatement(db, "SELECT 1 FROM entry WHERE feed_id = ? LIMIT 1").run([.int(feedID)], row: { _ in true }) == nil
        for (i, item) in poll.items.enumerated() {
            if i & 1023 == 1023, isCancelled() { throw Self.stopped(feed) }
            let id = item.identity, titleHash = item.titleHash
            if !knowsNone, let oldHash = try known.run([.int(feedID), .text(id)], row: { $0.int64(0) }) {
                let retitled = oldHash != titleHash
                if retitled { result.updated += 1 }
                try retitled ? retitle.execute([.int(seconds), .int(titleHash), .int(feedID), .text(id)])
                    : touch.execute([.int(seconds), .int(feedID), .text(id)])
                continue
            }
            let article: Int64, made: Bool
            try addArticle.execute([.int(item.urlHash), .int(seconds)])
            if db.changesCount > 0 {
                (article, made) = (db.lastInsertedRowID, true)
                if let keep, let a = archive[id], let lists = poll.archiveLists[id] {
                    try Self.archive(keep, a, lists: lists, article: article, feed: feed, seconds: seconds, span: &archived)
                }
            } else {
                // The link's article is known (through another feed, or this one's other entry).
                guard let urlHash = item.urlHash, let known = try findArticle.run([.int(urlHash)], row: { $0.int64(0) }) ?? nil else {
                    throw StoreError("the article of \(item.entry.link ?? id) in \(feed) is neither new nor known")
                }
                (article, made) = (known, false)
                result.duplicates += 1
            }
            try addEntry.execute([.int(feedID), .text(id), .int(article), .int(titleHash), .int(seconds), .int(seconds)])
            fresh.append((item, article, made))
        }
        if let archived { try Self.noteArchiveSpan(db, archived, seconds: seconds) }
        result.new = fresh.count
        result.possiblyMissed = usualSize > 0 && job.entriesListed && fresh.count == poll.listed && poll.listed >= usualSize
        try FastStatement(db, "UPDATE feed SET last_content = ?, entry_count = ? WHERE id = ?")
            .execute([.text(t), .int(Int64(poll.listed)), .int(feedID)])
        guard !fresh.isEmpty else { return result }
        try storeAlerts(db, fresh, matches: poll.matches, feed: (feedID, feed), created: (t, Date(timeIntervalSince1970: Double(seconds))),
                        floodLimit: job.floodLimit, stories: job.stories, into: &result)
        return result
    }

    /// The new entries' alerts, once per topic and article; past `floodLimit`
    /// alerts of the feed in the last hour, stored held (counted, not returned).
    private func storeAlerts(_ db: Database, _ fresh: [FreshEntry], matches: [String: [PreparedPoll.Match]],
                             feed: (id: Int64, name: String), created: (text: String, time: Date), floodLimit: Int,
                             stories: (any StoryAssigning)?, into result: inout IngestResult) throws {
        let addAlert = try FastStatement(db, """
            INSERT INTO alert (topic, article_id, feed_id, feed, title, link, matched, created, held, story_id, story_sources, story_languages)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (topic, article_id) DO NOTHING
            """)
        // Counted when the poll has its first alert: most polls have none.
        var lastHour: Int?
        // The (article, topic) pairs this commit has placed: an article it
        // made has no alert or story row of a topic before its first.
        var placed = Set<PlacedMatch>()
        for (item, article, made) in fresh {
            let e = item.entry
            for p in matches[item.identity] ?? [] {
                let m = p.match
                let first = made && placed.insert(PlacedMatch(article: article, topic: m.topic)).inserted
                guard let (story, growth) = try Self.storyColumns(db, e, article: article, match: p, newArticle: first, stories: stories,
                                                                  sources: storySources,
                                                                  feed: feed, created: created) else { continue }
                let inHour = try lastHour ?? (floodLimit > 0 ? Self.alertsInHour(db, feed: feed.name, before: created.time) : 0)
                lastHour = inHour
                let held = floodLimit > 0 && inHour >= floodLimit
                try addAlert.execute([.text(m.topic), .int(article), .int(feed.id), .text(feed.name), .text(e.title), .text(e.link),
                                      .text(p.terms), .text(created.text), .int(held ? 1 : 0), .int(story),
                                      .int(growth.map { Int64($0.sources) }), .int(growth.map { Int64($0.languages) })])
                guard db.changesCount > 0 else { continue }
                lastHour = inHour + 1
                if held {
                    result.held += 1
                    continue
                }
                result.alerts.append(Alert(id: "\(instance)-\(db.lastInsertedRowID)", time: created.time, topic: m.topic, feed: feed.name,
                                           title: e.title, link: e.link, matched: m.matched, story: story.map { "s-\($0)" }, growth: growth))
            }
        }
    }

    /// An article and a topic the commit has placed (`storeAlerts`).
    private struct PlacedMatch: Hashable {
        var article: Int64
        var topic: String
    }
}
