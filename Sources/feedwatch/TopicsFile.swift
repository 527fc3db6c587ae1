import FeedsConf
import TopicMatcher

/// The [topic ...] sections of a feeds.conf, compiled.
enum TopicsFile {
    static func load(_ path: String) throws -> (index: TopicIndex, config: FeedsConfig) {
        let config = try FeedsConf.load(path, feedsRequired: false)
        return (config.topicIndex, config)
    }
}
