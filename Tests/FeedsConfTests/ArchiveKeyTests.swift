import FeedModel
import FeedsConf
import Testing

@Suite("feeds.conf: archive = and backfill =")
struct ArchiveKeyTests {
    @Test("archive defaults to full, is set in [defaults] and per feed; backfill is a topic's duration")
    func values() throws {
        let c = try FeedsConf.parse("""
            [defaults]
            archive = titles
            [feed a]
            url = https://x.org/a
            [feed b]
            url = https://x.org/b
            archive = off
            [topic t]
            query = summit
            backfill = 7d
            [topic u]
            query = talks
            """, file: "feeds.conf")
        #expect(c.defaults.archive == .titles)
        #expect(c.feeds.map(\.archive) == [.titles, .off])
        #expect(c.topics.map(\.backfill) == [7 * 86400, nil])
        #expect(try FeedsConf.parse("[feed a]\nurl = https://x.org/a\n", file: "f").feeds[0].archive == .full)
    }

    static let bad: [(String, Int, Int, String)] = [
        ("[defaults]\narchive = some\n", 2, 11, "archive is full, titles or off, not 'some'"),
        ("[feed a]\nurl = https://x.org/a\narchive = yes\n", 3, 11, "archive is full, titles or off"),
        ("[feed a]\nurl = https://x.org/a\n[topic t]\nquery = a\nbackfill = week\n", 5, 12, "not a duration"),
    ]

    @Test("a bad archive or backfill value is named with file:line:column", arguments: bad)
    func errors(_ text: String, _ line: Int, _ column: Int, _ fragment: String) {
        do {
            _ = try FeedsConf.parse(text, file: "feeds.conf")
            Issue.record("expected an error")
        } catch {
            let first = error.errors[0]
            #expect(first.line == line && first.column == column, "\(first)")
            #expect(first.message.contains(fragment), "\(first.message)")
        }
    }
}
