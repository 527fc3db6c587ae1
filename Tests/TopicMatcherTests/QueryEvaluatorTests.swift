import FeedParser
import Testing
@testable import TopicMatcher

@Suite("Query semantics: regions, NEAR, fields, NOT")
struct QueryEvaluatorTests {
    static func article(title: String = "", summary: String = "", content: String = "", link: String = "",
                        feed: String = "", authors: [String] = [], categories: [String] = []) -> ArticleText {
        ArticleText(id: "x", title: title, summary: PlainText.fromHTML(summary), content: PlainText.fromHTML(content), link: link,
                    feed: feed, authors: authors, categories: categories)
    }

    static func matches(_ q: String, _ a: ArticleText) throws -> Bool {
        QueryEvaluator.matches(try QueryParser.parse(q), in: a)
    }

    @Test("spelling variants are the same tokens", arguments: [
        "Kim Jong-un met Putin", "KIM JONG UN met Putin", "Kim Jong\u{2011}un met Putin", "Kim  Jong Un met Putin",
        "kim jong‐un met putin",
    ])
    func variants(_ title: String) throws {
        #expect(try Self.matches("\"Kim Jong Un\" NEAR/3 Putin", Self.article(title: title)))
    }

    @Test("NEAR counts the tokens between the two regions, at the boundary")
    func nearBoundary() throws {
        let two = Self.article(title: "kim x y putin")
        let three = Self.article(title: "kim x y z putin")
        #expect(try Self.matches("kim NEAR/2 putin", two))
        #expect(try !Self.matches("kim NEAR/2 putin", three))
        #expect(try Self.matches("kim NEAR/3 putin", three))
        #expect(try Self.matches("kim NEAR/0 putin", Self.article(title: "kim putin")))
        #expect(try Self.matches("putin NEAR/2 kim", two), "either order")
        #expect(try !Self.matches("putin NEAR/2f kim", two), "f: left operand first")
        #expect(try Self.matches("kim NEAR/2f putin", two))
    }

    @Test("NEAR regions must not overlap")
    func nearOverlap() throws {
        #expect(try !Self.matches("\"kim jong\" NEAR/5 jong", Self.article(title: "kim jong")))
        #expect(try Self.matches("\"kim jong\" NEAR/5 jong", Self.article(title: "kim jong and jong")))
    }

    @Test("a phrase or NEAR never spans two fields")
    func fieldsAreSeparate() throws {
        let a = Self.article(title: "talks with kim", summary: "putin arrived")
        #expect(try !Self.matches("kim NEAR/5 putin", a))
        #expect(try !Self.matches("\"kim putin\"", a))
        #expect(try !Self.matches("author:\"ann bob\"", Self.article(authors: ["Ann", "Bob"])), "each author is its own stream")
        #expect(try Self.matches("author:bob", Self.article(authors: ["Ann", "Bob"])))
    }

