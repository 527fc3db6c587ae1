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
}
