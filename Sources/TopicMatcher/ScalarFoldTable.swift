/// The folding of the non-ASCII scalars most feeds carry (Latin with accents,
/// Greek, Cyrillic, punctuation, currency), computed once with the full
/// Foundation folding of `TextFolder` and looked up afterwards: Foundation's
/// normalisation per run was most of the cost of folding an article.
///
/// Within these ranges folding a run scalar by scalar gives what folding the
/// run as a whole gives: the only composition NFKC can do across them is of a
/// base letter with combining marks, and the marks are dropped either way.
/// Han and Hangul syllables are their own folding (one token each); anything
/// else (kana with voicing marks, jamo, compatibility ideographs) is not covered
/// and folds as a whole run.
struct ScalarFoldTable: @unchecked Sendable {
    /// Made once and never freed nor written after: read through raw
    /// pointers, since an array read per scalar (a slice of `outputs`, the
    /// ranges) retained and released its buffer, and with the `static let`
    /// checks that was most of folding Cyrillic text.
    static let shared = ScalarFoldTable()

    /// The covered ranges: 0x80..<0x530, then 0x1E00..<0x20D0, slots one after the other.
    /// (Computed, not stored: a `static let` is a once-check per read.)
    private static var firstRange: (start: UInt32, count: UInt32) { (0x80, 0x530 - 0x80) }
    private static var secondRange: (start: UInt32, count: UInt32) { (0x1E00, 0x20D0 - 0x1E00) }

    /// Per covered scalar: start << 8 | count into `outputs`.
    private let slots: UnsafeBufferPointer<UInt32>
    /// Folded scalars, each `kind << 24 | scalar`.
    private let outputs: UnsafeBufferPointer<UInt32>

    private init() {
        var slots: [UInt32] = []
        var outputs: [UInt32] = []
        for (start, count) in [Self.firstRange, Self.secondRange] {
            for v in start..<start + count {
                let first = UInt32(outputs.count)
                if let u = Unicode.Scalar(v) {
                    for f in TextFolder.foldSlow(String(u)).unicodeScalars {
                        outputs.append(UInt32(TextFolder.classify(f).rawValue) << 24 | f.value)
                    }
                }
                slots.append(first << 8 | (UInt32(outputs.count) - first))
            }
        }
        self.slots = Self.immortal(slots)
        self.outputs = Self.immortal(outputs)
    }

    private static func immortal(_ values: [UInt32]) -> UnsafeBufferPointer<UInt32> {
        let buffer = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: values.count)
        _ = buffer.initialize(from: values)
        return UnsafeBufferPointer(buffer)
    }

    /// The folded scalars of `v` (packed), or nil for Han and Hangul syllables,
    /// which stay as they are.
    @inline(__always)
    func folded(_ v: UInt32) -> UnsafeBufferPointer<UInt32>? {
        let slot: UInt32
        if v &- Self.firstRange.start < Self.firstRange.count {
            slot = slots[Int(v &- Self.firstRange.start)]
        } else if v &- Self.secondRange.start < Self.secondRange.count {
            slot = slots[Int(Self.firstRange.count + (v &- Self.secondRange.start))]
        } else {
            return nil
        }
        return UnsafeBufferPointer(rebasing: outputs[Int(slot >> 8)..<Int(slot >> 8) + Int(slot & 0xFF)])
    }

    private static func covered(_ v: UInt32) -> Bool {
        switch v {
        case 0x80..<0x530, 0x1E00..<0x20D0: return true
        case 0x3400...0x4DBF, 0x4E00...0x9FFF: return true  // Han: no case, no marks, NFKC-stable
        case 0xAC00...0xD7A3: return true  // Hangul syllables
        default: return false
        }
    }

    /// Whether every scalar of the (non-ASCII, valid UTF-8) run is covered.
    static func covers(_ run: UnsafeBufferPointer<UInt8>) -> Bool {
        var ok = true
        forEachScalar(run) { v in if ok && !covered(v) { ok = false } }
        return ok
    }

    /// Decodes the scalars of a valid UTF-8 run.
    @inline(__always)
    static func forEachScalar(_ run: UnsafeBufferPointer<UInt8>, _ body: (UInt32) -> Void) {
        var i = 0
        let n = run.count
        while i < n {
            let b = UInt32(run[i])
            if b < 0x80 {
                body(b)
                i += 1
            } else if b < 0xE0, i + 1 < n {
                body((b & 0x1F) << 6 | UInt32(run[i + 1] & 0x3F))
                i += 2
            } else if b < 0xF0, i + 2 < n {
                body((b & 0x0F) << 12 | UInt32(run[i + 1] & 0x3F) << 6 | UInt32(run[i + 2] & 0x3F))
                i += 3
            } else if i + 3 < n {
                body((b & 0x07) << 18 | UInt32(run[i + 1] & 0x3F) << 12 | UInt32(run[i + 2] & 0x3F) << 6 | UInt32(run[i + 3] & 0x3F))
                i += 4
            } else {
                i += 1
            }
        }
    }
}
