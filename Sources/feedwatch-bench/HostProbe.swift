/// A fixed single-threaded workload timed beside the daemon figures: this
/// host's speed swings (the same binary's first poll took 1.9 s in one
/// session and 3-5 s in another, with 5.3-9.5 CPU-s for the same work), and
/// the VM exposes no instruction counters, so a figure is comparable with
/// another only next to the probe measured in the same run.
///
/// Only the standard library's code runs in it (a byte loop, a dictionary, a
/// sort, allocations): until session 30 it folded text with feedwatch's own
/// folder, so making folding faster made the host look faster too.
enum HostProbe {
    /// The same pseudo-random sequence every run (a fixed linear congruential generator).
    private static func sequence(_ count: Int) -> [UInt64] {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
    }

    /// CPU seconds of this thread for `rounds` rounds of the workload.
    static func seconds(rounds: Int = 4) -> Double {
        let values = sequence(200_000)
        let bytes = values.map { UInt8(truncatingIfNeeded: $0) }
        var check: UInt64 = 0
        let t0 = BenchClock.threadCPU()
        for r in 0..<rounds {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(r)
            for _ in 0..<4 {
                for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
            }
            var counts: [UInt64: Int] = [:]
            for v in values { counts[v & 0xFFFF, default: 0] += 1 }
            let sorted = values.sorted()
            let words = values.prefix(20_000).map { String($0, radix: 36) }
            check &+= h &+ UInt64(counts.count) &+ sorted[r] &+ UInt64(words.joined().utf8.count)
        }
        let spent = BenchClock.threadCPU() - t0
        // Read, so the work is not optimized away.
        return check != 0 ? spent : -1
    }
}
