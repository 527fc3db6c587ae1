import FeedModel
import Foundation
import TopicMatcher

/// feeds.conf as typed values.
package struct FeedsConfig: Sendable {
    package struct Defaults: Sendable {
        package var interval: TimeInterval = 15 * 60
        package var alertLog: String?
        package var alertLogFormat = AlertLogFormat.text
        package var userAgent: String?
        package var conditionalGet = true
        package var identity = IdentityRule.guid
        /// How long an entry no longer in its feed stays known.
        package var retention: TimeInterval = 90 * 86400
        /// At most this many alerts an hour per feed reach the log; the rest
        /// are stored held (0: no limit).
        package var floodLimit = 200
        /// What of each new article the store keeps.
        package var archive = ArchiveLevel.full
        /// `sinks =`: where alerts of topics that name no sinks go, besides the log.
        package var sinks: [String] = []
        /// `stories`, `story-window`, `story-updates` for topics that do not say.
        package var stories = StoryOptions.standard
    }

    package struct Feed: Sendable {
        package var name: String
        /// Absolute http(s) URL, or a file URL for a path relative to feeds.conf.
        package var url: String
        package var interval: TimeInterval
        package var tags: [String]
        package var identity: IdentityRule
        package var conditionalGet: Bool
        package var userAgent: String?
        package var enabled: Bool
        package var line: Int
        /// `lang =`: the language of its items when neither they nor the feed say.
        package var language: String? = nil
        /// `flood-limit =`: alerts an hour past which its alerts are held (0: none).
        package var floodLimit = 200
        /// `archive =`: what of its new articles the store keeps.
        package var archive = ArchiveLevel.full
    }

    package struct Topic: Sendable {
        package var name: String
        package var title: String
        package var query: String
        package var compiled: QueryNode
        package var feeds: [String]
        package var tags: [String]
        package var line: Int
        /// `backfill = 7d`: when new or changed, matched against this much of the archive.
        package var backfill: TimeInterval? = nil
        /// `sinks =`: where its alerts go besides the log (nil: `[defaults] sinks`).
        package var sinks: [String]? = nil
        /// Resolved: the topic's own, else `[defaults]`'s, else the standard ones.
        package var stories = StoryOptions.standard
    }

    package var defaults = Defaults()
    package var feeds: [Feed] = []
    package var topics: [Topic] = []
    /// Things allowed but worth saying (intervals under a minute).
    package var warnings: [ConfigError] = []
    /// The built-in entities with the `[entity]` sections added; topics were parsed against it.
    package var entities: EntityCatalog = EntityCatalog.builtIn
    package var entityDefinitions: [EntityDefinition] = []
    /// The `[sink NAME]` sections.
    package var sinks: [Sink] = []

    /// This configuration without its topics' definitions, for what outlives
    /// compiling them: a daemon keeps `topicIndex` (built first), and 10,000
    /// parsed topics (query text, title, the array of them) are about 3 MiB
    /// more. Its `topics` is empty: nothing that reads it may get this one.
    package var droppingTopics: FeedsConfig {
        var c = self
        c.topics = []
        return c
    }

    /// The topics compiled with their scopes, against the configured entities:
    /// the one index the daemon and every command match with.
    package var topicIndex: TopicIndex {
        TopicIndex(compiled: topics.map { TopicIndex.Topic(name: $0.name, query: $0.compiled, feeds: Set($0.feeds), tags: Set($0.tags)) },
                   entities: entities)
    }
}
