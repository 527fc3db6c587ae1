import FeedsConf
import FeedwatchTestSupport
import Testing
@testable import FeedwatchDaemon

/// What a reload's one line says changed.
@Suite("Reload: what changed")
struct ConfigDiffTests {
    static let base = "[feed a]\nurl = https://example.org/a\n\n[topic t]\nquery = kim\n"

    static func config(_ text: String) throws -> FeedsConfig {
        try FeedsConf.parse(text, file: TemporaryDirectory().file("feeds.conf"))
    }

    @Test("a topic whose sinks, stories or backfill change is a changed topic; so is a change of archive or sinks in defaults")
    func topicOptions() throws {
        let old = try Self.config(Self.base)
        for extra in ["stories = no\n", "backfill = 7d\n", "story-updates = 5\n"] {
            let diff = ConfigDiff(from: old, to: try Self.config(Self.base + extra))
            #expect(diff.topicsChanged == ["t"], "\(extra)")
        }
        let archived = ConfigDiff(from: old, to: try Self.config("[defaults]\narchive = off\n\n" + Self.base))
        #expect(archived.otherChanges && archived.summary == "defaults changed")
        #expect(ConfigDiff(from: old, to: try Self.config(Self.base)).summary == "no changes")
    }

    @Test("against the record the daemon keeps of the old topics (their definitions dropped) a reload sees what changed, was added and removed")
    func keptRecord() throws {
        let old = try Self.config(Self.base + "\n[topic u]\nquery = putin\n\n[topic v]\nquery = xi\ntitle = Xi\n")
        let record = ConfigDiff.Topics(old.topics)
        let new = try Self.config(Self.base + "\n[topic u]\nquery = putin OR lavrov\n\n[topic v]\nquery = xi\ntitle = Xi\n\n[topic w]\nquery = moon\n")
        let diff = ConfigDiff(from: old.droppingTopics, topics: record, to: new)
        #expect(old.droppingTopics.topics.isEmpty)
        #expect(diff.topicsChanged == ["u"] && diff.topicsAdded == ["w"] && diff.topicsRemoved.isEmpty)
        #expect(diff == ConfigDiff(from: old, to: new))
        let back = ConfigDiff(from: new.droppingTopics, topics: ConfigDiff.Topics(new.topics), to: old)
        #expect(back.topicsRemoved == ["w"] && back.topicsChanged == ["u"] && back.topicsAdded.isEmpty)
        #expect(ConfigDiff(from: old.droppingTopics, topics: record, to: old).summary == "no changes")
    }
}
