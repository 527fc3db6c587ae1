import FeedModel
import Foundation
import StoryMatcher
import Testing
import TopicMatcher

/// Story assignment on articles as the daemon prints them (the built-in
/// entities and concepts, the matcher's folded tokens).
@Suite struct StoryIndexTests {
    static let tagger = TopicIndex(compiled: [], entities: EntityCatalog.builtIn)
    let t0 = Date(timeIntervalSince1970: 1_694_580_000)  // 2023-09-13

    static func print(_ title: String, _ summary: String, lang: String = "en", link: String? = nil) -> StoryPrint {
        let a = ArticleText(id: title, title: title, summary: summary, content: nil, link: nil, feed: nil, language: lang)
        return StoryPrinter.print(tagger.tagged(a), link: link)
    }

    static let summit = print("Kim Jong Un and Putin meet at Russia's Vostochny cosmodrome",
                              "North Korean leader Kim Jong Un met Russian President Vladimir Putin at the Vostochny cosmodrome on Wednesday.")

    /// Assigns in order; returns each article's story (new ones numbered from 1).
    func assign(_ prints: [(StoryPrint, Date)], index: StoryIndex = StoryIndex()) -> [Int64] {
        var next: Int64 = 0
        return prints.map { p, t in
            let s = index.story(of: p, topic: "summit", at: t) ?? { next += 1; return next }()
            index.beginTransaction()
            index.add(p, to: s, topic: "summit", at: t)
            index.commitPending()
            index.endTransaction()
            return s
        }
    }

    @Test("the same link is the same story, whatever the words")
    func sameLink() {
        let a = Self.print("Summit in the Far East", "A meeting.", link: "example.com/a")
        let b = Self.print("Completely different words", "Nothing alike.", link: "example.com/a")
        #expect(assign([(a, t0), (b, t0 + 60)]) == [1, 1])
    }

    @Test("a rewrite of the same report by another outlet joins its story")
    func nearDuplicate() {
        let rewrite = Self.print("Kim Jong Un and Putin meet at Vostochny cosmodrome",
                                 "North Korea's Kim Jong Un met President Vladimir Putin at Russia's Vostochny cosmodrome on Wednesday, the Kremlin said.")
        #expect(assign([(Self.summit, t0), (rewrite, t0 + 3600)]) == [1, 1])
    }

    @Test("the same people at another event are another story: Kim at a factory is not Kim meeting Putin")
    func differentEvent() {
        let factory = Self.print("Kim Jong Un tours fighter jet factory in Komsomolsk-on-Amur",
                                 "North Korean leader Kim Jong Un visited an aircraft plant on Friday, where he was shown Su-35 fighter jets.")
        #expect(assign([(Self.summit, t0), (factory, t0 + 3600)]) == [1, 2])
    }

    @Test("the same event in another language joins through its entities and concepts")
    func acrossLanguages() {
        let german = Self.print("Kim Jong Un trifft Putin am Weltraumbahnhof Wostotschny",
                                "Der nordkoreanische Machthaber Kim Jong Un ist am Mittwoch mit dem russischen Präsidenten Wladimir Putin zu einem Gipfeltreffen zusammengekommen.",
                                lang: "de")
        #expect(assign([(Self.summit, t0), (german, t0 + 3600)]) == [1, 1])
    }

    @Test("a copy after the story's window begins a new story; just inside it joins")
    func windowBoundary() {
        let window: TimeInterval = 36 * 3600
        let inside = assign([(Self.summit, t0), (Self.summit, t0 + window - 1)])
        let outside = assign([(Self.summit, t0), (Self.summit, t0 + window + 1)])
        #expect(inside == [1, 1])
        #expect(outside == [1, 2])
    }

    @Test("what a rolled-back transaction added is forgotten; what committed stays")
    func pending() {
        let index = StoryIndex()
        index.beginTransaction()
        index.add(Self.summit, to: 7, topic: "summit", at: t0)
        #expect(index.story(of: Self.summit, topic: "summit", at: t0) == 7)
        index.endTransaction()
        #expect(index.story(of: Self.summit, topic: "summit", at: t0) == nil)
        index.beginTransaction()
        index.add(Self.summit, to: 8, topic: "summit", at: t0)
        index.commitPending()
        index.endTransaction()
        #expect(index.story(of: Self.summit, topic: "summit", at: t0 + 60) == 8)
        #expect(index.story(of: Self.summit, topic: "other", at: t0 + 60) == nil)
    }
}
