/// Same-story decisions scored against labels: pairwise precision, recall and
/// F1 (over pairs of items, split by whether the two share a language) and
/// B-cubed (per item, over its predicted and true clusters).
struct StoryScore {
    struct Counts {
        var tp = 0, fp = 0, fn = 0
        var precision: Double { tp + fp == 0 ? 1 : Double(tp) / Double(tp + fp) }
        var recall: Double { tp + fn == 0 ? 1 : Double(tp) / Double(tp + fn) }
        var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
        var line: String {
            String(format: "P %.3f  R %.3f  F1 %.3f  (%d true pairs, %d found, %d false)", precision, recall, f1, tp + fn, tp, fp)
        }
    }

    var withinLanguage = Counts()
    var acrossLanguages = Counts()
    var bcubedPrecision = 0.0
    var bcubedRecall = 0.0
    var bcubedF1: Double { bcubedPrecision + bcubedRecall == 0 ? 0 : 2 * bcubedPrecision * bcubedRecall / (bcubedPrecision + bcubedRecall) }

    /// `truth` and `predicted`: a cluster label per item; `lang` per item.
    init(truth: [String], predicted: [Int64], lang: [String?]) {
        let n = truth.count
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) {
                let t = truth[i] == truth[j], p = predicted[i] == predicted[j]
                guard t || p else { continue }
                let same = lang[i] != nil && lang[i] == lang[j]
                if same { Self.count(t, p, &withinLanguage) } else { Self.count(t, p, &acrossLanguages) }
            }
        }
        var pairs: [String: [Int64: Int]] = [:]
        var trueSize: [String: Int] = [:], predSize: [Int64: Int] = [:]
        for i in 0..<n {
            pairs[truth[i], default: [:]][predicted[i], default: 0] += 1
            trueSize[truth[i], default: 0] += 1
            predSize[predicted[i], default: 0] += 1
        }
        guard n > 0 else { return }
        var p = 0.0, r = 0.0
        for i in 0..<n {
            let both = Double(pairs[truth[i]]?[predicted[i]] ?? 0)
            p += both / Double(predSize[predicted[i]] ?? 1)
            r += both / Double(trueSize[truth[i]] ?? 1)
        }
        bcubedPrecision = p / Double(n)
        bcubedRecall = r / Double(n)
    }

    private static func count(_ truth: Bool, _ predicted: Bool, _ c: inout Counts) {
        switch (truth, predicted) {
        case (true, true): c.tp += 1
        case (false, true): c.fp += 1
        case (true, false): c.fn += 1
        case (false, false): break
        }
    }
}
