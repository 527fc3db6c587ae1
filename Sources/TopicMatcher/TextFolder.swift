import Foundation

/// The one folding used for queries and articles alike (DESIGN.md, "Precisely"):
/// NFKC, case folding, combining marks dropped (kana voicing marks kept), soft
/// hyphen / joiners / BOM / bidi controls dropped so the text around them joins,
/// every other non-letter, non-digit a separator. Han, Hiragana, Katakana and
/// Hangul characters are one token each.
package enum TextFolder {
    /// The tokens of `text`, in order.
    package static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        fold(text) { out.append(String(decoding: $0, as: UTF8.self)) }
        return out
    }

    /// Calls `emit` with the folded UTF-8 bytes of each token of `text`, in
    /// order, without making a String per token (the buffer is valid only
    /// during the call). This runs over every field of every article.
    package static func fold(_ text: String, _ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        text.withUTF8 { fold(bytes: $0, emit) }
    }

    /// `fold` of text already in UTF-8 (valid UTF-8: part of a String's bytes cut at ASCII).
    static func fold(bytes: UnsafeBufferPointer<UInt8>, _ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        asciiClasses.withUnsafeBufferPointer { classes in
            guard let classes = classes.baseAddress else { return }
            fold(bytes: bytes, classes: classes, emit)
        }
    }

    /// Per byte: 1 an ASCII lower-case letter or digit, 2 a capital, 0 anything
    /// else (a separator, or a byte of a non-ASCII character). One load and
    /// test per byte of a word, where two range tests were 13 instructions a
    /// letter and the most executed loop of a poll (`valgrind --tool=callgrind`).
    private static let asciiClasses: [UInt8] = (0..<256).map { b in
        switch UInt8(b) {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): 1
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): 2
        default: 0
        }
    }

    private static func fold(bytes: UnsafeBufferPointer<UInt8>, classes: UnsafePointer<UInt8>,
                             _ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        var word = WordBuffer(capacity: 64)
        defer { word.deallocate() }
        func flushWord() { word.flush(emit) }
        @inline(__always) func append(_ u: UInt32, _ kind: Kind) {
            switch kind {
            case .drop: return
            case .separator: flushWord()
            case .ideograph:
                flushWord()
                word.appendUTF8(u)
                flushWord()
            case .wordCharacter: word.appendUTF8(u)
            }
        }
        let n = bytes.count
        var i = 0
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                // ASCII, the bulk of most feeds: a run of letters and digits at once.
                let (j, upper) = asciiWord(bytes, from: i, classes: classes)
                if j == i {
                    flushWord()
                    i += 1
                } else if !upper && word.isEmpty && (j == n || bytes[j] < 0x80) {
                    // A whole word already folded: given as it stands in the text, not copied.
                    emit(UnsafeBufferPointer(rebasing: bytes[i..<j]))
                    i = j
                } else {
                    // Capitals to lower case; digits and lower case have the bit already.
                    while i < j {
                        word.append(bytes[i] | 0x20)
                        i += 1
                    }
                }
                continue
            }
            var j = i
            while j < n, bytes[j] >= 0x80 { j += 1 }
            foldRun(UnsafeBufferPointer(rebasing: bytes[i..<j]), append)
            i = j
        }
        flushWord()
    }

    /// Where the run of ASCII letters and digits from `i` ends, and whether it
    /// has capitals (`asciiClasses`).
    @inline(__always)
    private static func asciiWord(_ bytes: UnsafeBufferPointer<UInt8>, from i: Int,
                                  classes: UnsafePointer<UInt8>) -> (end: Int, upper: Bool) {
        var j = i
        var seen: UInt8 = 0
        while j < bytes.count {
            let k = classes[Int(bytes[j])]
            if k == 0 { break }
            seen |= k
            j += 1
        }
        return (j, seen & 2 != 0)
    }

    /// A run of non-ASCII bytes, scalar by scalar, as (folded scalar, kind).
    @inline(__always)
    private static func foldRun(_ run: UnsafeBufferPointer<UInt8>, _ append: (UInt32, Kind) -> Void) {
        if ScalarFoldTable.covers(run) {
            // Most scripts (see ScalarFoldTable), Han and Hangul syllables: each
            // scalar folds on its own (a table made once by the full folding below).
            let table = ScalarFoldTable.shared
            ScalarFoldTable.forEachScalar(run) { v in
                if let folded = table.folded(v) {
                    for packed in folded { append(packed & 0x1F_FFFF, Kind(rawValue: UInt8(packed >> 24)) ?? .separator) }
                } else {
                    append(v, .ideograph)
                }
            }
        } else {
            // Anything else (kana with voicing marks, jamo, compatibility
            // characters) goes through Foundation as a whole run, since NFKC may
            // compose across its scalars.
            for u in foldSlow(String(decoding: run, as: UTF8.self)).unicodeScalars {
                append(u.value, classify(u))
            }
        }
    }

    /// Where each token of `text` stands in it, found on the text as written
    /// (for explanations: `"Kim Dzong Unem"` rather than the folded `kim dzong
    /// unem`). The same rules as `fold` read per original scalar; where NFKC
    /// would split or join differently, the counts differ and the caller shows
    /// the folded tokens instead.
    static func tokenRanges(_ text: String) -> [Range<String.UnicodeScalarView.Index>] {
        var out: [Range<String.UnicodeScalarView.Index>] = []
        let scalars = text.unicodeScalars
        var wordStart: String.UnicodeScalarView.Index?
        var wordEnd = scalars.startIndex
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let u = scalars[i]
            let next = scalars.index(after: i)
            switch classify(u) {
            case .drop:
                break
            case .ideograph:
                if let s = wordStart { out.append(s..<wordEnd) }
                wordStart = nil
                out.append(i..<next)
            case .wordCharacter:
                if wordStart == nil { wordStart = i }
                wordEnd = next
            case .separator:
                if let s = wordStart { out.append(s..<wordEnd) }
                wordStart = nil
            }
            i = next
        }
        if let s = wordStart { out.append(s..<wordEnd) }
        return out
    }

    /// The bytes of the word being read, in a raw buffer: an array's append
    /// checks its uniqueness per byte, and this runs for every byte of every
    /// article. Owned by one `fold` call, which deallocates it.
    private struct WordBuffer {
        private var bytes: RawColumn<UInt8>

        var isEmpty: Bool { bytes.count == 0 }

        init(capacity: Int) {
            bytes = RawColumn(capacity: capacity)
        }

        @inline(__always)
        mutating func append(_ b: UInt8) {
            bytes.append(b)
        }

        /// `v` is a scalar (decoded from valid UTF-8, or folded from one).
        @inline(__always)
        mutating func appendUTF8(_ v: UInt32) {
            if v < 0x80 {
                append(UInt8(v))
            } else if v < 0x800 {
                append(UInt8(0xC0 | v >> 6))
                append(UInt8(0x80 | v & 0x3F))
            } else if v < 0x1_0000 {
                append(UInt8(0xE0 | v >> 12))
                append(UInt8(0x80 | v >> 6 & 0x3F))
                append(UInt8(0x80 | v & 0x3F))
            } else {
                append(UInt8(0xF0 | v >> 18 & 0x07))
                append(UInt8(0x80 | v >> 12 & 0x3F))
                append(UInt8(0x80 | v >> 6 & 0x3F))
                append(UInt8(0x80 | v & 0x3F))
            }
        }

        mutating func flush(_ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
            guard bytes.count > 0 else { return }
            emit(bytes.buffer)
            bytes.removeAll()
        }

        func deallocate() { bytes.deallocate() }
    }

    enum Kind: UInt8 { case drop, separator, ideograph, wordCharacter }

    /// Characters that vanish and join what surrounds them.
    private static func isJoiningControl(_ v: UInt32) -> Bool {
        switch v {
        case 0x00AD, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C: return true
        default: return false
        }
    }

    static func classify(_ u: Unicode.Scalar) -> Kind {
        let v = u.value
        // ASCII, most of most texts: letters and digits, else separators (the
        // general category look-up below costs more than the rest of a scan).
        if v < 0x80 {
            let lower = v | 0x20
            return (lower >= 0x61 && lower <= 0x7A) || (v >= 0x30 && v <= 0x39) ? .wordCharacter : .separator
        }
        if isJoiningControl(v) { return .drop }
        if isIdeographic(v) { return .ideograph }
        switch u.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return .wordCharacter
        case .nonspacingMark, .spacingMark, .enclosingMark:
            // Left after recomposition only where nothing could absorb them (the
            // kana voicing marks we keep): part of the word.
            return .wordCharacter
        default:
            return .separator
        }
    }

    /// Han, Hiragana, Katakana and Hangul: a token per character.
    static func isIdeographic(_ v: UInt32) -> Bool {
        switch v {
        case 0x2E80...0x2FDF, 0x3005, 0x3007, 0x3021...0x3029, 0x3038...0x303B, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xF900...0xFAFF, 0x20000...0x3134F:
            return true  // Han
        case 0x3041...0x3096, 0x309D...0x309F:
            return true  // Hiragana
        case 0x30A1...0x30FA, 0x30FD...0x30FF, 0x31F0...0x31FF:
            return true  // Katakana
        case 0xAC00...0xD7AF, 0x1100...0x11FF, 0x3131...0x318E, 0xA960...0xA97F, 0xD7B0...0xD7FF:
            return true  // Hangul
        default:
            return false
        }
    }

    /// NFKC, case fold, NFD, marks dropped (but the kana voicing marks), NFC.
    /// ß and ς are mapped per scalar: as characters they would not be found
    /// when a combining mark follows them.
    static func foldSlow(_ s: String) -> String {
        let folded = s.precomposedStringWithCompatibilityMapping.lowercased()
        var kept = String.UnicodeScalarView()
        for u in folded.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch u.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                if u.value == 0x3099 || u.value == 0x309A { kept.append(u) }
            default:
                switch u.value {
                case 0xDF, 0x1E9E: kept.append(contentsOf: "ss".unicodeScalars)
                case 0x3C2: kept.append("σ")
                default: kept.append(u)
                }
            }
        }
        return String(kept).precomposedStringWithCanonicalMapping
    }
}
