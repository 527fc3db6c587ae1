import FeedModel
import Foundation
import StoryMatcher
import Testing

/// The one-name rule and the ranking of candidate stories, on articles as
/// the daemon prints them (`StoryIndexTests.print`: the built-in entities).
@Suite struct StoryRuleTests {
    let t0 = Date(timeIntervalSince1970: 1_694_580_000)  // 2023-09-13
    let summit = StoryIndexTests.summit
    static let arrives = StoryIndexTests.print("Kim Jong Un arrives in Russia by armoured train",
                                               "The North Korean leader's train crossed the border on Tuesday ahead of a meeting.")

    /// Assigns in order within one index; each article's story, numbered from 1.
    func assign(_ prints: [(StoryPrint, Date)]) -> [Int64] {
        StoryIndexTests().assign(prints, index: StoryIndex())
    }

    @Test("a report naming one of the story's people, with a kind of event in common and nobody new, joins it")
    func oneNameWithEvent() {
        #expect(StoryRule.standard.reason(Self.arrives, summit) == .name)
        #expect(assign([(summit, t0), (Self.arrives, t0 + 3600)]) == [1, 1])
    }

    @Test("one name and a country are not a story: no kind of event in common; a report sharing only a country does not join either")
    func oneNameNoEvent() {
        let praises = StoryIndexTests.print("Kim Jong Un praises Russia as his country's closest friend",
                                            "The North Korean leader spoke warmly of Russian support in a speech to party officials.")
        let wheat = StoryIndexTests.print("Russia reports a record wheat harvest",
                                          "The agriculture ministry said farmers had gathered more grain than in any year before.")
        #expect(StoryRule.standard.reason(praises, summit) == nil)
        #expect(assign([(summit, t0), (praises, t0 + 3600), (wheat, t0 + 7200)]) == [1, 2, 3])
    }

    @Test("one name shared is not enough when the report names someone the story never did: Putin meeting Erdogan")
    func oneNameSomeoneNew() {
        let erdogan = StoryIndexTests.print("Putin meets Erdogan for talks on the grain deal", "The Russian president received his Turkish counterpart on Monday.")
        #expect(StoryRule.standard.reason(erdogan, summit) == nil)
        #expect(assign([(summit, t0), (erdogan, t0 + 3600)]) == [1, 2])
    }

    @Test("a story is carried over days by reports naming one of its people: the third joins through the second, past the first's window")
    func chainedOverDays() {
        let leaves = StoryIndexTests.print("Kim Jong Un ends his Russia visit",
                                           "The North Korean leader's armoured train left for home after the meeting and his tour of the Far East.")
        let hour: TimeInterval = 3600
        #expect(assign([(summit, t0), (Self.arrives, t0 + 30 * hour), (leaves, t0 + 60 * hour)]) == [1, 1, 1])
        #expect(assign([(summit, t0), (leaves, t0 + 60 * hour)]) == [1, 2])
    }

    @Test("an article two stories would take goes to the one it shares more with, not to the more recent one")
    func strongerStoryWins() {
        let sochi = StoryIndexTests.print("Putin and Erdogan hold talks in Sochi", "The Russian and Turkish presidents discussed the grain corridor at the Black Sea resort.")
        let moscow = StoryIndexTests.print("Kim Jong Un to meet Putin in Moscow", "The Kremlin said the North Korean leader would be received next month.")
        let both = StoryIndexTests.print("Erdogan's talks with Putin in Sochi end without a grain deal",
                                         "Hours after the meeting the Turkish president flew back from the resort, while Moscow said talks would go on.")
        let rule = StoryRule.standard
        #expect(rule.reason(both, sochi) == .concepts)
        #expect(rule.reason(both, moscow) == .concepts)
        #expect((rule.score(both, sochi) ?? 0) > (rule.score(both, moscow) ?? 0))
        #expect(assign([(sochi, t0), (moscow, t0 + 60), (both, t0 + 120)]) == [1, 2, 1])
    }

    @Test("a print without kinds of event (one stored before they were kept) never joins by one name")
    func withoutEvents() {
        var old = Self.arrives
        old.events = []
        #expect(StoryRule.standard.reason(old, summit) == nil)
    }

    @Test("reports of one launch that name nobody join by two kinds of event and the country; with the rule off they do not")
    func eventsWithoutNames() {
        let fires = StoryIndexTests.print("North Korea fires a ballistic missile into the sea",
                                          "The launch came hours after North Korea threatened a strong response to military drills.")
        let confirms = StoryIndexTests.print("North Korea confirms missile launch, warns of more",
                                             "State media said the test of a new missile was a warning.")
        #expect(StoryRule.standard.reason(confirms, fires) == .events)
        #expect(assign([(fires, t0), (confirms, t0 + 3600)]) == [1, 1])
        var off = StoryRule.standard
        off.sharedEvents = 0
        #expect(off.reason(confirms, fires) == nil)
    }

    @Test("kinds of event without a name are not enough when the report is somewhere the other is not: an attack in Somalia is not airstrikes in Iraq")
    func eventsSomewhereNew() {
        let iraq = StoryIndexTests.print("United States launches airstrikes in Iraq, killing 25 fighters",
                                         "The attack on the militia's bases in Iraq killed at least 25 people.")
        let somalia = StoryIndexTests.print("Militants attack a base in Somalia used by the United States",
                                            "Several people were killed in the attack on the base in Somalia.")
        // Two kinds of event and a country in common: only the place the other never named keeps them apart.
        #expect(Set(somalia.events).intersection(iraq.events).count >= 2)
        #expect(somalia.concepts.contains("somalia") && !iraq.concepts.contains("somalia"))
        #expect(StoryRule.standard.reason(somalia, iraq) == nil)
        #expect(assign([(iraq, t0), (somalia, t0 + 3600)]) == [1, 2])
    }

    @Test("an invitation is a kind of event: 'Putin invited to North Korea' joins the report of Kim inviting him")
    func invitation() {
        let invites = StoryIndexTests.print("Kim Dzong Un zaprosił Władimira Putina do Korei Północnej",
                                            "Przywódca Korei Północnej zaprosił prezydenta Rosji do swojego kraju podczas spotkania w Rosji.", lang: "pl")
        let invited = StoryIndexTests.print("Władimir Putin zaproszony do Korei Północnej", "\"W dogodnym terminie\".", lang: "pl")
        #expect(invited.events == ["invitation"])
        #expect(StoryRule.standard.reason(invited, invites) == .name)
        #expect(assign([(invites, t0), (invited, t0 + 3600)]) == [1, 1])
    }
}