    @Test("AND holds over the whole item; only inside NEAR must its parts share one field")
    func andAcrossFields() throws {
        #expect(try Self.matches("kim putin", Self.article(title: "putin and kim")))
        #expect(try Self.matches("kim putin", Self.article(title: "kim", summary: "putin")), "Kim in the title, Putin in the summary")
        #expect(try Self.matches("Kim AND Putin", Self.article(title: "Kim arrives", content: "talks with Putin")))
        #expect(try !Self.matches("kim putin", Self.article(title: "kim", link: "https://ex.org/putin")), "the link is not in scope")
        #expect(try Self.matches("(kim putin) NEAR/2 summit", Self.article(title: "kim putin summit")))
        #expect(try !Self.matches("(kim putin) NEAR/2 summit", Self.article(title: "kim a b c d e putin x y z summit")))
        #expect(try !Self.matches("(kim putin) NEAR/5 summit", Self.article(title: "kim summit", summary: "putin")),
                "a NEAR operand's AND needs one region of one field")
        #expect(try Self.matches("(kim OR putin) NEAR/1 summit", Self.article(title: "kim", summary: "putin summit")))
        let hits = QueryEvaluator.explain(try QueryParser.parse("kim AND putin"), in: Self.article(title: "Kim", summary: "Putin, Putin"))
        #expect(hits == [
            QueryEvaluator.Hit(term: "putin", field: .summary, offset: 0), QueryEvaluator.Hit(term: "putin", field: .summary, offset: 1),
            QueryEvaluator.Hit(term: "kim", field: .title, offset: 0),
        ], "the explanation lists the terms of every field that contributed")
    }

    @Test("HTML entities in a CDATA summary are decoded once, by the parser's HTML-to-text")
    func htmlEntitiesInSummaries() throws {
        #expect(try Self.matches("tromsø", Self.article(summary: "<p>Meeting in Troms&oslash;</p>")))
        #expect(try Self.matches("\"ça va\"", Self.article(summary: "&ccedil;a&nbsp;va")))
        #expect(try !Self.matches("oslash", Self.article(summary: "<b>Troms&oslash;</b>")))
    }

    @Test("field scopes: unscoped words search title, summary and content; inner scopes win")
    func scopes() throws {
        let a = Self.article(title: "Summit news", summary: "<p>Kim <b>arrived</b></p>", link: "https://ex.org/kim-putin",
                             feed: "World Briefing", categories: ["North Korea"])
        #expect(try Self.matches("kim arrived", a), "HTML is matched as text")
        #expect(try !Self.matches("title:kim", a))
        #expect(try Self.matches("link:putin", a))
        #expect(try !Self.matches("putin", a), "links are not searched unscoped")
        #expect(try Self.matches("feed:briefing", a))
        #expect(try Self.matches("category:\"north korea\"", a))
        #expect(try Self.matches("title:(summit OR summary:kim)", a))
        #expect(try Self.matches("summary:(kim AND title:summit)", a), "AND holds across fields, each operand in its own scope")
        #expect(try !Self.matches("summary:(kim AND summit)", a), "summit is not in the summary")
    }

    @Test("NOT holds when its operand matches nowhere in the fields in scope")
    func notSemantics() throws {
        let a = Self.article(title: "Kim Yo Jong warns Seoul", summary: "a statement")
        #expect(try !Self.matches("kim -\"yo jong\"", a))
        #expect(try Self.matches("kim NOT kardashian", a))
        #expect(try Self.matches("title:(kim NOT statement)", a), "statement is outside the title scope")
        #expect(try !Self.matches("kim NOT statement", a))
    }

    @Test("a negation keeps its own scope inside a field or a group (found by fuzzing)")
    func scopedNegations() throws {
        let a = Self.article(title: "Kim Yo Jong warns Seoul", summary: "a statement")
        #expect(try Self.matches("kim title:(-statement)", a), "statement is not in the title")
        #expect(try !Self.matches("kim summary:(-statement)", a))
        #expect(try Self.matches("kim (-putin -trump)", a))
        #expect(try !Self.matches("kim (-putin -seoul)", a))
        #expect(try !Self.matches("kim title:(-putin -seoul)", a))
        #expect(try Self.matches("kim summary:(-putin -seoul)", a))
        let index = try TopicIndex([("t", "kim title:(-statement)"), ("u", "kim (-putin -seoul)")])
        #expect(index.match(a).map(\.topic) == ["t"], "the compiled matcher agrees")
    }

    @Test("a negation straight after a field scope stays a negation")
    func scopedNegationShorthand() throws {
        #expect(try QueryParser.parse("kim title:-putin") == .and([.term("kim", prefix: false), .field(.title, .not(.term("putin", prefix: false)))]))
        #expect(try Self.matches("kim title:-putin", Self.article(title: "Kim arrives", summary: "Putin waits")))
        #expect(try !Self.matches("kim title:-putin", Self.article(title: "Kim meets Putin")))
        #expect(throws: QueryError.self) { try QueryParser.parse("title:-putin") }
    }

    @Test("prefix wildcards, also inside phrases")
    func wildcards() throws {
        let a = Self.article(title: "North Korean leader meets Putin")
        #expect(try Self.matches("meet*", a))
        #expect(try Self.matches("\"North Korea*\"", a))
        #expect(try !Self.matches("meeting*", a))
    }

    @Test("scripts without spaces match inside longer runs")
    func cjk() throws {
        #expect(try Self.matches("\"金正恩\"", Self.article(title: "金正恩与普京会晤")))
        #expect(try Self.matches("\"김정은\"", Self.article(title: "김정은이 푸틴과")))
        #expect(try !Self.matches("プーチン", Self.article(title: "フーチン")))
    }

    @Test("an explanation names each term, its field and its token offset")
    func explanation() throws {
        let q = try QueryParser.parse("\"Kim Jong Un\" NEAR/5 Putin*")
        let hits = QueryEvaluator.explain(q, in: Self.article(title: "Putin hosts Kim Jong Un", summary: "kim"))
        #expect(hits == [
            QueryEvaluator.Hit(term: "putin*", field: .title, offset: 0),
            QueryEvaluator.Hit(term: "kim jong un", field: .title, offset: 2),
        ])
        let cjk = QueryEvaluator.explain(try QueryParser.parse("金正恩 NEAR/10 普京"), in: Self.article(title: "金正恩与普京会晤"))
        #expect(cjk.map(\.term) == ["金正恩", "普京"], "characters of one phrase are shown together")
    }
}
