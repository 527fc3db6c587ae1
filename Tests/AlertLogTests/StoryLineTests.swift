import FeedModel
import AlertLog
import Foundation
import Testing

@Suite("Alert and story lines with stories")
struct StoryLineTests {
    static let t = Date(timeIntervalSince1970: 1_790_000_000)
    static let grew = Alert(id: "0a1b2c3d-9", time: t, topic: "kim-putin-summit", feed: "tass", title: "Путин и Ким провели переговоры",
                            link: "https://tass.example/1", matched: [], story: "s-41",
                            growth: StoryGrowth(sources: 10, languages: 4, firstTitle: "Kim and Putin meet\tat Vostochny"))

    @Test("a story line says the story, its topic, how far it grew, its first and latest title; reconciliation reads its id")
    func storyLine() throws {
        let text = AlertLine.format(Self.grew, as: .text)
        #expect(text == "2026-09-21T14:13:20Z\t0a1b2c3d-9\tstory s-41 · kim-putin-summit · now 10 sources in 4 languages · "
                + "first: Kim and Putin meet at Vostochny · latest: Путин и Ким провели переговоры https://tass.example/1")
        #expect(AlertLine.id(of: Substring(text)) == "0a1b2c3d-9")
        let json = AlertLine.format(Self.grew, as: .json)
        #expect(AlertLine.id(of: Substring(json)) == "0a1b2c3d-9")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(o["kind"] as? String == "story" && o["sources"] as? Int == 10 && o["languages"] as? Int == 4 && o["story"] as? String == "s-41")
        for line in [text, json] {
            let parsed = try #require(AlertLine.parse(Substring(line)))
            #expect(parsed.isStoryLine && parsed.story == "s-41" && parsed.title.hasPrefix("story s-41 · kim-putin-summit · now 10 sources"))
        }
    }

    @Test("an alert that began a story carries its id: last in the text form, a key in JSON; without stories the line is as before")
    func alertWithStory() throws {
        var a = Self.grew
        a.growth = nil
        let text = AlertLine.format(a, as: .text)
        #expect(text.split(separator: "\t", omittingEmptySubsequences: false).count == 8 && text.hasSuffix("\ts-41"))
        #expect(AlertLine.parse(Substring(text))?.story == "s-41")
        #expect(AlertLine.parse(Substring(AlertLine.format(a, as: .json)))?.story == "s-41")
        a.story = nil
        #expect(AlertLine.format(a, as: .text).split(separator: "\t", omittingEmptySubsequences: false).count == 7)
        #expect(!AlertLine.format(a, as: .json).contains("story"))
    }
}
