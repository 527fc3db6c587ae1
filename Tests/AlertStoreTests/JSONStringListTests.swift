import Foundation
import FeedwatchSupport
import Testing
@testable import AlertStore

/// The archive's authors and categories are read back by a small reader:
/// it must give what JSONDecoder gives on what JSONWriter writes, and refuse
/// what is not a list of strings.
@Suite("JSON string lists of the archive")
struct JSONStringListTests {
    static let samples: [[String]] = [
        [], [""], ["Ann Lee"], ["a\"b", "back\\slash", "line\nbreak\ttab", "\u{01}\u{1F}"],
        ["Ким Чен Ын", "김정은", "😀 emoji", "Tromsø"], ["/slash/", "\u{7F}\u{80}"],
    ]

    @Test("the archive writes each list exactly as JSONWriter does, plain or escaped")
    func archiveWriter() {
        for list in Self.samples + [["Staff"], ["world", "asia"], ["\u{2028}", "\u{2029}", "€ sign", "a\u{2028}b"]] {
            var w = JSONWriter(pretty: false)
            w.beginArray()
            for s in list { w.string(s) }
            w.endArray()
            #expect(AlertStore.jsonList(list) == w.output, "\(list)")
        }
    }

    @Test("what JSONWriter writes reads back as JSONDecoder reads it")
    func roundTrip() throws {
        for list in Self.samples {
            var w = JSONWriter(pretty: false)
            w.beginArray()
            for s in list { w.string(s) }
            w.endArray()
            let text = w.output
            #expect(try JSONStringList.decode(text) == list, "\(text)")
            #expect(try JSONStringList.decode(text) == JSONDecoder().decode([String].self, from: Data(text.utf8)))
        }
    }

    @Test("escapes, surrogate pairs and spacing as JSON allows them")
    func escapes() throws {
        #expect(try JSONStringList.decode(#" [ "a\u00e9\/" , "\ud83d\ude00" ] "#) == ["aé/", "😀"])
        #expect(try JSONStringList.decode(#"["\b\f\n\r\t\"\\"]"#) == ["\u{08}\u{0C}\n\r\t\"\\"])
        #expect(try JSONStringList.decode(#"["\ud800x"]"#) == ["\u{FFFD}x"])
    }

    @Test("what is not a list of strings is refused with where")
    func malformed() {
        for bad in ["", "[", "]", "[1]", #"["a",]"#, #"["a" "b"]"#, #"["a"] x"#, #"["\x"]"#, #"["\u12"]"#, "[\"a\nb\"]", #"{"a":1}"#] {
            #expect(throws: JSONStringList.Malformed.self, "\(bad)") { try JSONStringList.decode(bad) }
        }
    }
}
