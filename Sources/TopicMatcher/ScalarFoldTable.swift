/// The folding of the non-ASCII scalars of most scripts feeds are written in,
/// computed once with the full Foundation folding of `TextFolder` and looked
/// up afterwards: Foundation's normalisation per run was most of the cost of
/// folding an article.
///
/// Within these ranges folding a run scalar by scalar gives what folding the
/// run as a whole gives: NFKC composes across scalars only a base with
/// combining marks (which the NFD after it splits again and the marks are
/// dropped either way), and conjoining Hangul jamo and kana voicing marks,
/// which are not covered. So a run with compatibility jamo (U+3131–U+318E,
/// which NFKC turns into conjoining ones), conjoining jamo, the combining
/// voicing marks U+3099/U+309A or halfwidth katakana and Hangul (U+FF61 on)
/// folds as a whole run. Han and Hangul syllables are their own folding (one
/// token each). `TextFolderTests` compares the two foldings on every covered
/// scalar followed by its neighbour and on random runs.
struct ScalarFoldTable: @unchecked Sendable {
    /// Made once and never freed nor written after: read through raw
    /// pointers, since an array read per scalar (a slice of `outputs`, the
    /// ranges) retained and released its buffer, and with the `static let`
    /// checks that was most of folding Cyrillic text.
    static let shared = ScalarFoldTable()

    /// The tabled ranges, their slots one after the other: Latin-1 up to the
    /// Hangul jamo (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, the
    /// scripts of India, Thai, Lao, Tibetan, Myanmar, Georgian); Latin and
    /// Greek extended, punctuation, currency; CJK symbols, Hiragana and
    /// Katakana; fullwidth ASCII.
    static let ranges: [Range<UInt32>] = [0x80..<0x1100, 0x1E00..<0x20D0, 0x3000..<0x3100, 0xFF01..<0xFF61]

    /// Per tabled scalar: start << 8 | count into `outputs`.
    private let slots: UnsafeBufferPointer<UInt32>
    /// Folded scalars, each `kind << 24 | scalar`.
    private let outputs: UnsafeBufferPointer<UInt32>

    private init() {
        var slots: [UInt32] = []
        var outputs: [UInt32] = []
        for range in Self.ranges {
            for v in range {
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

    /// Where `v`'s slot is, in the order of `ranges` (a switch: reading
    /// `ranges` per scalar would retain it, and a loop over them in raw
    /// memory measured slower; `TextFolderTests` checks the two agree).
    @inline(__always)
    static func slot(_ v: UInt32) -> Int? {
        switch v {
        case 0x80..<0x1100: Int(v - 0x80)
        case 0x1E00..<0x20D0: 0x1080 + Int(v - 0x1E00)
        case 0x3000..<0x3100: 0x1080 + 0x2D0 + Int(v - 0x3000)
        case 0xFF01..<0xFF61: 0x1080 + 0x2D0 + 0x100 + Int(v - 0xFF01)
        default: nil
        }
    }

    /// The folded scalars of `v` (packed), or nil for Han and Hangul syllables,
    /// which stay as they are.
    @inline(__always)
    func folded(_ v: UInt32) -> UnsafeBufferPointer<UInt32>? {
        guard let i = Self.slot(v) else { return nil }
        let s = slots[i]
        return UnsafeBufferPointer(rebasing: outputs[Int(s >> 8)..<Int(s >> 8) + Int(s & 0xFF)])
    }

    static func covered(_ v: UInt32) -> Bool {
        switch v {
        case 0x3099, 0x309A: return false  // combining voicing marks: they compose with the kana before them
        case 0x3400...0x4DBF, 0x4E00...0x9FFF: return true  // Han: no case, no marks, NFKC-stable
        case 0xAC00...0xD7A3: return true  // Hangul syllables
        default: return slot(v) != nil
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
