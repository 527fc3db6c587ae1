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

    package init(text: Double, concepts: Double, sharedNames: Int, conceptsWithinLanguage: Bool, namelessConcepts: Int = 0) {
        self.namelessConcepts = namelessConcepts
        self.text = text
        self.concepts = concepts
        self.sharedNames = sharedNames
        self.conceptsWithinLanguage = conceptsWithinLanguage
    }

    package static let standard = StoryRule(text: 0.60, concepts: 0.5, sharedNames: 2, conceptsWithinLanguage: true, namelessConcepts: 0)

    /// Why `a` and `b` are one story; nil when they are not.
    package func reason<P: StoryFeatures>(_ a: P, _ b: P) -> StoryReason? {
        if let l = a.linkKey, l == b.linkKey { return .link }
        // "Your Monday Briefing" and "Your Tuesday Briefing" share half their
        // words: a short text must be all but a copy.
        let short = min(a.words, b.words) < Self.shortText
        if MinHash.similarity(a.signature, b.signature) >= (short ? 0.9 : text) { return .text }
        let sameLanguage = a.languageID != nil && a.languageID == b.languageID
        guard conceptsWithinLanguage || !sameLanguage else { return nil }
        let shared = Self.sharedCount(a.conceptIDs, b.conceptIDs)
        let overlap = Double(shared) / Double(max(1, min(a.conceptIDs.count, b.conceptIDs.count)))
        if a.nameIDs.isEmpty, b.nameIDs.isEmpty, namelessConcepts > 0 {
            return shared >= namelessConcepts && overlap >= 0.75 ? .concepts : nil
        }
        guard Self.sharedCount(a.nameIDs, b.nameIDs) >= sharedNames else { return nil }
        return overlap >= concepts ? .concepts : nil
    }

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
    case link, text, concepts
}
