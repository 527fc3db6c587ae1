import Testing
@testable import StoryMatcher

/// Story prints are stored with their stories and compared with prints made
/// later, by a newer feedwatch too: their token hash is fixed, whatever the
/// matcher's own tables hash with.
@Suite struct StoryPrinterHashTests {
    private func hash(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { StoryPrinter.tokenHash($0) }
    }

    @Test("a print's token hash is 64-bit FNV-1a with its halves folded, by the published test vectors")
    func fnv1a() {
        // FNV-1a 64 of "a" and of "foobar" (the reference implementation's test suite).
        for (text, fnv) in [("a", 0xAF63_DC4C_8601_EC8C as UInt64), ("foobar", 0x8594_4171_F739_67E8)] {
            #expect(hash(text) == fnv ^ (fnv >> 32))
        }
    }

    @Test("a signature's minima are fixed: splitmix64 of each shingle with each of 64 fixed seeds, as computed elsewhere")
    func minHashFixed() {
        // Computed outside Swift (Python, splitmix64's finaliser, seed i = mix(i * 0xD1B54A32D192ED03)).
        let s = MinHash.signature([1, 2, 3, 0xDEAD_BEEF])
        #expect(s.count == 64 && Array(s.prefix(4)) == [146_079_144, 514_780_901, 694_194_734, 862_790_971] && s[63] == 485_679_752)
        #expect(MinHash.signature([]).allSatisfy { $0 == .max })
    }
}
