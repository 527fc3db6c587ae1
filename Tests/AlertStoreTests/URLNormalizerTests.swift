import Testing
@testable import AlertStore

@Suite("Links that are the same article")
struct URLNormalizerTests {
    @Test("scheme and host case, default ports, fragments, trailing slashes and tracking parameters do not matter", arguments: [
        ("https://News.Example.com/world/kim/", "news.example.com/world/kim"),
        ("http://news.example.com:80/world/kim", "news.example.com/world/kim"),
        ("https://news.example.com:443/world/kim#comments", "news.example.com/world/kim"),
        ("https://news.example.com/world/kim?utm_source=rss&utm_medium=feed", "news.example.com/world/kim"),
        ("https://news.example.com/a?id=7&fbclid=xyz&page=2", "news.example.com/a?id=7&page=2"),
        ("https://news.example.com/?p=100", "news.example.com?p=100"),
        ("https://news.example.com/World/Kim", "news.example.com/World/Kim"),
        ("HTTPS://user:pw@News.Example.com.:443/a/", "news.example.com/a"),
        ("  http://example.com:8080/x?UTM_source=a&q=1  ", "example.com:8080/x?q=1"),
        ("https://example.com:80/x", "example.com:80/x"),
    ])
    func key(_ link: String, _ key: String) {
        #expect(URLNormalizer.key(link) == key)
    }

    @Test("what is not an http(s) URL has no key", arguments: ["", "not a url", "mailto:a@b.org", "ftp://x.org/a", "https://"])
    func none(_ link: String) {
        #expect(URLNormalizer.key(link) == nil)
    }
}
