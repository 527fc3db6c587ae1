import AlertStore
import FeedModel
import FeedParser
import FeedwatchDaemon
import FeedwatchTestSupport
import Foundation
import Testing
import TopicMatcher

@Suite("Search over the archive decides as `feedwatch match` does")
struct ArchiveSearchTests {
    typealias Random = SplitMix64

    static let words = ["kim", "jong", "un", "putin", "summit", "meeting", "meets", "talks", "korea", "north", "russia",
                        "leader", "visit", "visiting", "train", "Путин", "путина", "東京", "putinem", "may", "arrival",
                        "@kim-jong-un", "@vladimir-putin", "@north-korea", "@arrival"]
    static let texts = ["Kim Jong Un", "Vladimir Putin", "North Korea", "arrived", "Путина", "<b>summit</b>", "talks &amp; meets",
                        "leader's", "visiting", "train", "Korea", "Russia", "may", "東京", "Pyongyang", "putinem", "meeting"]

    /// The same grammar as TopicIndexTests' random topics, fields and NOT included.
    static func query(_ r: inout Random, depth: Int = 0) -> String {
        let w = words[r.int(words.count)]
        var leaf = w
        switch r.int(4) {
        case 0 where w.count >= 4 && !w.hasPrefix("@"): leaf = String(w.prefix(3 + r.int(w.count - 2))) + "*"
        case 1 where !w.hasPrefix("@"): leaf = "\"\(w) \(words[r.int(words.count)].replacingOccurrences(of: "@", with: ""))\""
        case 2 where depth < 2: leaf = "(" + query(&r, depth: depth + 1) + ")"
        default: break
        }
        guard depth < 3 else { return leaf }
        switch r.int(7) {
        case 0: return leaf + " OR " + query(&r, depth: depth + 1)
        case 1: return leaf + " " + query(&r, depth: depth + 1)
        case 2: return leaf + " NEAR/\(r.int(6)) " + words[r.int(words.count)]
        case 3: return leaf + " -" + words[r.int(words.count)]
        case 4: return ["title:", "summary:", "content:", "author:", "link:"][r.int(5)] + leaf
        default: return leaf
        }
    }

    static func entry(_ r: inout Random, _ i: Int) -> Entry {
        func text(_ n: Int) -> String { (0..<n).map { _ in texts[r.int(texts.count)] }.joined(separator: " ") }
        return Entry(id: "e\(i)", title: text(5), link: "https://news.example/\(i)", summary: "<p>\(text(12))</p>",
                     content: r.int(2) == 0 ? nil : "<div>\(text(30))</div>", published: Date(timeIntervalSince1970: 1_790_000_000 + Double(i)),
                     authors: [text(2)], categories: [text(1)], language: ["pl", "ru", nil][r.int(3)])
    }

    /// Stores `entries` as the pipeline does: matched text prepared once, archived in the commit.
    static func archive(_ entries: [Entry], feed: String, store: AlertStore, at t: Date) throws {
        var kept: [String: ArchivedArticle] = [:]
        for e in entries { kept[e.id] = ArchiveText.prepare(e, feed: feed, language: nil, level: .full).1 }
        _ = try store.commit(feed: feed, entries: entries, identity: .guid, now: t, matches: [:], archive: kept)
    }

