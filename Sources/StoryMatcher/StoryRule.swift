import FeedModel

/// When two articles of one topic are the same story. The thresholds come from
/// `feedwatch-bench stories` on the labelled set (bench/stories/), not from feel:
/// see the README's "Stories" for the figures they gave.
package struct StoryRule: Sendable, Hashable {
    /// Least estimated Jaccard similarity of the title-and-lead shingles.
    package var text: Double
    /// Least share of the smaller entity-and-concept set found in the other...
    package var concepts: Double
    /// ...and least number of names (people, organisations, places; not
    /// countries, not kinds of event) shared: one name alone (Kim at a
    /// factory, Kim meeting Putin) is never a story.
    package var sharedNames: Int
    /// Whether the entity rule also joins articles of one language (else only
    /// across languages, where the shingles cannot meet).
    package var conceptsWithinLanguage: Bool
    /// Two articles that name nobody (a launch, an earthquake: a country and
    /// kinds of event) are one story with this many entities and concepts
    /// shared and three quarters of the smaller set in the other (0: never).
    /// Off in `standard`: on the dev set it found a few launches more, in the
    /// captures it joined unrelated news that shares a country and "war".
    package var namelessConcepts: Int
    /// Whether one shared name is enough when the new article also shares a
    /// kind of event with the earlier one, names nobody it does not, and has
    /// three quarters of its entities and concepts in it ("Kim arrives in
    /// Russia for talks" after "Putin and Kim hold talks"; not "Kim tours a
    /// plant in Komsomolsk", a place the summit never named, nor "Kim says
    /// Russia is a friend", no event in common).
    package var singleName: Bool
    /// Kinds of event that, shared with a place or country and nobody new,
    /// make one story without a name in common (0: never): "North Korea fires
    /// a missile" and "North Korea confirms its ICBM launch" name nobody, or
    /// a city on one side only.
    package var sharedEvents: Int

    package init(text: Double, concepts: Double, sharedNames: Int, conceptsWithinLanguage: Bool, namelessConcepts: Int = 0,
                 singleName: Bool = false, sharedEvents: Int = 0) {
        self.sharedEvents = sharedEvents
        self.namelessConcepts = namelessConcepts
        self.text = text
        self.concepts = concepts
        self.sharedNames = sharedNames
        self.conceptsWithinLanguage = conceptsWithinLanguage
        self.singleName = singleName
    }

    package static let standard = StoryRule(text: 0.60, concepts: 0.5, sharedNames: 2, conceptsWithinLanguage: true, namelessConcepts: 0,
                                            singleName: true, sharedEvents: 2)

    /// Why `a`, the new article, and `b`, an article of a story, are one
    /// story; nil when they are not. Not symmetric: with one name shared,
    /// `a` may name fewer people than `b`, not others.
    package func reason<P: StoryFeatures>(_ a: P, _ b: P) -> StoryReason? {
        judge(a, b)?.reason
    }

    /// The reason, with the entities and concepts shared when they were
    /// counted and the texts' similarity when it was the reason.
    /// `floor`: a score the caller needs at least; tiers that cannot reach it
    /// are not tried (nil), so that a member is not compared name by name
    /// once a text alike has been found.
    private func judge<P: StoryFeatures>(_ a: P, _ b: P, floor: Double = -.infinity) -> (reason: StoryReason, shared: Int?, similarity: Double)? {
        if let l = a.linkKey, l == b.linkKey { return (.link, nil, 0) }
        guard floor <= Self.textMax else { return nil }
        // "Your Monday Briefing" and "Your Tuesday Briefing" share half their
        // words: a short text must be all but a copy.
        let short = min(a.words, b.words) < Self.shortText
        let similarity = MinHash.similarity(a.signature, b.signature)
        if similarity >= (short ? 0.9 : text) { return (.text, nil, similarity) }
        guard floor <= Self.conceptsMax else { return nil }
        let sameLanguage = a.languageID != nil && a.languageID == b.languageID
        guard conceptsWithinLanguage || !sameLanguage else { return nil }
        if a.nameIDs.isEmpty, b.nameIDs.isEmpty, namelessConcepts > 0 {
            let shared = Self.sharedCount(a.conceptIDs, b.conceptIDs)
            return shared >= namelessConcepts && overlap(a, b, shared) >= 0.75 ? (.concepts, shared, 0) : nil
        }
        // The names first: most pairs compared share too few for either test,
        // and then the (longer) lists of all ids need not be counted.
        let names = Self.sharedCount(a.nameIDs, b.nameIDs)
        let byNames = names >= sharedNames
        let byOneName = singleName && floor <= Self.nameMax && names >= 1 && names == a.nameIDs.count && Self.sharedCount(a.eventIDs, b.eventIDs) >= 1
        let byEvents = sharedEvents > 0 && floor <= Self.eventsMax && names == a.nameIDs.count
        guard byNames || byOneName || byEvents else { return nil }
        let shared = Self.sharedCount(a.conceptIDs, b.conceptIDs)
        if byNames, overlap(a, b, shared) >= concepts { return (.concepts, shared, 0) }
        if byOneName, singleNameHolds(a, shared: shared) { return (.name, shared, 0) }
        return byEvents && eventsHold(a, b, names: names, shared: shared) ? (.events, shared, 0) : nil
    }

    /// The test without a name in common: nobody and nowhere in `a` that
    /// `b` lacks (every name, place and country of `a` in `b`: Al Shabab's
    /// attacks in Somalia are not the US airstrikes in Iraq), `sharedEvents`
    /// kinds of event and a place or country in both, and three quarters of
    /// `a`'s ids in `b`.
    private func eventsHold<P: StoryFeatures>(_ a: P, _ b: P, names: Int, shared: Int) -> Bool {
        let events = Self.sharedCount(a.eventIDs, b.eventIDs)
        let places = shared - names - events
        return names == a.nameIDs.count && events >= sharedEvents && places >= 1
            && names + places == a.conceptIDs.count - a.eventIDs.count && Double(shared) >= 0.75 * Double(a.conceptIDs.count)
    }

    /// The share of the smaller id set found in the other.
    private func overlap<P: StoryFeatures>(_ a: P, _ b: P, _ shared: Int) -> Double {
        Double(shared) / Double(max(1, min(a.conceptIDs.count, b.conceptIDs.count)))
    }

    /// The one-name test beyond the name and the kind of event (every name
    /// of `a` in `b`, an event in both: checked by `judge`): three quarters
    /// of `a`'s ids (`shared` of them are) in `b`.
    private func singleNameHolds<P: StoryFeatures>(_ a: P, shared: Int) -> Bool {
        Double(shared) >= 0.75 * Double(a.conceptIDs.count)
    }

    /// How strongly `a` and `b` are one story (nil: not): a same link beats
    /// any text, a text beats two names, two names beat one; within a tier,
    /// the pair sharing more of its entities and concepts (their Jaccard
    /// share, worth less than a tier) wins, so that an article naming Putin,
    /// Erdogan and Sochi goes to their story rather than to a more recent
    /// one that shares Putin and Moscow.
    /// `floor`: nil also when the score would certainly be below it (the
    /// scores of the tiers it skips are bounded: `textMax`, `conceptsMax`, `nameMax`, `eventsMax`).
    package func score<P: StoryFeatures>(_ a: P, _ b: P, floor: Double = -.infinity) -> Double? {
        guard let (why, counted, similarity) = judge(a, b, floor: floor) else { return nil }
        let shared = counted ?? 0
        let jaccard = Double(shared) / Double(max(1, a.conceptIDs.count + b.conceptIDs.count - shared))
        switch why {
        case .link: return 3
        case .text: return 1 + similarity
        case .concepts: return 0.5 + 0.09 * jaccard
        case .name: return 0.4 + 0.09 * jaccard
        case .events: return 0.3 + 0.09 * jaccard
        }
    }

    /// The highest score of each tier below the link's (a similarity or a
    /// Jaccard share of 1, written as `score` computes them).
    static let textMax = 1 + 1.0
    static let conceptsMax = 0.5 + 0.09 * 1.0
    static let nameMax = 0.4 + 0.09 * 1.0
    static let eventsMax = 0.3 + 0.09 * 1.0

    /// Fewer words (title and lead) than this make a short text.
    static let shortText = 8

    /// Both sorted and without repeats.
    static func sharedCount<T: Comparable>(_ a: [T], _ b: [T]) -> Int {
        var i = 0, j = 0, n = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                n += 1; i += 1; j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return n
    }
}

/// Which test joined an article to a story.
package enum StoryReason: String, Sendable {
    /// Same normalised link.
    case link
    /// Title and lead alike.
    case text
    /// Two names (or, nameless, the concepts) and most entities and concepts in common.
    case concepts
    /// One name, a kind of event, nobody new.
    case name
    /// No name in common, kinds of event and a place, nobody new.
    case events
}
