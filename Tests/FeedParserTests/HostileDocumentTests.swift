import FeedParser
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Documents written to hurt the reader: they must end at once, read no file and
/// open no connection, and come back with a warning or a clear error.
@Suite("Hostile documents")
struct HostileDocumentTests {
    @Test("billion laughs: entities stay unexpanded, the feed still reads")
    func billionLaughs() throws {
        let parsed = try FeedParser.parse(contentsOf: TestPaths.fixture("billion-laughs.xml"))
        #expect(parsed.feed.title == "Laughs")
        let e = parsed.feed.entries[0]
        #expect((e.title ?? "").count < 100)
        #expect(!(e.summary ?? "").contains("lollol"))
        #expect(parsed.warnings.contains { $0.contains("undefined entity kept as text") })
    }

    @Test("XXE pointing at /etc/passwd reads nothing")
    func xxe() throws {
        let parsed = try FeedParser.parse(contentsOf: TestPaths.fixture("xxe-passwd.xml"))
        let json = parsed.contractJSON()
        #expect(!json.contains("root:"))
        #expect(!json.contains("/bin/"))
        #expect(parsed.feed.entries[0].title == "secret: &xxe;")
    }

    @Test("an external DTD is not loaded")
    func externalDTD() throws {
        let parsed = try FeedParser.parse(contentsOf: TestPaths.fixture("external-dtd.xml"))
        #expect(parsed.feed.entries.map(\.title) == ["still here"])
        #expect(!parsed.contractJSON().contains("root:"))
    }

    @Test("quadratic blow-up: the internal entity is never expanded")
    func quadratic() throws {
        let parsed = try FeedParser.parse(contentsOf: TestPaths.fixture("quadratic-blowup.xml"))
        #expect((parsed.feed.entries[0].title ?? "").count < 200)
    }

    @Test("no connection is opened for an external entity, DTD or parameter entity on the network")
    func noNetwork() throws {
        // A listening socket on loopback: any connect() would sit in its backlog.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        #expect(bound == 0)
        #expect(listen(fd, 16) == 0)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        let port = UInt16(bigEndian: addr.sin_port)
        let url = "http://127.0.0.1:\(port)/evil"
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss SYSTEM "\(url).dtd" [
              <!ENTITY ext SYSTEM "\(url).ent">
              <!ENTITY % remote SYSTEM "\(url).pe">
              %remote;
            ]>
            <rss version="2.0"><channel><title>net</title><item><title>&ext;</title></item></channel></rss>
            """
        let parsed = try FeedParser.parse(xml)
        #expect(parsed.feed.title == "net")
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        let client = accept(fd, nil, nil)
        #expect(client < 0, "the parser connected to \(url)")
        if client >= 0 { close(client) }
    }

    @Test("100 MB of nested elements: the parser gives up early with a warning")
    func deepNesting() throws {
        let parser = FeedParser(options: ParseOptions(maxBytes: 200 << 20))
        try parser.parse(Array("<rss version=\"2.0\"><channel><title>deep</title>".utf8))
        let chunk = Array(String(repeating: "<div>", count: 1 << 14).utf8)  // 80 KiB
        var fed = 0
        while fed < 100 << 20, !parser.hasStopped {
            try parser.parse(chunk)
            fed += chunk.count
        }
        #expect(parser.hasStopped)
        #expect(fed < 1 << 20, "stopped after \(fed) bytes")
        let parsed = try parser.finish()
        #expect(parsed.feed.title == "deep")
        #expect(parsed.warnings.contains { $0.contains("nested deeper than 256 levels") })
    }

    @Test("input over the size cap stops with a clear error")
    func sizeCap() throws {
        let big = "<rss version=\"2.0\"><channel><title>" + String(repeating: "x", count: 3 << 20) + "</title></channel></rss>"
        #expect(throws: FeedParserError.tooLarge(limit: 1 << 20)) {
            _ = try FeedParser.parse(big, options: ParseOptions(maxBytes: 1 << 20))
        }
        #expect("\(FeedParserError.tooLarge(limit: 32 << 20))".contains("32 MiB"))
    }

    @Test("a 2.7 MB real feed streams through with entries handed out one by one", .enabled(if: TestPaths.haveRealFeeds))
    func streaming() throws {
        var titles: [String] = []
        let parsed = try FeedParser.parse(contentsOf: TestPaths.real("londonist_2.7MB_leading-space.xml")) {
            titles.append($0.title ?? "")
        }
        #expect(titles.count == 40)
        #expect(parsed.feed.entries.isEmpty, "streamed entries are not kept")
    }
}
