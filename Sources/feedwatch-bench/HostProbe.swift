#if canImport(Glibc)
import Glibc
#endif
import TopicMatcher

/// A fixed single-threaded workload timed beside the daemon figures: this
/// host's speed swings (the same binary's first poll took 1.9 s in one
/// session and 3-5 s in another, with 5.3-9.5 CPU-s for the same work), and
/// the VM exposes no instruction counters, so a figure is comparable with
/// another only next to the probe measured in the same run.
enum HostProbe {
    /// The probe's text: pseudo-random words, mostly ASCII with Cyrillic and
    /// Hangul among them, the same in every run (a fixed linear congruential sequence).
    private static let text: String = {
        let words = ["summit", "Pyongyang", "leader", "talks", "Moscow", "Кремль", "встреча", "김정은", "회담", "the", "of", "and",
                     "Vostochny", "cosmodrome", "2023", "agreement", "weapons", "said", "Ким", "Путин"]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        var parts: [String] = []
        parts.reserveCapacity(50_000)
        for _ in 0..<50_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            parts.append(words[Int(state >> 33) % words.count])
        }
        return parts.joined(separator: " ")
    }()

    /// CPU seconds of this thread to fold the probe's text `rounds` times.
    static func seconds(rounds: Int = 20) -> Double {
        let text = Self.text
        var tokens = 0
        let t0 = threadCPU()
        for r in 0..<rounds {
            tokens += ArticleText(id: "probe-\(r)", title: nil, summary: nil, content: text, link: nil, feed: nil).tokenCount(stream: 2)
        }
        let spent = threadCPU() - t0
        // Read, so the folding is not optimized away.
        return tokens > 0 ? spent : -1
    }

    private static func threadCPU() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
