import FeedsConf

/// What a reload changes, in one line for the log.
package struct ConfigDiff: Sendable, Equatable {
    package var feedsAdded: [String] = []
    package var feedsRemoved: [String] = []
    package var feedsChanged: [String] = []
    package var topicsAdded: [String] = []
    package var topicsRemoved: [String] = []
    package var topicsChanged: [String] = []
    package var otherChanges = false

    /// What a reload compares the new topics with: each old topic's settings
    /// as one hash, by name, so that the daemon need not keep the parsed
    /// topics beside the compiled ones (10,000 of them are about 3 MiB).
    package struct Topics: Sendable {
        package let names: [String]
        /// In the order of `names` (arrays: a dictionary of 10,000 cost twice as much).
        private let versions: [Int]

        package init(_ topics: [FeedsConfig.Topic]) {
            names = topics.map(\.name)
            versions = topics.map(Self.version)
        }

        /// Every setting a change of which the diff reports (the hash's seed is
        /// the process's: both sides of a reload are hashed in the same one).
        static func version(_ t: FeedsConfig.Topic) -> Int {
            var h = Hasher()
            h.combine(t.query)
            h.combine(t.title)
            h.combine(t.feeds)
            h.combine(t.tags)
            h.combine(t.sinks)
            h.combine(t.stories)
            h.combine(t.backfill)
            return h.finalize()
        }

        /// By name, for one comparison.
        var byName: [String: Int] { Dictionary(zip(names, versions), uniquingKeysWith: { a, _ in a }) }
    }

    package init(from old: FeedsConfig, to new: FeedsConfig) {
        self.init(from: old, topics: Topics(old.topics), to: new)
    }

    /// `oldTopics`: the old configuration's topics (`old.topics` itself is not read).
    package init(from old: FeedsConfig, topics oldTopics: Topics, to new: FeedsConfig) {
        let oldFeeds = Dictionary(old.feeds.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let newFeeds = Dictionary(new.feeds.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        feedsAdded = new.feeds.map(\.name).filter { oldFeeds[$0] == nil }
        feedsRemoved = old.feeds.map(\.name).filter { newFeeds[$0] == nil }
        feedsChanged = new.feeds.filter { f in oldFeeds[f.name].map { !Self.same($0, f) } ?? false }.map(\.name)
        let newTopics = Set(new.topics.map(\.name)), oldVersions = oldTopics.byName
        topicsAdded = new.topics.map(\.name).filter { oldVersions[$0] == nil }
        topicsRemoved = oldTopics.names.filter { !newTopics.contains($0) }
        topicsChanged = new.topics.filter { t in
            oldVersions[t.name].map { $0 != Topics.version(t) } ?? false
        }.map(\.name)
        let a = old.defaults, b = new.defaults
        otherChanges = a.alertLog != b.alertLog || a.alertLogFormat != b.alertLogFormat || a.userAgent != b.userAgent
            || a.retention != b.retention || a.archive != b.archive || a.sinks != b.sinks || a.stories != b.stories
            || new.sinks != old.sinks
    }

    private static func same(_ a: FeedsConfig.Feed, _ b: FeedsConfig.Feed) -> Bool {
        a.url == b.url && a.interval == b.interval && a.tags == b.tags && a.identity == b.identity
            && a.conditionalGet == b.conditionalGet && a.userAgent == b.userAgent && a.enabled == b.enabled
    }

    /// `feeds: +2 (a, b), -1 (c), ~1 (d); topics: +1 (x); defaults changed`, or `no changes`.
    package var summary: String {
        func part(_ sign: String, _ names: [String]) -> String? {
            names.isEmpty ? nil : "\(sign)\(names.count) (\(names.prefix(5).joined(separator: ", "))\(names.count > 5 ? ", …" : ""))"
        }
        var parts: [String] = []
        let feeds = [part("+", feedsAdded), part("-", feedsRemoved), part("~", feedsChanged)].compactMap { $0 }
        if !feeds.isEmpty { parts.append("feeds: " + feeds.joined(separator: ", ")) }
        let topics = [part("+", topicsAdded), part("-", topicsRemoved), part("~", topicsChanged)].compactMap { $0 }
        if !topics.isEmpty { parts.append("topics: " + topics.joined(separator: ", ")) }
        if otherChanges { parts.append("defaults changed") }
        return parts.isEmpty ? "no changes" : parts.joined(separator: "; ")
    }
}
