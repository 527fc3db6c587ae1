import FeedModel
import FeedParser
import Foundation
import Testing

@Suite("Formats, namespaces and the contract's fields")
struct FormatTests {
    static func parse(_ xml: String, base: String? = nil) throws -> ParsedFeed {
        try FeedParser.parse(xml, options: ParseOptions(baseURL: base))
    }

    @Test("RSS versions are told apart by the root's version", arguments: [
        ("0.91", FeedFormat.rss09x), ("0.92", .rss09x), ("0.9", .rss09x), ("2.0", .rss20), ("2.0.1", .rss20), ("", .rss20),
    ])
    func rssVersions(_ version: String, _ format: FeedFormat) throws {
        let attr = version.isEmpty ? "" : " version=\"\(version)\""
        let parsed = try Self.parse("<rss\(attr)><channel><title>T</title><item><title>A</title></item></channel></rss>")
        #expect(parsed.feed.format == format)
        #expect(parsed.feed.entries.count == 1)
    }

    @Test("RSS 1.0: items beside the channel, dc:date as published, rdf:about as the link when there is none")
    func rss10() throws {
        let xml = """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://example.org/"><title>Chan</title><link>https://example.org/</link>
                <description>About</description><dc:language>de</dc:language>
                <items><rdf:Seq><rdf:li resource="https://example.org/1"/></rdf:Seq></items></channel>
              <image rdf:about="https://example.org/logo.png"><title>Image title</title><url>https://example.org/logo.png</url></image>
              <item rdf:about="https://example.org/1"><title>One</title><dc:date>2023-01-25T21:21:01+01:00</dc:date>
                <dc:creator>Ann Lee</dc:creator><dc:subject>Politik</dc:subject></item>
            </rdf:RDF>
            """
        let parsed = try Self.parse(xml)
        #expect(parsed.feed.format == .rss10)
        #expect(parsed.feed.title == "Chan")
        #expect(parsed.feed.subtitle == "About")
        #expect(parsed.feed.language == "de")
        let e = parsed.feed.entries[0]
        #expect(e.link == "https://example.org/1")
        #expect(e.id == "https://example.org/1")
        #expect(e.published.map(DateParser.iso8601) == "2023-01-25T20:21:01Z")
        #expect(e.authors == ["Ann Lee"])
        #expect(e.categories == ["Politik"])
    }

    @Test("RSS 0.90 in RDF is rss0.9x")
    func rss090() throws {
        let xml = """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
              <channel><title>Old</title><link>http://example.org/</link></channel>
              <item><title>First</title><link>http://example.org/1</link></item>
            </rdf:RDF>
            """
        let parsed = try Self.parse(xml)
        #expect(parsed.feed.format == .rss09x)
        #expect(parsed.feed.entries.map(\.link) == ["http://example.org/1"])
    }

