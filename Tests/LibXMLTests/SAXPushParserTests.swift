import Foundation
import LibXML
import Testing

/// Records events as text so tests can compare whole streams.
final class Recorder: SAXDelegate {
    var events: [String] = []
    var problems: [XMLProblem] = []

    func startElement(localName: XMLName, prefix: XMLName, namespaceURI: XMLName, attributes: XMLAttributes) {
        var e = "<" + localName.string
        if !namespaceURI.isNull { e += "{\(namespaceURI.string)}" }
        for i in 0..<attributes.count { e += " \(attributes.localName(at: i).string)=\(attributes.value(at: i))" }
        events.append(e + ">")
    }

    func endElement(localName: XMLName, prefix: XMLName, namespaceURI: XMLName) {
        events.append("</" + localName.string + ">")
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: bytes, as: UTF8.self)
        if let last = events.last, last.hasPrefix("\"") {
            events[events.count - 1] = String(last.dropLast()) + text + "\""
        } else {
            events.append("\"" + text + "\"")
        }
    }

    func problem(_ problem: XMLProblem) { problems.append(problem) }
}

@Suite("libxml2 SAX2 push parser")
struct SAXPushParserTests {
    static func run(_ xml: String, chunk: Int = 1 << 20) -> Recorder {
        let recorder = Recorder()
        let parser = SAXPushParser(delegate: recorder)
        let bytes = Array(xml.utf8)
        var i = 0
        while i < bytes.count {
            parser.parse(Array(bytes[i..<min(i + chunk, bytes.count)]))
            i += chunk
        }
        parser.finish()
        return recorder
    }

    @Test("elements, namespaces, attributes and text arrive in order")
    func events() {
        let r = Self.run(#"<a xmlns:x="urn:x"><x:b k="v &amp; w">t&lt;1</x:b><![CDATA[c&d]]></a>"#)
        #expect(r.events == ["<a>", "<b{urn:x} k=v & w>", "\"t<1\"", "</b>", "\"c&d\"", "</a>"])
        #expect(r.problems.isEmpty)
    }

    @Test("the same events whatever the chunk size", arguments: [1, 2, 3, 7, 64])
    func chunking(_ size: Int) {
        let xml = #"<?xml version="1.0"?><root a="1"><child>Ким 金正恩 😀</child><e/></root>"#
        #expect(Self.run(xml, chunk: size).events == Self.run(xml).events)
    }

    @Test("ill-formed input is recovered and reported with a line")
    func recovery() {
        let r = Self.run("<a>\n<b>one</c>\n<d>two</d></a>")
        #expect(r.events.contains("\"two\""))
        #expect(r.problems.contains { $0.line == 2 && $0.message.contains("mismatch") })
    }

    @Test("declared entities never resolve; predefined ones do")
    func entities() {
        // (Entities after the first error are dropped by libxml2 2.9 itself; the
        // feed parser's repair filter settles every reference before it gets here.)
        let r = Self.run(#"<!DOCTYPE a [<!ENTITY e "EXPANDED">]><a>&lt;&e;</a>"#)
        #expect(!r.events.joined().contains("EXPANDED"))
        #expect(r.events.contains("\"<\""))
        #expect(r.problems.contains { $0.message.contains("'e'") })
    }

    @Test("stop() ends the event stream")
    func stop() {
        let recorder = Recorder()
        let parser = SAXPushParser(delegate: recorder)
        parser.parse(Array("<a><b>".utf8))
        parser.stop()
        #expect(parser.hasStopped)
        parser.parse(Array("<c>more</c></b></a>".utf8))
        parser.finish()
        #expect(!recorder.events.contains("<c>"))
    }
}

@Suite("HTML to text")
struct HTMLTextTests {
    static let cases: [(String, String)] = [
        ("plain text", "plain text"),
        ("<p>Hello <b>world</b> &amp; caf&eacute;&nbsp;&mdash;</p><script>evil()</script>", "Hello world & café —"),
        ("AT&T <unclosed", "AT&T"),
        ("&lt;b&gt;escaped&lt;/b&gt;", "<b>escaped</b>"),
        ("a<br>b", "a b"),
        ("<style>p{}</style>x", "x"),
        ("5 < 6", "5 < 6"),
        ("Caf\u{00E9} <i>brûlée</i>", "Café brûlée"),
    ]

    @Test("tags go, text stays, entities decoded once, whitespace collapsed", arguments: cases)
    func plainText(_ html: String, _ expected: String) {
        #expect(HTMLText.plainText(fromHTML: html) == expected)
    }

    @Test("HTML 4 entity names, case-sensitive")
    func entityTable() {
        func lookup(_ s: String) -> UInt32? { Array(s.utf8).withUnsafeBufferPointer { HTMLEntities.scalar(named: $0) } }
        #expect(lookup("eacute") == 0xE9)
        #expect(lookup("Eacute") == 0xC9)
        #expect(lookup("nbsp") == 0xA0)
        #expect(lookup("mdash") == 0x2014)
        #expect(lookup("nosuch") == nil)
        #expect(lookup("") == nil)
    }
}
