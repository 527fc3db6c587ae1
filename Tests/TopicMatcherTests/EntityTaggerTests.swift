import Testing
@testable import TopicMatcher

@Suite("Entities and concepts: alias kinds, inflection, guards")
struct EntityTaggerTests {
    static func found(_ title: String, summary: String = "", lang: String? = nil, date: String? = nil) -> [String] {
        TestCatalog.found(title, summary: summary, lang: lang, date: date)
    }

    @Test("the test data reads without a problem")
    func dataReads() throws {
        let (defs, errors) = EntityDataReader.read(TestCatalog.entities, file: "t")
        #expect(errors.isEmpty)
        #expect(defs.count == 9)
        _ = try InflectionRules(TestCatalog.inflection, file: "t")
    }

    @Test("a strong alias counts alone, in any script")
    func strong() {
        #expect(Self.found("Kim Jong-un arrives") == ["kim-jong-un"])
        #expect(Self.found("Ким Чен Ын прибыл") == ["kim-jong-un"])
        #expect(Self.found("Putin speaks") == ["vladimir-putin"])
    }

    @Test("a weak alias counts only beside a strong or role alias of its entity, or its context")
    func weak() {
        #expect(Self.found("Kim arrives in Moscow").isEmpty, "Kim alone is anyone")
        #expect(Self.found("Kim arrives", summary: "Kim Jong Un met Putin").sorted() == ["kim-jong-un", "kim-jong-un", "vladimir-putin"])
        #expect(Self.found("Kim arrives", summary: "a train from North Korea").sorted() == ["kim-jong-un", "north-korea"],
                "the declared context")
        #expect(Self.found("Theresa May and May Day").sorted() == ["may", "may"])
        #expect(Self.found("May Day").isEmpty)
    }

    @Test("a block alias claims its span first")
    func block() {
        #expect(Self.found("Kim Yo Jong warns Seoul", summary: "North Korea").sorted() == ["north-korea"],
                "the Kim of Kim Yo Jong is not the weak Kim of Kim Jong Un")
        #expect(Self.found("Kim Kardashian visits North Korea") == ["north-korea"])
    }

    @Test("a role alias counts only within its dates")
    func role() {
        #expect(Self.found("Russian President meets Kim", date: "2023-09-13").contains("vladimir-putin"))
        #expect(Self.found("Russian President meets Kim", date: "2010-01-01").isEmpty, "Medvedev's term")
        #expect(Self.found("North Korean leader", date: "2005-01-01").isEmpty, "Kim Jong Il's time")
        #expect(Self.found("North Korean leader visits", date: "2019-04-25") == ["kim-jong-un"])
    }

    @Test("names take their case endings per the item's language", arguments: [
        ("spotkanie z Putinem", "pl"), ("rozmowa Putina", "pl"), ("list do Putinowi", "pl"), ("z Kim Dzong Unem", "pl"),
        ("встреча с Путиным", "ru"), ("письмо Путину", "ru"), ("وبوتين", "ar"),
    ])
    func inflected(_ text: String, _ lang: String) {
        #expect(!Self.found(text, lang: lang).isEmpty, "\(text)")
    }

    @Test("without a language, the rules of the token's script apply")
    func byScript() {
        #expect(Self.found("встреча с Путиным") == ["vladimir-putin"])
        #expect(Self.found("spotkanie z Putinem") == ["vladimir-putin"])
    }

    @Test("a word in another script than the item's language takes the rules of its script")
    func otherScript() {
        #expect(Self.found("встреча с Путиным", lang: "en") == ["vladimir-putin"], "a Russian headline in a feed that says en")
        #expect(Self.found("spotkanie z Putinem", lang: "en").isEmpty, "a Latin word in an English item takes English rules (none)")
    }

    @Test("replacement rules and irregular forms from the data")
    func replacements() {
        #expect(Self.found("wizyta w Rosji", lang: "pl") == ["russia"])
        #expect(Self.found("w Niemczech", lang: "pl") == ["germany"], "an irregular form listed as an alias")
        #expect(Self.found("в России", lang: "ru") == ["russia"])
    }

    @Test("guards: short words do not over-match")
    func guards() {
        #expect(Self.found("unie", lang: "pl").isEmpty, "a one-word alias of 2 letters takes no endings")
        #expect(Self.found("Rosją", lang: "pl") == ["russia"], "5 letters take replacements")
        #expect(Self.found("kima", lang: "pl").isEmpty)
        #expect(Self.found("Putin", lang: "en") == ["vladimir-putin"])
        #expect(Self.found("Putinem", lang: "en").isEmpty, "English has no ending table")
    }

    @Test("a weak alias counts only in items of a language it is listed for, and context only from the text")
    func weakLanguage() {
        #expect(Self.found("Theresa May and May Day", lang: "en").sorted() == ["may", "may"])
        #expect(Self.found("Theresa May i May", lang: "pl") == ["may"], "May is listed as English only")
        var a = ArticleText(id: "x", title: "Kim arrives", summary: nil, content: nil, link: "https://ex.org/north-korea", feed: "North Korea news")
        a.tag(with: TestCatalog.catalog)
        #expect(!a.entitiesFound.contains { $0.id == "kim-jong-un" }, "the feed's name and the link are not the item's text")
    }

    @Test("a block alias claims its span from its own entity's alias of the same length")
    func blockTie() {
        let (defs, _) = EntityDataReader.read("""
            roman-protasevich\ttype\t*\tperson
            roman-protasevich\tstrong\tpl\tProtasevich
            roman-protasevich\tblock\tpl\tProtasevicha
            """, file: "t")
        let catalog = EntityCatalog(defs, rules: TestCatalog.catalog.inflectionRules)
        #expect(TestCatalog.found("ulica Protasevicha", lang: "pl", in: catalog).isEmpty)
        #expect(TestCatalog.found("z Protasevichem", lang: "pl", in: catalog) == ["roman-protasevich"])
    }

    @Test("bad data rows are named: an alias of no letters, a day that is no day, a range that ends before it starts")
    func badRows() {
        let text = """
            x\ttype\t*\tperson
            x\tstrong\ten\t***
            x\trole\ten\tPresident\t2021-02-30..
            x\trole\ten\tPresident\t2020..2010
            x\tstrong\ten\tX Y
            """
        let (defs, errors) = EntityDataReader.read(text, file: "t.tsv")
        #expect(errors.map(\.line) == [2, 3, 4], "\(errors)")
        #expect(errors.first?.message.contains("'***' has no letters or digits") == true, "\(errors)")
        #expect(defs.first?.aliases.map(\.text) == ["X Y"])
        // Straight into a catalog (how the daemon reads the shipped data), and with CRLF line ends: the same rows refused.
        var builder = EntityCatalogBuilder()
        #expect(EntityDataReader.read(text, file: "t.tsv", into: &builder).map(\.line) == [2, 3, 4])
        let crlfText = text.replacingOccurrences(of: "\n", with: "\r\n")
        let crlf = EntityDataReader.read(crlfText, file: "t.tsv")
        #expect(crlf.errors.map(\.line) == [2, 3, 4], "\(crlf.errors)")
        #expect(crlf.entities.first?.aliases.map(\.text) == ["X Y"])
        var crlfBuilder = EntityCatalogBuilder()
        #expect(EntityDataReader.read(crlfText, file: "t.tsv", into: &crlfBuilder).map(\.line) == [2, 3, 4])
        // A '#' with a combining mark is no comment: the row is read, and refused for its id.
        #expect(EntityDataReader.read(text + "\n#\u{301}\ttype\t*\tperson", file: "t.tsv").errors.map(\.line) == [2, 3, 4, 6])
    }

    @Test("columns lose the spaces at their ends, but not a space that a combining mark makes part of a longer character")
    func columnSpaces() {
        let text = "  y \t type\t*\t person  \ny\tstrong\t en \t  Why Zed \t\n \u{301}z\ttype\t*\tperson"
        let (defs, errors) = EntityDataReader.read(text, file: "t.tsv")
        #expect(defs.map(\.id) == ["y"])
        #expect(defs.first?.aliases.map { "\($0.language)|\($0.text)" } == ["en|Why Zed"])
        // The id keeps its " \u{301}" (one Character, not a space), and is refused for it.
        #expect(errors.map(\.line) == [3], "\(errors)")
        #expect(errors.first?.message.hasPrefix("' \u{301}z' is not an id") == true, "\(errors)")
    }

    @Test("a prefix alias matches compounds")
    func prefixAlias() {
        #expect(Self.found("Gipfeltreffen in Wladiwostok") == ["meeting"])
    }

    @Test("@ references: ids, aliases, ambiguity and unknown names are told apart")
    func resolution() throws {
        let c = TestCatalog.catalog
        #expect(c.resolve("kim-jong-un") == .found("kim-jong-un"))
        #expect(c.resolve("Kim Jong-Un") == .found("kim-jong-un"))
        #expect(c.resolve("Putin") == .found("vladimir-putin"))
        #expect(c.resolve("kim-jong") == .unknown(near: ["kim-jong-un"]))
        #expect(c.resolve("Kim") == .unknown(near: ["kim-jong-un"]), "a weak alias alone names no one; its entity is offered")
        #expect(try QueryParser.parse("@Putin AND @\"Kim Jong Un\"", entities: c) == .and([.entity("vladimir-putin"), .entity("kim-jong-un")]))
        #expect(throws: QueryError.self) { try QueryParser.parse("@nobody", entities: c) }
        do {
            _ = try QueryParser.parse("summit @kim-jong", entities: c)
        } catch {
            #expect(error.column == 8)
            #expect(error.message.contains("@kim-jong-un"))
        }
    }

    @Test("topics see entities as terms: presearch, scope, NEAR, NOT and explanations")
    func inTopics() throws {
        let index = try TopicIndex([("summit", "@kim-jong-un AND @vladimir-putin AND @meeting"), ("near", "@kim-jong-un NEAR/3 @vladimir-putin"),
                                    ("title", "title:@vladimir-putin -@kim-jong-un"), ("other", "@may")], entities: TestCatalog.catalog)
        let a = ArticleText(id: "a", title: "Putin hosts Kim Dzong Unem", summary: "the meeting at Vostochny", content: nil, link: nil, feed: nil,
                            language: "pl")
        #expect(index.candidates(a) == [0, 1, 2])
        let m = index.match(a)
        #expect(m.map(\.topic) == ["summit", "near"])
        #expect(m.first?.hits.map(\.term) == ["@meeting \"meeting\"", "@vladimir-putin \"Putin\"", "@kim-jong-un \"Kim Dzong Unem\""], "the forms as the text wrote them")
        #expect(index.matchBruteForce(a) == ["summit", "near"])
    }
}