    @Test("Atom 1.0: text constructs, links by rel, persons, categories, dates")
    func atom10() throws {
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">
              <title type="text">A &lt;blink&gt; title</title>
              <subtitle type="html">&lt;b&gt;Bold&lt;/b&gt; sub</subtitle>
              <link rel="self" href="https://example.org/feed.atom"/>
              <link href="https://example.org/"/>
              <updated>2023-09-13T05:20:00Z</updated>
              <author><name>Feed Author</name></author>
              <entry>
                <title type="html">&lt;em&gt;Kim&lt;/em&gt; &amp;amp; Putin</title>
                <link rel="enclosure" href="https://example.org/a.mp3"/>
                <link rel="alternate" type="text/html" href="https://example.org/1"/>
                <link rel="alternate" type="text/html" href="https://example.org/1-second"/>
                <id>tag:example.org,2023:1</id>
                <published>2023-09-13T07:20:00+02:00</published>
                <updated>2023-09-14T05:20:00Z</updated>
                <author><name>Ann Lee</name><email>ann@example.org</email></author>
                <author><email>bob@example.org</email></author>
                <category term="world" label="World"/><category label="Only label"/>
                <summary>Plain &lt;summary&gt;</summary>
                <content type="html">&lt;p&gt;Body&lt;/p&gt;</content>
                <source><title>Other feed</title><link href="https://other.example/"/></source>
              </entry>
            </feed>
            """
        let parsed = try Self.parse(xml)
        #expect(parsed.feed.format == .atom10)
        #expect(parsed.feed.title == "A <blink> title")
        #expect(parsed.feed.subtitle == "Bold sub")
        #expect(parsed.feed.link == "https://example.org/")
        #expect(parsed.feed.language == "en-GB")
        #expect(parsed.feed.updated.map(DateParser.iso8601) == "2023-09-13T05:20:00Z")
        let e = parsed.feed.entries[0]
        #expect(e.title == "Kim & Putin")
        #expect(e.link == "https://example.org/1")
        #expect(e.id == "tag:example.org,2023:1")
        #expect(e.published.map(DateParser.iso8601) == "2023-09-13T05:20:00Z")
        #expect(e.updated.map(DateParser.iso8601) == "2023-09-14T05:20:00Z")
        #expect(e.authors == ["Ann Lee", "bob@example.org"])
        #expect(e.categories == ["world", "Only label"])
        #expect(e.summary == "Plain <summary>")
        #expect(e.content == "<p>Body</p>")
    }

    @Test("Atom html titles are decoded once: '&amp;amp;' in the XML is '&amp;' in HTML, '&' as text")
    func atomHTMLDecodedOnce() throws {
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">AT&amp;amp;T &amp;lt;3</title></entry></feed>
            """
        #expect(try Self.parse(xml).feed.entries[0].title == "AT&T <3")
    }

    @Test("inline XHTML content is the inner markup of its div")
    func xhtmlContent() throws {
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Kim <b>Jong</b> Un</div></title>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p class="lead">AT&amp;T &lt;3<br/>next</p></div></content></entry></feed>
            """
        let e = try Self.parse(xml).feed.entries[0]
        #expect(e.title == "Kim Jong Un")
        #expect(e.content == "<p class=\"lead\">AT&amp;T &lt;3<br/>next</p>")
    }

    @Test("base64 content is decoded")
    func base64() throws {
        let body = Data("<p>Kim Jong Un</p>".utf8).base64EncodedString()
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title><content type="application/octet-stream">\(body)</content></entry></feed>
            """
        #expect(try Self.parse(xml).feed.entries[0].content == "<p>Kim Jong Un</p>")
    }

    @Test("Atom 0.3: tagline, issued, modified, escaped and base64 modes")
    func atom03() throws {
        let body = Data("<b>decoded</b>".utf8).base64EncodedString()
        let xml = """
            <feed version="0.3" xmlns="http://purl.org/atom/ns#">
              <title>Old Atom</title><tagline>The tagline</tagline>
              <link rel="alternate" type="text/html" href="http://example.org/"/>
              <modified>2004-12-27T22:00:00Z</modified>
              <entry><title>E</title><link rel="alternate" href="http://example.org/e"/><id>tag:e</id>
                <issued>2004-12-27T21:00:00Z</issued><modified>2004-12-27T22:00:00Z</modified>
                <summary type="text/html" mode="escaped">&lt;p&gt;Sum&lt;/p&gt;</summary>
                <content type="text/html" mode="base64">\(body)</content>
              </entry>
            </feed>
            """
        let parsed = try Self.parse(xml)
        #expect(parsed.feed.format == .atom03)
        #expect(parsed.feed.subtitle == "The tagline")
        #expect(parsed.feed.updated.map(DateParser.iso8601) == "2004-12-27T22:00:00Z")
        let e = parsed.feed.entries[0]
        #expect(e.published.map(DateParser.iso8601) == "2004-12-27T21:00:00Z")
        #expect(e.updated.map(DateParser.iso8601) == "2004-12-27T22:00:00Z")
        #expect(e.summary == "<p>Sum</p>")
        #expect(e.content == "<b>decoded</b>")
    }

