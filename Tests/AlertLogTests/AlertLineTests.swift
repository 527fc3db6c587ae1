import FeedModel
import Foundation
import Testing
@testable import AlertLog

@Suite("Alert log lines: untrusted titles never reach the log raw")
struct AlertLineTests {
    static let alert = Alert(id: "0a1b2c3d-42", time: Date(timeIntervalSince1970: 1_795_000_000), topic: "kim-putin-summit",
                             feed: "asia-desk", title: "Kim Jong Un meets Putin", link: "https://ex.org/kim",
                             matched: [MatchedTerm(term: "kim jong un", field: "title", offset: 0),
                                       MatchedTerm(term: "putin", field: "title", offset: 4)])

    @Test("text: time, id, topic, feed, title, link, what matched, tab-separated")
    func text() {
        #expect(AlertLine.text(Self.alert)
            == "2026-11-18T11:06:40Z\t0a1b2c3d-42\tkim-putin-summit\tasia-desk\tKim Jong Un meets Putin\thttps://ex.org/kim\ttitle:\"kim jong un\"@0, title:putin@4")
    }

    @Test("an entity is written with the form the text had, quoted once")
    func entityTerm() {
        let terms = [MatchedTerm(term: "@kim-jong-un \"Kim Dzong Unem\"", field: "title", offset: 3), MatchedTerm(term: "@meeting \"spotkanie\"", field: "summary", offset: 0)]
        #expect(AlertLine.matchedText(terms) == "title:@kim-jong-un \"Kim Dzong Unem\"@3, summary:@meeting \"spotkanie\"@0")
    }

    @Test("JSON lines: the id first, every field, what matched as objects")
    func json() throws {
        let line = AlertLine.json(Self.alert)
        #expect(line.hasPrefix("{\"id\":\"0a1b2c3d-42\",\"time\":\"2026-11-18T11:06:40Z\""))
        let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(o["topic"] as? String == "kim-putin-summit")
        #expect((o["matched"] as? [[String: Any]])?.first?["term"] as? String == "kim jong un")
    }

    @Test("the id is read back from either form, and from nothing else", arguments: [AlertLogFormat.text, .json])
    func idBack(_ format: AlertLogFormat) {
        let line = AlertLine.format(Self.alert, as: format)
        #expect(AlertLine.id(of: Substring(line)) == "0a1b2c3d-42")
        #expect(AlertLine.parse(Substring(line))?.title == "Kim Jong Un meets Putin")
        #expect(AlertLine.id(of: "garbage line") == nil)
        #expect(AlertLine.id(of: "") == nil)
    }

    @Test("a backfilled alert reads back as backfilled, with its story or without one, in either form",
          arguments: [AlertLogFormat.text, .json], [nil, "s-7"])
    func backfilledBack(_ format: AlertLogFormat, _ story: String?) throws {
        var a = Self.alert
        a.backfilled = true
        a.story = story
        let parsed = try #require(AlertLine.parse(Substring(AlertLine.format(a, as: format))))
        #expect(parsed.story == story && parsed.backfilled)
        #expect(AlertLine.parse(Substring(AlertLine.format(Self.alert, as: format)))?.backfilled == false)
    }

    static let hostile: [(String, String)] = [
        ("Kim\u{1B}[2J\u{1B}[31mred\u{1B}[0m", "Kim red"),
        ("a\nforged\t2026-01-01T00:00:00Z\tline", "a forged 2026-01-01T00:00:00Z line"),
        ("title\u{1B}]0;pwned window title\u{07}end", "title end"),
        ("evil \u{202E}gpj.exe\u{202C} name", "evil gpj.exe name"),
        ("c1\u{9B}31mcsi and \u{85}nel", "c1 csi and nel"),
        ("bell\u{07} del\u{7F} cr\r", "bell del cr"),
        ("line\u{2028}sep", "line sep"),
        ("Ким Чен Ын  —  김정은", "Ким Чен Ын — 김정은"),
    ]

    @Test("escape sequences, control characters, newlines and bidi overrides are cleaned", arguments: hostile)
    func cleaned(_ title: String, _ expected: String) throws {
        #expect(UntrustedText.clean(title) == expected)
        var a = Self.alert
        a.title = title
        for format in [AlertLogFormat.text, .json] {
            let line = AlertLine.format(a, as: format)
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E })
            if format == .text { #expect(line.split(separator: "\t", omittingEmptySubsequences: false).count == 7) }
            #expect(AlertLine.parse(Substring(line))?.title == expected)
        }
    }
}
