import ArgumentParser
import FeedModel
import Foundation
import StoryMatcher
import TopicMatcher

/// `feedwatch-bench stories`: how well story assignment groups labelled news
/// items into their stories (pairwise and B-cubed), within a language and
/// across languages; `--sweep` prints the grid the standard thresholds were
/// picked from.
struct StoriesBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stories",
        abstract: "Story assignment quality on labelled items: pairwise precision, recall, F1 and B-cubed."
    )

    @Option(help: "The dev set (read in place).") var dev = "../shared/eval/dev/dev.jsonl"
    @Option(help: "Story labels of the dev set.") var devLabels = "bench/stories/dev-stories.tsv"
    @Option(help: "The real captures (read in place).") var captures = "../shared/feeds/real"
    @Option(help: "Story labels of capture items that share a story.") var captureLabels = "bench/stories/real-stories.tsv"
    @Option(help: "Rewrites of events written by us.") var written = "bench/stories/written.jsonl"
    @Option(help: "Hours an article of a story stays open.") var window = 36.0
    @Flag(help: "Print the threshold grid.") var sweep = false
    @Flag(help: "Print the pairs within a language decided wrongly, with each side's features.") var errors = false
    @Flag(help: "With --errors: pairs across languages too.") var errorsAcross = false
    @Option(help: "Score this nameless-concepts figure instead of the standard rule's (to read its errors).") var nameless: Int?
    @Option(help: "Score this shared-events figure instead of the standard rule's (0: off).") var events: Int?
    @Flag(help: "Score the standard rule without its one-name rule (one name, a kind of event, nobody new).") var withoutSingleName = false

    func run() throws {
        var set = StoryEvalSet()
        try set.addDev(dev, labels: devLabels)
        try set.addCaptures(captures, labels: captureLabels)
        try set.addWritten(written)
        let items = set.items.sorted { $0.time < $1.time }
        let catalog = TopicIndex(compiled: [], entities: EntityCatalog.builtIn)
        // The prints' languages are the items' as the rule compares them (`en-GB`, `en-us` and `en` are one):
        // what decides whether a pair counts within a language or across.
        let prints = items.map { StoryPrinter.print(catalog.tagged($0.article), link: $0.link) }
        print("stories: \(items.count) items (\(Self.summary(items))), window \(Int(window)) h")
        if sweep {
            printSweep(items, prints)
            printEventsSweep(items, prints)
        }
        var rule = StoryRule.standard
        if let nameless { rule.namelessConcepts = nameless }
        if withoutSingleName { rule.singleName = false }
        if let events { rule.sharedEvents = events }
        print(String(format: "rule: text >= %.2f, or concepts overlap >= %.2f with >= %d names shared%@; nameless %d; one name with an event %@; %d kinds of event, no name, nobody new",
                     rule.text, rule.concepts, rule.sharedNames, rule.conceptsWithinLanguage ? "" : " (across languages only)",
                     rule.namelessConcepts, rule.singleName ? "yes" : "no", rule.sharedEvents))
        let predicted = assign(items, prints, rule)
        for name in Self.sets {
            let s = Self.score(name, items, prints, predicted)
            print("\(name.padding(toLength: 8, withPad: " ", startingAt: 0)) within a language:  \(s.withinLanguage.line)")
            print("         across languages: \(s.acrossLanguages.line)")
            print(String(format: "         B-cubed: P %.3f  R %.3f  F1 %.3f", s.bcubedPrecision, s.bcubedRecall, s.bcubedF1))
        }
        if errors || errorsAcross { StoryErrors(items: items, prints: prints, predicted: predicted).print(across: errorsAcross) }
    }

    /// Each item in time order: the open story it joins, or a new one.
    func assign(_ items: [StoryEvalSet.Item], _ prints: [StoryPrint], _ rule: StoryRule) -> [Int64] {
        let index = StoryIndex(rule: rule, fallback: StoryIndex.Settings(window: window * 3600))
        var next: Int64 = 0
        return zip(items, prints).map { item, p in
            let story: Int64
            if let s = index.story(of: p, topic: item.set, at: item.time) {
                story = s
            } else {
                next += 1
                story = next
            }
            index.beginTransaction()
            index.add(p, to: story, topic: item.set, at: item.time)
            index.commitPending()
            index.endTransaction()
            return story
        }
    }

    private func printSweep(_ items: [StoryEvalSet.Item], _ prints: [StoryPrint]) {
        print("shared events \(StoryRule.standard.sharedEvents) in every row")
        print("text  concepts names nameless one-name | F1 within-lang  F1 across-lang  B-cubed F1 (all items)")
        for text in [0.3, 0.4, 0.5, 0.6] {
            for concepts in [0.4, 0.5, 0.6, 0.75] {
                for shared in [2, 3] {
                    for nameless in [0, 3, 4] {
                        for single in [false, true] {
                            let rule = StoryRule(text: text, concepts: concepts, sharedNames: shared, conceptsWithinLanguage: true,
                                                 namelessConcepts: nameless, singleName: single,
                                                 sharedEvents: StoryRule.standard.sharedEvents)
                            let s = StoryScore(truth: items.map(\.story), predicted: assign(items, prints, rule), lang: prints.map(\.language))
                            print(String(format: "%.2f  %.2f     %d      %d        %@      | %.3f           %.3f           %.3f", text, concepts, shared,
                                         nameless, single ? "yes" : "no ", s.withinLanguage.f1, s.acrossLanguages.f1, s.bcubedF1))
                        }
                    }
                }
            }
        }
    }

    /// The labelled sets, and all of them together.
    static let sets = ["dev", "real", "written", "all"]

    /// The pairwise and B-cubed figures of set `name` ("all": every item).
    static func score(_ name: String, _ items: [StoryEvalSet.Item], _ prints: [StoryPrint], _ predicted: [Int64]) -> StoryScore {
        let keep = items.indices.filter { name == "all" || items[$0].set == name }
        return StoryScore(truth: keep.map { items[$0].story }, predicted: keep.map { predicted[$0] }, lang: keep.map { prints[$0].language })
    }

    /// The standard rule with each figure of `sharedEvents` (kinds of event
    /// shared, no name in common, nobody and nowhere new), per set.
    private func printEventsSweep(_ items: [StoryEvalSet.Item], _ prints: [StoryPrint]) {
        print("shared events (standard rule otherwise) | within-lang F1 (found/false) per set: dev  real  written  all | across-lang F1 all")
        for events in 0...4 {
            var rule = StoryRule.standard
            rule.sharedEvents = events
            let predicted = assign(items, prints, rule)
            var line = "\(events)  "
            for name in Self.sets {
                let s = Self.score(name, items, prints, predicted)
                line += String(format: " %@ %.3f (%d/%d)", name, s.withinLanguage.f1, s.withinLanguage.tp, s.withinLanguage.fp)
                if name == "all" { line += String(format: " | across %.3f", s.acrossLanguages.f1) }
            }
            print(line)
        }
    }

    static func summary(_ items: [StoryEvalSet.Item]) -> String {
        ["dev", "real", "written"].map { name in
            let these = items.filter { $0.set == name }
            return "\(name) \(these.count) in \(Set(these.map(\.story)).count) stories"
        }.joined(separator: ", ")
    }
}