    @Test("namespaces are matched by URI, not prefix")
    func namespacesByURI() throws {
        let xml = """
            <rss version="2.0" xmlns:x="http://purl.org/dc/elements/1.1/" xmlns:enc="http://purl.org/rss/1.0/modules/content/"
                 xmlns:dc="http://example.org/not-dublin-core/">
              <channel><item><title>t</title><dc:creator>Not An Author</dc:creator><x:creator>Real Author</x:creator>
              <enc:encoded>&lt;p&gt;full&lt;/p&gt;</enc:encoded></item></channel></rss>
            """
        let e = try Self.parse(xml).feed.entries[0]
        #expect(e.authors == ["Real Author"])
        #expect(e.content == "<p>full</p>")
    }

    @Test("an undeclared conventional prefix (dc:, media:) still counts, with a warning")
    func undeclaredPrefix() throws {
        let xml = "<rss version=\"2.0\"><channel><item><title>t</title><dc:creator>Ann</dc:creator></item></channel></rss>"
        let parsed = try Self.parse(xml)
        #expect(parsed.feed.entries[0].authors == ["Ann"])
        #expect(parsed.warnings.contains { $0.contains("dc") })
    }

    @Test("RSS under a default namespace of its own (userland's RSS 2.0 URI)")
    func defaultNamespacedRSS() throws {
        let xml = """
            <rss version="2.0" xmlns="http://backend.userland.com/rss2"><channel><title>T</title>
            <item><title>A</title><link>http://example.org/a</link></item></channel></rss>
            """
        let parsed = try Self.parse(xml)
        #expect(parsed.feed.title == "T")
        #expect(parsed.feed.entries.map(\.title) == ["A"])
    }

    @Test("Atom and Media RSS inside RSS: used where the item has no RSS element of its own")
    func atomAndMediaInRSS() throws {
        let xml = """
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
              <channel><title>T</title><atom:link rel="self" href="https://example.org/rss"/>
              <item><media:content url="https://example.org/v.mp4"><media:title>Media title</media:title>
                <media:description>Media description</media:description></media:content>
                <atom:link rel="alternate" href="https://example.org/story"/><atom:updated>2023-01-01T00:00:00Z</atom:updated></item>
              <item><title>RSS title</title><description>RSS description</description><media:title>Media title</media:title></item>
              </channel></rss>
            """
        let entries = try Self.parse(xml).feed.entries
        #expect(entries[0].title == "Media title")
        #expect(entries[0].summary == "Media description")
        #expect(entries[0].link == "https://example.org/story")
        #expect(entries[0].updated.map(DateParser.iso8601) == "2023-01-01T00:00:00Z")
        #expect(entries[1].title == "RSS title")
        #expect(entries[1].summary == "RSS description")
    }

    @Test("the channel image's title and link are not the feed's")
    func imageIsNotChannel() throws {
        let xml = """
            <rss version="2.0"><channel><image><title>Logo</title><link>http://img.example/</link></image>
            <title>Real</title><link>http://example.org/</link></channel></rss>
            """
        let feed = try Self.parse(xml).feed
        #expect(feed.title == "Real")
        #expect(feed.link == "http://example.org/")
    }

    @Test("where an element repeats, the first wins; empty elements are null")
    func firstWinsAndEmpty() throws {
        let xml = """
            <rss version="2.0"><channel><title>  </title><item><title>First</title><title>Second</title>
            <link></link><description><![CDATA[]]></description><pubDate/></item></channel></rss>
            """
        let parsed = try Self.parse(xml)
        #expect(parsed.feed.title == nil)
        let e = parsed.feed.entries[0]
        #expect(e.title == "First")
        #expect(e.link == nil)
        #expect(e.summary == nil)
        #expect(e.published == nil)
    }

    @Test("titles: whitespace and Unicode spaces collapsed, tags removed from RSS titles")
    func titleText() throws {
        let xml = "<rss version=\"2.0\"><channel><item><title>\n  Kim\u{00A0}\u{00A0}Jong&#x2009;Un &lt;b&gt;meets&lt;/b&gt;\tPutin  </title></item></channel></rss>"
        #expect(try Self.parse(xml).feed.entries[0].title == "Kim Jong Un meets Putin")
    }

