import FeedModel

/// MinHash over 64-bit shingle hashes: the share of equal minima of two
/// signatures estimates the Jaccard similarity of their shingle sets
/// (standard error about 0.06 at 64 minima).
package enum MinHash {
    /// splitmix64's finaliser: a good 64-bit mix, cheap.
    @inline(__always)
    package static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Fixed seeds, so that signatures stored by one run compare with the next's.
    private static let seeds: [UInt64] = (0..<StoryPrint.signatureLength).map { mix(UInt64($0) &* 0xD1B5_4A32_D192_ED03) }

    package static func signature(_ shingles: [UInt64]) -> [UInt32] {
        var mins = [UInt32](repeating: .max, count: StoryPrint.signatureLength)
        guard !shingles.isEmpty else { return mins }
        for h in shingles {
            for i in 0..<mins.count {
                let v = UInt32(truncatingIfNeeded: mix(h ^ seeds[i]) >> 32)
                if v < mins[i] { mins[i] = v }
            }
        }
        return mins
    }

    /// The estimated Jaccard similarity; 0 for an empty text on either side.
    package static func similarity(_ a: [UInt32], _ b: [UInt32]) -> Double {
        guard a.count == b.count, !a.isEmpty, a[0] != .max, b[0] != .max else { return 0 }
        return Double(equalCount(a, b)) / Double(a.count)
    }

    /// Positions where `a` and `b` (of one length) hold the same minimum,
    /// eight at a time: the open stories compare each new article with
    /// hundreds of members inside the store's commit.
    static func equalCount(_ a: [UInt32], _ b: [UInt32]) -> Int {
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                guard let x = pa.baseAddress, let y = pb.baseAddress else { return 0 }
                let n = min(pa.count, pb.count)
                var lanes = SIMD8<UInt32>(repeating: 0), i = 0
                while i + 8 <= n {
                    let va = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<UInt32>.self)
                    let vb = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<UInt32>.self)
                    lanes &+= SIMD8<UInt32>(repeating: 0).replacing(with: 1, where: va .== vb)
                    i += 8
                }
                var same = Int(lanes.wrappedSum())
                while i < n {
                    if x[i] == y[i] { same += 1 }
                    i += 1
                }
                return same
            }
        }
    }
}
