import FeedsConf
import Testing

@Suite("feeds.conf: stories, story-window, story-updates")
struct StoryOptionsTests {
    @Test("[defaults] sets them for every topic, a topic's own win, and nothing said means stories on, 36h, 3 10 30 100")
    func inheritance() throws {
        let c = try FeedsConf.parse("""
            [defaults]
            story-window = 12h
            story-updates = 5 50

            [topic a]
            query = kim

            [topic b]
            query = putin
            stories = no
            story-updates = none

            [topic c]
            query = xi
            story-window = 2d
            """, file: "/f.conf")
        let o = Dictionary(uniqueKeysWithValues: c.topics.map { ($0.name, $0.stories) })
        #expect(o["a"] == StoryOptions(enabled: true, window: 12 * 3600, updates: [5, 50]))
        #expect(o["b"] == StoryOptions(enabled: false, window: 12 * 3600, updates: []))
        #expect(o["c"] == StoryOptions(enabled: true, window: 2 * 86400, updates: [5, 50]))
        let plain = try FeedsConf.parse("[topic a]\nquery = kim\n", file: "/f.conf")
        #expect(plain.topics[0].stories == StoryOptions(enabled: true, window: 36 * 3600, updates: [3, 10, 30, 100]))
    }

    @Test("a bad value is an error at its file:line:column that says what to write")
    func errors() {
        let text = "[defaults]\nstories = maybe\n\n[topic a]\nquery = kim\nstory-updates = 10 3\nstory-window = soon\n"
        let e = #expect(throws: ConfigErrors.self) { try FeedsConf.parse(text, file: "/f.conf") }
        let messages = e?.errors.map { "\($0)" } ?? []
        #expect(messages.count == 3)
        #expect(messages.contains { $0.hasPrefix("/f.conf:2:11") })
        #expect(messages.contains { $0.hasPrefix("/f.conf:6:17") && $0.contains("rising numbers of sources like 3 10 30, or none") })
        #expect(messages.contains { $0.hasPrefix("/f.conf:7:16") && $0.contains("not a duration") })
    }
}
