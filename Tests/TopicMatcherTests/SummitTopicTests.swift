import FeedParser
import Foundation
import Testing
@testable import TopicMatcher

/// The bundled topic, as a user wrote it in feeds.conf, against the bundled samples.
@Suite("The kim-putin-summit topic")
struct SummitTopicTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The topic's query from feeds.conf (`query =` and its continuation lines).
    /// (A stand-in until the FeedsConf reader exists.)
    static func summitQuery() throws -> String {
        let lines = try String(contentsOf: root.appendingPathComponent("feeds.conf"), encoding: .utf8).components(separatedBy: "\n")
        guard let section = lines.firstIndex(of: "[topic kim-putin-summit]"),
              let start = lines[section...].firstIndex(where: { $0.hasPrefix("query") }) else { return "" }
        var query = String(lines[start].split(separator: "=", maxSplits: 1)[1])
        var i = start + 1
        while i < lines.count, let first = lines[i].first, first == " " || first == "\t" {
            query += " " + lines[i].trimmingCharacters(in: .whitespaces)
            i += 1
        }
        return query
    }

    @Test("catches the summit in English, Korean, Russian, Japanese and Chinese, and none of the look-alikes")
    func samples() throws {
        let index = try TopicIndex([("kim-putin-summit", try Self.summitQuery())])
        var hits: [String] = []
        for file in ["samples/world-briefing.xml", "samples/asia-desk.atom"] {
            let parsed = try FeedParser.parse(contentsOf: Self.root.appendingPathComponent(file).path)
            for e in parsed.feed.entries where !index.match(ArticleText(entry: e, feed: parsed.feed.title ?? "", language: parsed.feed.language, plainText: PlainText.fromHTML)).isEmpty {
                hits.append(e.title ?? "")
            }
        }
        #expect(hits.sorted() == [
            "Kim Jong-un arrives in Vladivostok for summit with Putin",
            "Putin hosts Kim Jong Un at the Vostochny cosmodrome",
            "Ким Чен Ын прибыл во Владивосток на встречу с Путиным",
            "金正恩抵达符拉迪沃斯托克 将与普京举行会晤",
            "金正恩氏、ウラジオストク到着 プーチン大統領と首脳会談へ",
            "김정은, 블라디보스토크 도착…푸틴 대통령과 정상회담",
        ].sorted())
    }
}
