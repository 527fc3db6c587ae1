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

    package init(from old: FeedsConfig, to new: FeedsConfig) {
        let oldFeeds = Dictionary(old.feeds.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let newFeeds = Dictionary(new.feeds.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        feedsAdded = new.feeds.map(\.name).filter { oldFeeds[$0] == nil }
        feedsRemoved = old.feeds.map(\.name).filter { newFeeds[$0] == nil }
        feedsChanged = new.feeds.filter { f in oldFeeds[f.name].map { !Self.same($0, f) } ?? false }.map(\.name)
        let oldTopics = Dictionary(old.topics.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let newTopics = Dictionary(new.topics.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        topicsAdded = new.topics.map(\.name).filter { oldTopics[$0] == nil }
        topicsRemoved = old.topics.map(\.name).filter { newTopics[$0] == nil }
        topicsChanged = new.topics.filter { t in
            oldTopics[t.name].map {
                $0.query != t.query || $0.title != t.title || $0.feeds != t.feeds || $0.tags != t.tags
                    || $0.sinks != t.sinks || $0.stories != t.stories || $0.backfill != t.backfill
            } ?? false
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
