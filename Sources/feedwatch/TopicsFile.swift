import FeedsConf
import TopicMatcher

/// The [topic ...] sections of a feeds.conf, compiled.
enum TopicsFile {
    static func load(_ path: String) throws -> TopicIndex {
        let config = try FeedsConf.load(path, feedsRequired: false)
        return TopicIndex(compiled: config.topics.map { TopicIndex.Topic(name: $0.name, query: $0.compiled) }, entities: config.entities)
    }
}
