import FeedsConf
import Foundation
import Testing
import TopicMatcher

@Suite("feeds.conf: [entity] sections and lang =")
struct EntitySectionTests {
    static let conf = """
        [feed minsk]
        url = https://example.org/by.rss
        lang = be

        [entity roman-protasevich]
        alias   = Roman Protasevich | Raman Pratasevich | Раман Пратасевіч
                | Роман Протасевич
        weak    = Protasevich | Пратасевич
        block   = Protasevich Street
        role    = Belarusian opposition blogger [2020..2021-05-23]

        [topic protasevich]
        query = @roman-protasevich AND @"Raman Pratasevich"
        """

    @Test("an entity section defines aliases of every kind, continuation lines included, and topics may name it")
    func defines() throws {
        let config = try FeedsConf.parse(Self.conf, file: "feeds.conf")
        #expect(config.feeds.first?.language == "be")
        let d = try #require(config.entities.definition("roman-protasevich"))
        #expect(d.aliases.filter { $0.kind == .strong }.map(\.text) == ["Roman Protasevich", "Raman Pratasevich", "Раман Пратасевіч", "Роман Протасевич"])
        #expect(d.aliases.filter { $0.kind == .weak }.count == 2)
        #expect(d.aliases.first { $0.kind == .role }?.dates.count == 1)
        #expect(config.topics.first?.compiled == .and([.entity("roman-protasevich"), .entity("roman-protasevich")]))
        var a = ArticleText(id: "1", title: "Роман Протасевич освобождён", summary: "Protasevich", content: nil, link: nil, feed: nil)
        a.tag(with: config.entities)
        #expect(a.entitiesFound.map(\.id) == ["roman-protasevich", "roman-protasevich"], "the weak alias beside the strong one")
    }

    @Test("mistakes in entity sections name file, line and column", arguments: [
        ("[entity Bad_Id]\nalias = x", "feeds.conf:1:9: 'Bad_Id' is not an entity id"),
        ("[entity x]\nalias = a || b", "feeds.conf:2:12: an empty alias between '|'s"),
        ("[entity x]\nalias = a\nrole = President", "feeds.conf:3:8: a role needs the dates it was held"),
        ("[entity x]\nalias = a\nrole = President [2020..soon]", "feeds.conf:3:8: '[2020..soon]' is not a list of dates"),
        ("[entity x]\nweak = a", "feeds.conf:1:1: [entity x] needs an alias = ... line"),
        ("[entity x]\nalias = a\ncontext = atlantis", "feeds.conf:3:1: [entity x] names context 'atlantis', which is no entity"),
        ("[entity x]\nalias = a\ncolour = red", "feeds.conf:3:1: unknown key 'colour' in [entity x]"),
        ("[topic t]\nquery = summit @nobody", "feeds.conf:2:16: bad query in topic 't': no entity 'nobody'"),
        ("[feed f]\nurl = https://e.org/f\nlang = polish!", "feeds.conf:3:8: 'polish!' is not a language code"),
    ])
    func errors(_ text: String, _ expected: String) {
        do {
            _ = try FeedsConf.parse(text + "\n[feed zz]\nurl = https://e.org/z\n", file: "feeds.conf")
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }
}
