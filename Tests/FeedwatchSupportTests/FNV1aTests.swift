import FeedwatchSupport
import Testing

/// The store keeps titles and links as these hashes: every entry point must
/// give the published FNV-1a 64 values, or an upgraded feedwatch would see
/// every stored entry as new.
@Suite("FNV-1a")
struct FNV1aTests {
    static let vectors: [(String, UInt64)] = [
        ("", 0xCBF2_9CE4_8422_2325), ("a", 0xAF63_DC4C_8601_EC8C), ("foobar", 0x8594_4171_F739_67E8),
        ("Пу́тин", 0x66D5_5252_8138_2007),
    ]

    @Test("a string, its UTF-8 view, a byte array and a lazy sequence hash to the reference values")
    func referenceValues() {
        for (text, expected) in Self.vectors {
            #expect(FNV1a.hash(text) == expected, "\(text)")
            #expect(FNV1a.hash(text.utf8) == expected, "\(text)")
            #expect(FNV1a.hash(Array(text.utf8)) == expected, "\(text)")
            // Not contiguous: the iterator path.
            #expect(FNV1a.hash(text.utf8.lazy.map { $0 }) == expected, "\(text)")
        }
    }

    @Test("a substring's bridged (non-native) text hashes like the native copy")
    func substring() {
        let whole = "xx foobar yy"
        let part = whole.dropFirst(3).prefix(6)
        #expect(FNV1a.hash(part.utf8) == 0x8594_4171_F739_67E8)
        #expect(FNV1a.hash(String(part)) == 0x8594_4171_F739_67E8)
    }
}
