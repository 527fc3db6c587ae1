import FeedModel
import Foundation
import StoryMatcher

/// The pairs `feedwatch-bench stories --errors` prints: each pair the rule
/// decided against its label, with what each side had (words, the shingle
/// similarity, names, kinds of event, other ids) and what they shared, so
/// that a miss can be read for its cause rather than guessed at.
struct StoryErrors {
    var items: [StoryEvalSet.Item]
    var prints: [StoryPrint]
    var predicted: [Int64]

    /// Within a language only unless `across`; missed pairs first, then false ones.
    func print(across: Bool) {
        var missed: [String] = [], merged: [String] = []
        for i in items.indices {
            for j in (i + 1)..<items.count where items[i].set == items[j].set {
                let t = items[i].story == items[j].story, p = predicted[i] == predicted[j]
                let same = prints[i].language != nil && prints[i].language == prints[j].language
                guard t != p, same || across else { continue }
                let text = describe(i, j, same: same)
                if t { missed.append(text) } else { merged.append(text) }
            }
        }
        Swift.print("missed pairs (one story by label, apart by the rule): \(missed.count)")
        missed.forEach { Swift.print($0) }
        Swift.print("false pairs (other stories by label, one by the rule): \(merged.count)")
        merged.forEach { Swift.print($0) }
    }

    private func describe(_ i: Int, _ j: Int, same: Bool) -> String {
        let a = prints[i], b = prints[j]
        let shared = Set(a.concepts).intersection(b.concepts)
        let names = Set(a.names).intersection(b.names).count, events = Set(a.events).intersection(b.events).count
        let hours = abs(items[j].time.timeIntervalSince(items[i].time)) / 3600
        var out = String(format: "- %@ %@ %.0f h apart: text %.2f (%d|%d words), shared %d of %d|%d ids, %d names, %d events",
                         items[i].set, same ? a.language ?? "?" : "\(a.language ?? "?")|\(b.language ?? "?")", hours,
                         MinHash.similarity(a.signature, b.signature), a.words, b.words, shared.count, a.concepts.count,
                         b.concepts.count, names, events)
        out += "\n    [\(items[i].story)] \(items[i].title.prefix(100))\n      \(Self.features(a))"
        out += "\n    [\(items[j].story)] \(items[j].title.prefix(100))\n      \(Self.features(b))"
        out += "\n    ids: \(items[i].id) ‖ \(items[j].id)"
        return out
    }

    /// Names as `+id`, kinds of event as `!id`, the rest plain.
    static func features(_ p: StoryPrint) -> String {
        let marked = p.concepts.map { p.names.contains($0) ? "+" + $0 : p.events.contains($0) ? "!" + $0 : $0 }
        return marked.isEmpty ? "(no ids)" : marked.joined(separator: " ")
    }
}