    @Test("authors: the name where one can be found", arguments: [
        ("ann@example.org (Ann Lee)", "Ann Lee"),
        ("Ann Lee <ann@example.org>", "Ann Lee"),
        ("ann@example.org", "ann@example.org"),
        ("  Ann   Lee ", "Ann Lee"),
        ("Reuters (Staff)", "Reuters (Staff)"),
    ])
    func authors(_ raw: String, _ expected: String) throws {
        let xml = "<rss version=\"2.0\"><channel><item><title>t</title><author>\(raw.replacingOccurrences(of: "<", with: "&lt;"))</author></item></channel></rss>"
        #expect(try Self.parse(xml).feed.entries[0].authors == [expected])
    }

    @Test("ids: guid, else the link, else a stable hash of title, date and feed")
    func identity() throws {
        let xml = """
            <rss version="2.0"><channel><title>T</title><link>http://example.org/</link>
            <item><guid isPermaLink="false">abc-1</guid><link>http://example.org/1</link></item>
            <item><link>http://example.org/2</link></item>
            <item><title>No link</title><pubDate>Wed, 13 Sep 2023 05:20:00 GMT</pubDate></item>
            <item><guid>http://example.org/permalink</guid></item>
            </channel></rss>
            """
        let entries = try Self.parse(xml).feed.entries
        #expect(entries[0].id == "abc-1")
        #expect(entries[1].id == "http://example.org/2")
        #expect(entries[2].id.hasPrefix("hash:"))
        #expect(entries[2].id == (try Self.parse(xml).feed.entries[2].id), "stable across parses")
        #expect(entries[3].link == "http://example.org/permalink", "a permalink guid is the link")
        let other = xml.replacingOccurrences(of: "No link", with: "Other title")
        #expect(try Self.parse(other).feed.entries[2].id != entries[2].id)
    }

