/// Reads a JSON array of strings (an archived article's authors and
/// categories, as `JSONWriter` wrote them): strict JSON, any escape, nothing
/// else. `JSONDecoder` took a fifth of reading articles back for a backtest.
enum JSONStringList {
    struct Malformed: Error, CustomStringConvertible {
        let offset: Int
        var description: String { "not a JSON list of strings at byte \(offset)" }
    }

    static func decode(_ text: String) throws(Malformed) -> [String] {
        var text = text
        let result: Result<[String], Malformed> = text.withUTF8 { b in
            var reader = Reader(b: b)
            do throws(Malformed) { return .success(try reader.list()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private struct Reader {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0

        mutating func list() throws(Malformed) -> [String] {
            skipSpace()
            try expect(UInt8(ascii: "["))
            var out: [String] = []
            skipSpace()
            if peek() == UInt8(ascii: "]") {
                i += 1
            } else {
                while true {
                    skipSpace()
                    out.append(try string())
                    skipSpace()
                    if peek() == UInt8(ascii: ",") { i += 1; continue }
                    try expect(UInt8(ascii: "]"))
                    break
                }
            }
            skipSpace()
            guard i == b.count else { throw Malformed(offset: i) }
            return out
        }

        private func peek() -> UInt8? { i < b.count ? b[i] : nil }

        private mutating func expect(_ c: UInt8) throws(Malformed) {
            guard peek() == c else { throw Malformed(offset: i) }
            i += 1
        }

        private mutating func skipSpace() {
            while let c = peek(), c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1 }
        }

        private mutating func string() throws(Malformed) -> String {
            try expect(UInt8(ascii: "\""))
            var bytes: [UInt8] = []
            while let c = peek() {
                i += 1
                switch c {
                case UInt8(ascii: "\""): return String(decoding: bytes, as: UTF8.self)
                case UInt8(ascii: "\\"): try escape(into: &bytes)
                case 0..<0x20: throw Malformed(offset: i - 1)
                default: bytes.append(c)
                }
            }
            throw Malformed(offset: i)
        }

        private mutating func escape(into bytes: inout [UInt8]) throws(Malformed) {
            guard let c = peek() else { throw Malformed(offset: i) }
            i += 1
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(c)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                var v = try hex4()
                if (0xD800..<0xDC00).contains(v), peek() == UInt8(ascii: "\\"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "u") {
                    let save = i
                    i += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) { v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00) } else { i = save }
                }
                // A lone surrogate is U+FFFD, as JSONDecoder reads it.
                bytes.append(contentsOf: String(Unicode.Scalar(v) ?? "\u{FFFD}").utf8)
            default: throw Malformed(offset: i - 1)
            }
        }

        private mutating func hex4() throws(Malformed) -> UInt32 {
            guard i + 4 <= b.count else { throw Malformed(offset: i) }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = b[i] | 0x20
                let d: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
                default: throw Malformed(offset: i)
                }
                v = v << 4 | d
                i += 1
            }
            return v
        }
    }
}
