import ArgumentParser
import FeedParser
import TopicMatcher

/// Folding alone and an article's vocabulary built from it, per token, on
/// text of one script at a time (ASCII folds a word at a time, most other
/// scripts through a table per scalar), beside splitting the same text on spaces with the
/// standard library: where the daemon's matching time starts.
struct FoldBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fold", abstract: "Folding and article building per token, by script, beside a plain split.")

    @Option(help: "Best of this many rounds (the host's speed swings).") var rounds = 7

    func run() {
        let scripts: [(String, [String])] = [
            ("ascii", ["summit", "Pyongyang", "leader", "talks", "Moscow", "the", "of", "and", "Said", "2023"]),
            ("cyrillic", ["Кремль", "встреча", "Ким", "Путин", "и", "в", "заявил"]),
            ("arabic", ["كيم", "جونغ", "أون", "بوتين", "قمة", "في", "موسكو", "الزعيم", "الكوري"]),
            ("hindi", ["किम", "जोंग", "उन", "पुतिन", "शिखर", "सम्मेलन", "में", "रूस"]),
            ("japanese", ["金正恩", "プーチン", "首脳会談", "ロシア", "の", "は", "で", "２０２３年"]),
            ("mixed", ["summit", "Pyongyang", "leader", "talks", "Moscow", "Кремль", "встреча", "김정은", "회담", "the", "of", "and"]),
        ]
        print("ns per token, best of \(rounds) rounds of 20 x 50000 words:")
        for (name, words) in scripts {
            let text = Self.text(words)
            var sink = 0
            let split = best { for _ in 0..<20 { sink &+= text.utf8.split(separator: 0x20).count } }
            let fold = best { for _ in 0..<20 { TextFolder.fold(text) { sink &+= $0.count } } }
            let article = best {
                for r in 0..<20 { sink &+= ArticleText(id: "f\(r)", title: nil, summary: nil, content: text, link: nil, feed: nil).tokenCount(stream: 2) }
            }
            print("  " + name + String(repeating: " ", count: max(0, 9 - name.count)) + String(format: "fold %6.1f   article %6.1f   (baseline: split on spaces %5.1f)%@", fold, article, split,
                         sink == 0 ? " (nothing read)" : ""))
        }
        html()
    }

    /// HTML to text (the fast reader's markup: paragraphs, links, emphasis,
    /// references) per KiB of HTML, in summaries of about 2 KiB, beside
    /// making a String of the same bytes.
    private func html() {
        let words = Self.text(["summit", "Pyongyang", "leader", "talks", "Moscow", "the", "of", "and"]).split(separator: " ")
        var parts: [String] = []
        for (k, w) in words.enumerated() {
            parts.append(k % 40 == 0 ? "</p>\n<p>" : k % 17 == 0 ? "<a href=\"https://example.org/\(k)\">\(w)</a>" : k % 23 == 0 ? "<em>\(w)</em> &amp;" : String(w))
        }
        let summaries = stride(from: 0, to: parts.count, by: 250).map { "<p>" + parts[$0..<min($0 + 250, parts.count)].joined(separator: " ") + "</p>" }
        var sink = 0
        let kib = Double(summaries.reduce(0) { $0 + $1.utf8.count }) * 20 / 1024
        let copy = best { for _ in 0..<20 { for h in summaries { sink &+= String(decoding: Array(h.utf8), as: UTF8.self).utf8.count } } }
        let text = best { for _ in 0..<20 { for h in summaries { sink &+= PlainText.fromHTML(h).utf8.count } } }
        print(String(format: "HTML to text: %.0f ns per KiB of HTML in %d summaries of %.1f KiB (baseline: a String of the same bytes %.0f)%@",
                     text * 1e6 / kib, summaries.count, kib / 20 / Double(summaries.count), copy * 1e6 / kib, sink == 0 ? " (nothing read)" : ""))
    }

    private static func text(_ words: [String]) -> String {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        return (0..<50_000).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return words[Int(state >> 33) % words.count]
        }.joined(separator: " ")
    }

    /// The least CPU time of `rounds` runs of `body`, in ns per token (20 x 50,000).
    private func best(_ body: () -> Void) -> Double {
        var least = Double.infinity
        for _ in 0..<rounds {
            let t0 = BenchClock.threadCPU()
            body()
            least = min(least, BenchClock.threadCPU() - t0)
        }
        return least / 1e6 * 1e9
    }
}