    @Test("links resolve against xml:base (nested), then the document URL")
    func xmlBase() throws {
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.org/blog/">
              <link href="./"/>
              <entry xml:base="2023/"><title>a</title><link href="post.html"/></entry>
              <entry><title>b</title><link href="/abs/path"/></entry>
            </feed>
            """
        let parsed = try Self.parse(xml, base: "http://ignored.example/feed")
        #expect(parsed.feed.link == "http://example.org/blog/")
        #expect(parsed.feed.entries.map(\.link) == ["http://example.org/blog/2023/post.html", "http://example.org/abs/path"])
        let rss = "<rss version=\"2.0\"><channel><item><title>t</title><link>../story?id=1</link></item></channel></rss>"
        let r = try Self.parse(rss, base: "https://news.example/section/rss.xml")
        #expect(r.feed.entries[0].link == "https://news.example/story?id=1")
    }

    @Test("JSON Feed 1.1 and 1.0")
    func jsonFeed() throws {
        let json = """
            {"version":"https://jsonfeed.org/version/1.1","title":"J  Feed","home_page_url":"https://example.org/",
             "description":"Desc","language":"en","authors":[{"name":"Feed Author"}],
             "items":[{"id":"1","url":"https://example.org/1","title":"Kim meets Putin","content_html":"<p>x</p>",
                       "summary":"s","date_published":"2023-09-13T05:20:00Z","date_modified":"2023-09-14T05:20:00+00:00","tags":["asia"]},
                      {"id":2,"url":"/2","content_text":"plain","author":{"name":"Old style"}}]}
            """
        let parsed = try FeedParser.parse(json, options: ParseOptions(baseURL: "https://example.org/feed.json"))
        #expect(parsed.feed.format == .json11)
        #expect(parsed.feed.title == "J Feed")
        #expect(parsed.feed.link == "https://example.org/")
        let e = parsed.feed.entries
        #expect(e[0].title == "Kim meets Putin")
        #expect(e[0].content == "<p>x</p>")
        #expect(e[0].published.map(DateParser.iso8601) == "2023-09-13T05:20:00Z")
        #expect(e[0].authors == ["Feed Author"])
        #expect(e[0].categories == ["asia"])
        #expect(e[1].id == "2")
        #expect(e[1].link == "https://example.org/2")
        #expect(e[1].content == "plain")
        let v10 = #"{"version":"https://jsonfeed.org/version/1","title":"Old","items":[{"id":"a","author":{"name":"Ann"}}]}"#
        #expect(try FeedParser.parse(v10).feed.entries[0].authors == ["Ann"])
    }

    @Test("a JSON Feed with a lone surrogate escape is read, the escape made U+FFFD, with a warning")
    func loneSurrogate() throws {
        let json = #"""
            {"version":"https://jsonfeed.org/version/1.1","title":"Desk \ud83d","items":[
              {"id":"1","title":"Kim \ud83d\ude00 Putin \\ud83d","summary":"cut \udc00 here \ud83d"},
              {"id":"2","title":"fine"}]}
            """#
        let parsed = try FeedParser.parse(json)
        #expect(parsed.feed.title == "Desk \u{FFFD}")
        #expect(parsed.feed.entries.map(\.id) == ["1", "2"], "the whole document, not rejected")
        #expect(parsed.feed.entries[0].title == "Kim 😀 Putin \\ud83d", "a pair stays a pair; an escaped backslash is text")
        #expect(parsed.feed.entries[0].summary == "cut \u{FFFD} here \u{FFFD}")
        #expect(parsed.warnings == ["3 lone UTF-16 surrogate escape(s) (the first at byte 61) replaced with U+FFFD"], "\(parsed.warnings)")
    }

    @Test("nothing usable: a clear error, not an empty feed", arguments: [
        ("", "empty"), ("   \n ", "empty"), ("<html><body>Hi</body></html>", "<html>"), ("plain text", "no XML element"),
        ("{\"no\":\"feed\"}", "JSON Feed"), ("{not json", "JSON"),
    ])
    func notAFeed(_ input: String, _ expectedFragment: String) {
        do {
            _ = try FeedParser.parse(input)
            Issue.record("expected an error for \(input)")
        } catch {
            #expect("\(error)".contains(expectedFragment), "\(error)")
        }
    }

    @Test("the contract JSON: key order, nulls, escapes")
    func contractJSON() throws {
        let xml = "<rss version=\"2.0\"><channel><title>Say \"hi\"\\</title><item><guid>g\u{2028}1</guid><title>a</title></item></channel></rss>"
        let json = try Self.parse(xml).contractJSON(pretty: false)
        #expect(json == #"{"format":"rss2.0","title":"Say \"hi\"\\","link":null,"subtitle":null,"language":null,"updated":null,"entries":[{"id":"g\u20281","title":"a","link":null,"summary":null,"content":null,"published":null,"updated":null,"authors":[],"categories":[]}],"warnings":[]}"#)
        let object = try JSONSerialization.jsonObject(with: Data(try Self.parse(xml).contractJSON().utf8)) as? [String: Any]
        #expect(object?["format"] as? String == "rss2.0")
    }
}

@Suite("What publishers say about polling")
struct PollingHintTests {
    @Test("RSS <ttl> and sy:updatePeriod / sy:updateFrequency give the shortest interval the publisher allows", arguments: [
        ("<ttl>60</ttl>", 3600.0),
        ("<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>", 1800.0),
        ("<sy:updatePeriod> daily </sy:updatePeriod>", 86400.0),
        ("<ttl>5</ttl><sy:updatePeriod>hourly</sy:updatePeriod>", 3600.0),
        ("<ttl>soon</ttl>", -1),
        ("", -1),
    ])
    func hints(_ channel: String, _ seconds: Double) throws {
        let doc = """
            <rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>t</title>\(channel)
            <item><title>a</title></item></channel></rss>
            """
        let parsed = try FeedParser.parse(doc)
        #expect(parsed.feed.minimumPollInterval == (seconds < 0 ? nil : seconds))
        #expect(parsed.warnings.isEmpty)
    }
}
