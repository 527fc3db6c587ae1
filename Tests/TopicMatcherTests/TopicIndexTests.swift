import FeedwatchTestSupport
import Testing
@testable import TopicMatcher

@Suite("Topic index: the presearch never drops a true match")
struct TopicIndexTests {
    typealias Random = SplitMix64

    static let words = ["kim", "jong", "un", "putin", "summit", "meeting", "meets", "talks", "korea", "north", "russia",
                        "leader", "visit", "visiting", "xi", "trump", "seoul", "moscow", "pyongyang", "train",
                        "Путин", "путина", "Čong", "김정은", "東京", "putinem", "yo", "may", "@kim-jong-un", "@vladimir-putin",
                        "@north-korea", "@meeting"]

    static func query(_ r: inout Random, depth: Int = 0) -> String {
        let w = words[r.int(words.count)]
        let leaf: String
        switch r.int(4) {
        case 0: leaf = w.count >= 4 && r.int(2) == 0 && !w.hasPrefix("@") ? String(w.prefix(3 + r.int(w.count - 2))) + "*" : w
        case 1 where !w.hasPrefix("@"): leaf = "\"\(w) \(words[r.int(words.count)].replacingOccurrences(of: "@", with: ""))\""
        case 2 where depth < 2: leaf = "(" + query(&r, depth: depth + 1) + ")"
        default: leaf = w
        }
        guard depth < 3 else { return leaf }
        switch r.int(6) {
        case 0: return leaf + " OR " + query(&r, depth: depth + 1)
        case 1: return leaf + " " + query(&r, depth: depth + 1)
        case 2: return leaf + " NEAR/\(r.int(6))\(r.int(2) == 0 ? "f" : "") " + words[r.int(words.count)]
        case 3:
            // Negations, also scoped or grouped: -w, title:(-w -v), (-w -v).
            let negated = "-" + words[r.int(words.count)] + (r.int(2) == 0 ? "" : " -" + words[r.int(words.count)])
            return leaf + [" " + negated, " title:(" + negated + ")", " (" + negated + ")"][r.int(3)]
        case 4: return ["title:", "summary:", "author:", "category:"][r.int(4)] + leaf
        default: return leaf
        }
    }

    @Test("random topics and articles: the compiled, presearched matcher equals the reference evaluator, explanations too")
    func indexedEqualsBruteForce() throws {
        var r = Random(state: 20261129)
        var definitions: [(name: String, query: String)] = []
        while definitions.count < 400 {
            let q = Self.query(&r)
            if (try? QueryParser.parse(q, entities: TestCatalog.catalog)) != nil { definitions.append(("t\(definitions.count)", q)) }
        }
        let index = try TopicIndex(definitions, entities: TestCatalog.catalog)
        var matched = 0
        for i in 0..<300 {
            // Article words: the query words, with entity aliases in place of the references.
            let aliases = ["@kim-jong-un": "Kim Jong Un", "@vladimir-putin": "Russian President", "@north-korea": "North Korea",
                           "@meeting": "meeting"]
            func text(_ n: Int) -> String {
                (0..<n).map { _ in let w = Self.words[r.int(Self.words.count)]; return aliases[w] ?? w }.joined(separator: " ")
            }
            // Every tenth article has more than 64 streams (the slow path without stream bits).
            let categories = (0..<(i % 10 == 0 ? 70 : r.int(3))).map { _ in text(2) }
            let article = ArticleText(id: "a\(i)", title: text(6), summary: text(20), content: text(r.int(2) == 0 ? 0 : 40),
                                      link: nil, feed: "feed", authors: [text(2)], categories: categories,
                                      language: ["pl", "ru", nil][r.int(3)])
            let fast = index.match(article)
            let slow = index.matchBruteForce(article)
            #expect(fast.map(\.topic) == slow, "article \(i): \((0..<article.streamCount).map { article.tokens(stream: $0) })")
            for m in fast {
                let query = try #require(index.topics.first { $0.name == m.topic }).query
                #expect(m.hits == QueryEvaluator.explain(query, in: index.tagged(article)), "article \(i), topic \(m.topic)")
            }
            matched += slow.count
        }
        #expect(matched > 100, "the workload must actually match")
    }

