#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the bytes of a feed, in whatever encoding, into valid UTF-8 for libxml2.
///
/// We transcode ourselves rather than let libxml2 do it so that every later step
/// (the repair filter, libxml2 with `XML_PARSE_IGNORE_ENC`) sees one encoding, and
/// so that the common faults are handled the way publishers need: UTF-8 that is
/// not UTF-8 becomes windows-1252, labels such as ISO-8859-1 and US-ASCII mean
/// windows-1252 (as browsers read them), and bytes iconv cannot read become U+FFFD
/// instead of ending the document.
package final class InputDecoder {
    enum Mode {
        /// Validate UTF-8; `declared` says whether the document (or a hint) said
        /// UTF-8. Undeclared input that proves invalid switches to windows-1252 for
        /// good; declared input has each bad byte read as windows-1252.
        case utf8(declared: Bool)
        case windows1252
        /// A single-byte encoding iconv lacks: the code points of bytes 0x80–0xFF.
        case table([UInt32])
        case iconv(iconv_t)
    }

    private var mode: Mode
    private var carry: [UInt8] = []
    private var scratch: [UInt8] = []
    private var outBuffer: [UInt8] = []
    private(set) var warnings: [String] = []
    private var offset = 0  // bytes consumed so far, for locations in warnings
    private var reportedBadUTF8 = false
    private var reportedIconvFault = false
    /// The encoding the document was finally read as, for diagnostics.
    private(set) var encodingName: String

    /// - Parameter encoding: the effective label (BOM, declaration or hint), or nil.
    package init(encoding: String?) {
        switch encoding.map(EncodingLabel.resolve) {
        case nil:
            mode = .utf8(declared: false)
            encodingName = "UTF-8"
        case .utf8?:
            mode = .utf8(declared: true)
            encodingName = "UTF-8"
        case .windows1252?:
            mode = .windows1252
            encodingName = "windows-1252"
        case .table(let name, let high)?:
            mode = .table(high)
            encodingName = name
        case .iconv(let name)?:
            if let cd = InputDecoder.open(name) {
                mode = .iconv(cd)
                encodingName = name
            } else {
                fallthrough
            }
        case .unknown?:
            mode = .utf8(declared: false)
            encodingName = "UTF-8"
            let label = encoding ?? ""
            // XML's EncName starts with a letter: say so when nothing reads the name either.
            let notXML = label.unicodeScalars.first.map { !(("a"..."z").contains($0) || ("A"..."Z").contains($0)) } ?? true
            warnings.append("unknown encoding '\(label)'\(notXML ? " (not a name XML allows)" : ""): "
                + "read as UTF-8 (windows-1252 where that fails)")
        }
    }

    private static func open(_ name: String) -> iconv_t? {
        let cd = iconv_open("UTF-8", name)
        return cd == iconv_t(bitPattern: -1) ? nil : cd
    }

    deinit {
        if case .iconv(let cd) = mode { iconv_close(cd) }
    }

    /// Decodes the next chunk; `emit` receives UTF-8 (possibly the input itself,
    /// uncopied, when nothing needed changing).
    package func decode(_ input: UnsafeBufferPointer<UInt8>, final: Bool, emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        if carry.isEmpty {
            decodeJoined(input, final: final, emit: emit)
        } else {
            var joined = carry
            carry.removeAll(keepingCapacity: true)
            joined.append(contentsOf: input)
            joined.withUnsafeBufferPointer { decodeJoined($0, final: final, emit: emit) }
        }
        offset += input.count
    }

    private func decodeJoined(_ input: UnsafeBufferPointer<UInt8>, final: Bool, emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        switch mode {
        case .utf8(let declared): decodeUTF8(input, declared: declared, final: final, emit: emit)
        case .windows1252: decode1252(input, emit: emit)
        case .table(let high): decodeTable(high, input, emit: emit)
        case .iconv(let cd): decodeIconv(cd, input, final: final, emit: emit)
        }
    }

    // MARK: UTF-8 with a windows-1252 fallback

    /// Past the ASCII at `i`, 32 and then 8 bytes at a time (the common case in
    /// feeds); `i` itself when the next 8 bytes are not all ASCII.
    @inline(__always)
    private static func skipASCII(_ p: UnsafePointer<UInt8>, from start: Int, count n: Int) -> Int {
        var i = start
        while i + 32 <= n {
            let r = UnsafeRawPointer(p + i)
            let any = r.loadUnaligned(as: UInt64.self) | r.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                | r.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | r.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
            if any & 0x8080_8080_8080_8080 != 0 { break }
            i += 32
        }
        if i + 8 <= n, UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
        return i
    }

    private func decodeUTF8(_ input: UnsafeBufferPointer<UInt8>, declared: Bool, final: Bool,
                            emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard let p = input.baseAddress else { return }
        let n = input.count
        var i = 0
        var runStart = 0
        @inline(__always) func flushRun(_ end: Int) {
            if end > runStart { emit(UnsafeBufferPointer(start: p + runStart, count: end - runStart)) }
        }
        while i < n {
            let skipped = InputDecoder.skipASCII(p, from: i, count: n)
            if skipped != i { i = skipped; continue }
            let b = p[i]
            if b < 0x80 { i += 1; continue }
            let len = InputDecoder.sequenceLength(p + i, available: n - i)
            if len > 0 {
                // U+FFFE and U+FFFF are not XML characters: replace with U+FFFD.
                if len == 3, b == 0xEF, p[i + 1] == 0xBF, p[i + 2] >= 0xBE {
                    flushRun(i)
                    InputDecoder.replacement.withUnsafeBufferPointer { emit($0) }
                    i += 3
                    runStart = i
                    continue
                }
                i += len
                continue
            }
            if len == -1 && !final {
                // A sequence cut by the chunk boundary: finish it with the next chunk.
                flushRun(i)
                carry.append(contentsOf: UnsafeBufferPointer(start: p + i, count: n - i))
                return
            }
            // Not UTF-8.
            flushRun(i)
            if !declared {
                mode = .windows1252
                encodingName = "windows-1252"
                warnings.append("not valid UTF-8 (byte \(offset + i)) and no encoding declared: read as windows-1252")
                decode1252(UnsafeBufferPointer(start: p + i, count: n - i), emit: emit)
                return
            }
            if !reportedBadUTF8 {
                reportedBadUTF8 = true
                warnings.append("invalid UTF-8 at byte \(offset + i) although the document declares UTF-8: such bytes read as windows-1252")
            }
            var out: [UInt8] = []
            InputDecoder.append1252(b, to: &out)
            out.withUnsafeBufferPointer { emit($0) }
            i += 1
            runStart = i
        }
        flushRun(n)
    }

    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// Length of the valid UTF-8 sequence at `p`, 0 if invalid, -1 if it could be
    /// valid but is cut short.
    @inline(__always)
    static func sequenceLength(_ p: UnsafePointer<UInt8>, available: Int) -> Int {
        let b0 = p[0]
        let len: Int
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: len = 2
        case 0xE0: len = 3; lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: len = 3
        case 0xED: len = 3; hi = 0x9F
        case 0xF0: len = 4; lo = 0x90
        case 0xF1...0xF3: len = 4
        case 0xF4: len = 4; hi = 0x8F
        default: return 0
        }
        for k in 1..<len {
            if k >= available { return -1 }
            let c = p[k]
            if k == 1 {
                if c < lo || c > hi { return 0 }
            } else if c < 0x80 || c > 0xBF {
                return 0
            }
        }
        return len
    }

    // MARK: windows-1252

    private static let high1252: [UInt16] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    /// The character windows-1252 gives a C1 code point (U+0080–U+009F), which is
    /// what publishers meant when such bytes or `&#146;` references appear.
    static func windows1252Scalar(forC1 value: UInt32) -> UInt32 {
        guard value >= 0x80, value <= 0x9F else { return value }
        return UInt32(high1252[Int(value - 0x80)])
    }

    @inline(__always)
    static func append1252(_ b: UInt8, to out: inout [UInt8]) {
        let scalar: UInt32 = b < 0xA0 ? UInt32(high1252[Int(b) - 0x80]) : UInt32(b)
        appendUTF8(scalar, to: &out)
    }

    @inline(__always)
    static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        UTF8.encode(Unicode.Scalar(v) ?? "\u{FFFD}") { out.append($0) }
    }

    private func decode1252(_ input: UnsafeBufferPointer<UInt8>, emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        scratch.removeAll(keepingCapacity: true)
        scratch.reserveCapacity(input.count + input.count / 4)
        for b in input {
            if b < 0x80 { scratch.append(b) } else { InputDecoder.append1252(b, to: &scratch) }
        }
        scratch.withUnsafeBufferPointer { emit($0) }
    }

    private func decodeTable(_ high: [UInt32], _ input: UnsafeBufferPointer<UInt8>, emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        scratch.removeAll(keepingCapacity: true)
        scratch.reserveCapacity(input.count + input.count / 2)
        for b in input {
            if b < 0x80 { scratch.append(b) } else { InputDecoder.appendUTF8(high[Int(b) - 0x80], to: &scratch) }
        }
        scratch.withUnsafeBufferPointer { emit($0) }
    }

    // MARK: iconv

    private func decodeIconv(_ cd: iconv_t, _ input: UnsafeBufferPointer<UInt8>, final: Bool,
                             emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard let base = input.baseAddress, input.count > 0 else { return }
        scratch.removeAll(keepingCapacity: true)
        // Reused from chunk to chunk: iconv output for one 64 KiB chunk is at most 4×.
        if outBuffer.count < max(4096, input.count * 4) { outBuffer = [UInt8](repeating: 0, count: max(4096, input.count * 4)) }
        var inPtr = UnsafeMutablePointer(mutating: base).withMemoryRebound(to: CChar.self, capacity: input.count) { $0 }
        var inLeft = input.count
        while inLeft > 0 {
            let produced: Int
            var failure: Int32 = 0
            (produced, failure) = outBuffer.withUnsafeMutableBufferPointer { ob -> (Int, Int32) in
                var outPtr: UnsafeMutablePointer<CChar>? = ob.baseAddress!.withMemoryRebound(to: CChar.self, capacity: ob.count) { $0 }
                var outLeft = ob.count
                var inOpt: UnsafeMutablePointer<CChar>? = inPtr
                let r = iconv(cd, &inOpt, &inLeft, &outPtr, &outLeft)
                inPtr = inOpt!
                return (ob.count - outLeft, r == -1 ? errno : 0)
            }
            scratch.append(contentsOf: outBuffer[0..<produced])
            if failure == 0 { break }
            if failure == E2BIG { continue }
            if failure == EINVAL && !final {
                // Incomplete multibyte sequence at the end of the chunk.
                inPtr.withMemoryRebound(to: UInt8.self, capacity: inLeft) {
                    carry.append(contentsOf: UnsafeBufferPointer(start: $0, count: inLeft))
                }
                break
            }
            // EILSEQ (or a truncated sequence at the very end): one U+FFFD, skip a byte.
            if !reportedIconvFault {
                reportedIconvFault = true
                let at = offset + (input.count - inLeft)
                warnings.append("bytes not valid in \(encodingName) (first at byte \(at)): replaced by U+FFFD")
            }
            scratch.append(contentsOf: InputDecoder.replacement)
            inPtr += 1
            inLeft -= 1
        }
        scratch.withUnsafeBufferPointer { emit($0) }
    }
}