    @Test("random queries and scopes: the archive's hits and explanations equal matching each parsed item, with and without the index")
    func equalsMatch() throws {
        let dir = TemporaryDirectory()
        let store = try AlertStore(path: dir.file("feedwatch.sqlite"))
        try store.register(feeds: [("a", "https://a.example/rss"), ("b", "https://b.example/rss")])
        #expect(try store.hasFullTextIndex(), "Debian's SQLite has FTS5")
        var r = Random(state: 20261201)
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        var items: [(entry: Entry, feed: String)] = []
        for batch in 0..<20 {
            let feed = batch % 3 == 0 ? "b" : "a"
            let es = (0..<15).map { Self.entry(&r, batch * 15 + $0) }
            try Self.archive(es, feed: feed, store: store, at: t0 + Double(batch) * 60)
            items += es.map { ($0, feed) }
            // Most of the archive indexed, the newest articles not yet: both paths of the pre-filter.
            if batch == 14 { try ArchiveIndexer.catchUp(store) }
        }
        #expect(try store.unindexedCount() == 75)
        let tags = ["b": ["asia"]]
        var queries = 0, matched = 0, indexed = 0
        while queries < 80 {
            let q = Self.query(&r)
            guard let node = try? QueryParser.parse(q, entities: .builtIn) else { continue }
            queries += 1
            let scope: (feeds: Set<String>, tags: Set<String>) = [([], []), (["a"], []), ([], ["asia"])][r.int(3)]
            let topic = TopicIndex.Topic(name: "t", query: node, feeds: scope.feeds, tags: scope.tags)
            let index = TopicIndex(compiled: [topic])
            // What `feedwatch match --feed` gives for each item, newest first.
            let expected: [(String?, [MatchedTerm])] = items.reversed().compactMap { item in
                let article = ArticleText(entry: item.entry, feed: item.feed, language: nil, plainText: PlainText.fromHTML)
                return index.match(article, feed: item.feed, tags: tags[item.feed] ?? []).first.map {
                    (item.entry.link, ArchiveSearch.topicMatch($0).matched)
                }
            }
            var search = ArchiveSearch(store: store, topic: topic, entities: .builtIn, feedTags: tags)
            let fts = try search.fullText()
            if fts != nil { indexed += 1 }
            let withIndex = try search.hits(AlertStore.ArchiveFilter()).map { ($0.article.link, $0.match.matched) }
            search.useIndex = false
            let scanned = try search.hits(AlertStore.ArchiveFilter()).map { ($0.article.link, $0.match.matched) }
            #expect(withIndex.map(\.0) == expected.map(\.0), "query \(q) scope \(scope), FTS \(fts ?? "none")")
            #expect(withIndex.map(\.1) == expected.map(\.1), "query \(q): explanations")
            #expect(scanned.map(\.0) == expected.map(\.0), "query \(q) without the index")
            matched += expected.count
        }
        #expect(matched > 100, "the workload must actually match")
        #expect(indexed > 30, "most queries must use the index")
    }

    @Test("what parse gave is what the archive shows: title, link, text of summary and content, times, authors, categories, language")
    func roundTrip() throws {
        let feed = """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
            <channel><title>W</title><link>https://w.example/</link><language>pl</language>
            <item><title>Kim &amp; Putin meet</title><link>https://w.example/1</link><guid>g1</guid>
            <description>&lt;p&gt;The &lt;b&gt;summit&lt;/b&gt; began.&lt;/p&gt;</description>
            <content:encoded><![CDATA[<div>Long <i>text</i> here.</div>]]></content:encoded>
            <pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate><dc:creator>Anna Nowak</dc:creator><category>world</category></item>
            </channel></rss>
            """
        let parsed = try FeedParser.parse(Array(feed.utf8))
        let e = try #require(parsed.feed.entries.first)
        let dir = TemporaryDirectory()
        let store = try AlertStore(path: dir.file("feedwatch.sqlite"))
        try store.register(feeds: [("w", "https://w.example/rss")])
        var kept: [String: ArchivedArticle] = [:]
        kept[e.id] = ArchiveText.prepare(e, feed: "w", language: parsed.feed.language, level: .full).1
        _ = try store.commit(feed: "w", entries: parsed.feed.entries, identity: .guid, now: Date(), matches: [:], archive: kept)
        let search = ArchiveSearch(store: store, topic: TopicIndex.Topic(name: "q", query: try QueryParser.parse("summit")),
                                   entities: .builtIn, feedTags: [:])
        let hit = try #require(try search.hits(AlertStore.ArchiveFilter()).first)
        let a = hit.article
        #expect(a.title == e.title && a.link == e.link && a.published == e.published && a.updated == e.updated)
        #expect(a.summary == e.summary.map(PlainText.fromHTML) && a.content == e.content.map(PlainText.fromHTML))
        #expect(a.summary == "The summit began.")
        #expect(a.authors == e.authors && a.categories == e.categories && a.language == "pl" && a.feed == "w")
        #expect(hit.match.matched == [MatchedTerm(term: "summit", field: "summary", offset: 1)])
    }
}