    @Test("the presearch files a topic under the words every match needs")
    func presearchKeys() throws {
        let index = try TopicIndex([("a", "summit* AND (moscow OR putin)"), ("b", "\"north korea\" NEAR/3 leader"),
                                    ("c", "xi"), ("d", "kim AND (moscow OR summit*)")])
        let article = ArticleText(id: "x", title: "Summits in Moscow", summary: "North Korea and its leader", content: nil,
                                  link: nil, feed: nil)
        #expect(index.candidates(article) == [0, 1], "a by summit*, b by one word of its phrase; c and d (filed under kim) not")
        #expect(index.match(article).map(\.topic) == ["a", "b"])
    }

    @Test("an article folded only for the fields its topics read matches, and explains, as the whole article does")
    func unreadFieldsLeftOut() throws {
        var r = Random(state: 20261204)
        var scoped: [(name: String, query: String)] = [("l", "link:pyongyang OR feed:moscow"), ("f", "feed:(seoul train)")]
        while scoped.count < 300 {
            let q = Self.query(&r)
            if (try? QueryParser.parse(q, entities: TestCatalog.catalog)) != nil { scoped.append(("t\(scoped.count)", q)) }
        }
        // The same kind of topics without a word scoped beyond title, summary and content.
        let plain = scoped.filter { !$0.query.contains("author:") && !$0.query.contains("category:") && !$0.query.contains("link:")
            && !$0.query.contains("feed:") }
        let all = try TopicIndex(scoped, entities: TestCatalog.catalog), few = try TopicIndex(plain, entities: TestCatalog.catalog)
        #expect(few.fieldsRead == [.title, .summary, .content])
        #expect(all.fieldsRead == [.title, .summary, .content, .link, .feed, .author, .category])
        let one = try TopicIndex([("a", "kim AND author:(putin OR xi) AND NOT link:moscow")], entities: TestCatalog.catalog)
        #expect(one.fieldsRead == [.title, .summary, .content, .author, .link], "a negated scope reads its field too")
        var matched = (all: 0, few: 0)
        for i in 0..<300 {
            func text(_ n: Int) -> String { (0..<n).map { _ in Self.words[r.int(Self.words.count)] }.joined(separator: " ") }
            func article(reading: Set<QueryField>?) -> ArticleText {
                ArticleText(id: "a\(i)", title: text(6), summary: text(20), content: text(r.int(2) == 0 ? 0 : 40),
                            link: "https://news.example/" + text(3).replacingOccurrences(of: " ", with: "/"), feed: text(2),
                            authors: [text(2)], categories: (0..<r.int(3)).map { _ in text(2) }, language: ["pl", "ru", nil][r.int(3)],
                            reading: reading)
            }
            for index in [all, few] {
                // The same words each way: the generator is rewound for the second article.
                let start = r
                let whole = article(reading: nil)
                r = start
                let folded = article(reading: index.fieldsRead)
                let (a, b) = (index.match(whole), index.match(folded))
                #expect(a.map(\.topic) == b.map(\.topic) && a.map(\.hits) == b.map(\.hits), "article \(i)")
                if index === few {
                    #expect(folded.streamCount < whole.streamCount && folded.tokenCount(stream: 3) == 0, "author, category and link left out")
                    matched.few += a.count
                } else {
                    matched.all += a.count
                }
            }
        }
        #expect(matched.all > 100 && matched.few > 50, "the workload must actually match")
    }

    @Test("a bad topic names itself")
    func badTopic() {
        do {
            _ = try TopicIndex([("good", "kim"), ("broken", "kim NEAR putin")])
            Issue.record("expected an error")
        } catch {
            #expect(error.topic == "broken")
            #expect(error.description.hasPrefix("topic broken: column 5: NEAR needs a distance"))
        }
    }
}
