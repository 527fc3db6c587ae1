import FeedwatchTestSupport

/// Random HTML for `HTMLFastTextTests`: the elements, references, comments and
/// attributes of feed summaries, nested well most of the time and badly
/// sometimes (blocks in paragraphs, stray end tags, unknown elements, bare `&`),
/// so that both the fast path and its hand-back to the parser are exercised.
enum HTMLGenerator {
    typealias Random = SplitMix64

    static let elements = ["p", "div", "span", "a", "b", "i", "em", "strong", "ul", "ol", "li", "h2", "blockquote", "figure",
                           "figcaption", "pre", "small", "sub", "font", "P", "Strong", "section", "u", "q", "code"]
    /// Outside the fast path's table, or closed by the parser's own rules.
    static let unusual = ["table", "td", "center", "dl", "dt", "address", "noscript", "title", "body", "wbr", "tr"]
    static let voids = ["br", "br/", "br /", "img src=\"a.jpg\" alt=\"\"", "hr", "img src=x.png", "BR"]
    static let words = ["Kim", "Putin", "met", "in", "Vostochny", "café", "Ким", "김정은", "&amp;", "&nbsp;", "&eacute;", "&#8212;",
                        "&#x41;", "&lt;b&gt;", "&quot;", "&apos;", "&hellip;", "&euro;", "5 > 4", " ", "\n", "\t", "x\u{A0}y", "&#128;",
                        "&Eacute;", "&#60;", "&#x3c;p&#x3e;"]
    /// References the parser does not decode as a whole, and a bare `<`.
    static let oddWords = ["&", "&amp", "&#65", "&bogus;", "a < b", "&#0;", "&#x110000;", "&#xD800;", "&#x;", "&;"]
    static let attributes = [" href=\"https://x.test/?a=1&amp;b=2\"", " class='c d'", " title=\"x > y\"", " id=a1", " data-x=\"1\"",
                             " rel=nofollow", " checked", " style=\"color: red\"", "  lang = \"en\"", " href=http://x.test/a/"]

    static func document(_ r: inout Random) -> String {
        var out = ""
        var open: [String] = []
        let odd = r.int(3) == 0
        for _ in 0..<(3 + r.int(14)) { step(&r, &out, &open, odd: odd) }
        // Close most of what is open, sometimes not.
        if r.int(4) > 0 { for name in open.reversed() { out += "</\(name)>" } }
        return out
    }

    private static func step(_ r: inout Random, _ out: inout String, _ open: inout [String], odd: Bool) {
        switch r.int(10) {
        case 0, 1, 2:
            out += odd && r.int(4) == 0 ? r.pick(oddWords) : r.pick(words)
            if r.int(2) == 0 { out += " " }
        case 3, 4:
            let name = odd && r.int(4) == 0 ? r.pick(unusual) : r.pick(elements)
            out += "<\(name)" + (r.int(3) == 0 ? r.pick(attributes) : "") + (r.int(3) == 0 ? r.pick(attributes) : "") + ">"
            open.append(name)
        case 5, 6:
            // Usually the innermost element's end tag, sometimes another's.
            guard !open.isEmpty else { return }
            if odd && r.int(3) == 0 {
                out += "</\(r.pick(elements))>"
            } else {
                out += "</\(open.removeLast())>"
            }
        case 7:
            out += "<\(r.pick(voids))>"
        case 8:
            out += odd && r.int(2) == 0 ? r.pick(["<!-- a -- b -->", "<!-- x ", "<!DOCTYPE html>", "<?php x ?>", "<![CDATA[x]]>"])
                : r.pick(["<!-- wp:paragraph -->", "<!---->", "<p/>", "<span/>", "<!-- <b>x</b> -->"])
        default:
            out += r.pick(words) + r.pick(words)
        }
    }
}
