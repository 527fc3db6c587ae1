import FeedParser
import Foundation
import Testing

@Suite("Encodings")
struct EncodingTests {
    static func rss(_ title: String, declaration: String?) -> String {
        let decl = declaration.map { "<?xml version=\"1.0\" encoding=\"\($0)\"?>\n" } ?? ""
        return decl + "<rss version=\"2.0\"><channel><title>\(title)</title><item><title>\(title)</title></item></channel></rss>"
    }

    /// (declared encoding, iconv name to write it, text that needs it)
    static let declared: [(String, String, String)] = [
        ("ISO-8859-1", "ISO-8859-1", "Café São Paulo"),
        ("ISO-8859-2", "ISO-8859-2", "Čeština Łódź"),
        ("ISO-8859-5", "ISO-8859-5", "Ким Чен Ын"),
        ("ISO-8859-7", "ISO-8859-7", "Αθήνα"),
        ("ISO-8859-15", "ISO-8859-15", "Prix 10 €"),
        ("windows-1250", "CP1250", "Praha – Brno"),
        ("windows-1251", "CP1251", "Путин и Ким Чен Ын"),
        ("windows-1252", "CP1252", "“Quoted” – dash"),
        ("windows-1253", "CP1253", "Ελλάδα"),
        ("windows-1254", "CP1254", "İstanbul ğ"),
        ("windows-1256", "CP1256", "بوتين"),
        ("KOI8-R", "KOI8-R", "Москва"),
        ("KOI8-U", "KOI8-U", "Київ"),
        ("EUC-KR", "EUC-KR", "김정은 푸틴 정상회담"),
        ("Shift_JIS", "SHIFT_JIS", "金正恩氏とプーチン大統領"),
        ("EUC-JP", "EUC-JP", "金正恩氏とプーチン"),
        ("GB2312", "GB2312", "金正恩与普京会晤"),
        ("GB18030", "GB18030", "金正恩与普京会晤"),
        ("GBK", "GBK", "金正恩与普京会晤"),
        ("Big5", "BIG5", "金正恩與普京會晤"),
        ("UTF-8", "UTF-8", "김정은 Ким 金正恩"),
    ]

    @Test("every declared encoding iconv knows is read", arguments: declared)
    func declaredEncodings(_ label: String, _ iconvName: String, _ text: String) throws {
        let bytes = Transcode.encode(Self.rss(text, declaration: label), as: iconvName)
        let parsed = try FeedParser.parse(bytes)
        #expect(parsed.feed.title == text)
        #expect(parsed.feed.entries.first?.title == text)
        #expect(parsed.warnings.isEmpty, "\(parsed.warnings)")
    }

    @Test("UTF-16 with a byte order mark, both byte orders", arguments: ["UTF-16LE", "UTF-16BE"])
    func utf16(_ order: String) throws {
        let bom: [UInt8] = order == "UTF-16LE" ? [0xFF, 0xFE] : [0xFE, 0xFF]
        let bytes = bom + Transcode.encode(Self.rss("김정은 Путин", declaration: "UTF-16"), as: order)
        let parsed = try FeedParser.parse(bytes)
        #expect(parsed.feed.title == "김정은 Путин")
    }

    @Test("UTF-16 without a byte order mark is recognised from '<?'")
    func utf16NoBOM() throws {
        let bytes = Transcode.encode(Self.rss("Kim–Putin", declaration: "UTF-16"), as: "UTF-16LE")
        #expect(try FeedParser.parse(bytes).feed.title == "Kim–Putin")
    }

    @Test("a UTF-8 byte order mark is skipped")
    func utf8BOM() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(Self.rss("Ким", declaration: "utf-8").utf8)
        let parsed = try FeedParser.parse(bytes)
        #expect(parsed.feed.title == "Ким")
        #expect(parsed.warnings.isEmpty)
    }

    @Test("no declaration and not UTF-8: read as windows-1252, with a warning")
    func undeclaredLatin() throws {
        let bytes = Transcode.encode(Self.rss("“Café” – naïve €5", declaration: nil), as: "CP1252")
        let parsed = try FeedParser.parse(bytes)
        #expect(parsed.feed.title == "“Café” – naïve €5")
        #expect(parsed.encoding == "windows-1252")
        #expect(parsed.warnings.count == 1)
        #expect(parsed.warnings[0].contains("read as windows-1252"))
    }

    @Test("ISO-8859-1 labels are read as windows-1252, as browsers do, so curly quotes survive")
    func latin1IsWindows1252() throws {
        let bytes = Transcode.encode(Self.rss("“quoted”", declaration: nil), as: "CP1252")
        var doc = Array("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>".utf8)
        doc += bytes
        #expect(try FeedParser.parse(doc).feed.title == "“quoted”")
    }

    @Test("the HTTP charset hint is used when the document declares nothing")
    func charsetHint() throws {
        let bytes = Transcode.encode(Self.rss("Москва", declaration: nil), as: "KOI8-R")
        let parsed = try FeedParser.parse(bytes, options: ParseOptions(charset: "koi8-r"))
        #expect(parsed.feed.title == "Москва")
        #expect(parsed.warnings.isEmpty)
    }

    @Test("the document's own declaration wins over the HTTP hint")
    func declarationBeatsHint() throws {
        let bytes = Transcode.encode(Self.rss("Москва", declaration: "windows-1251"), as: "CP1251")
        let parsed = try FeedParser.parse(bytes, options: ParseOptions(charset: "iso-8859-1"))
        #expect(parsed.feed.title == "Москва")
    }

    @Test("stray invalid bytes in declared UTF-8 are read as windows-1252, the rest stays UTF-8")
    func brokenUTF8() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Caf".utf8)
        bytes.append(0xE9)  // Latin-1 é inside UTF-8
        bytes += Array(" — Ким</title></channel></rss>".utf8)
        let parsed = try FeedParser.parse(bytes)
        #expect(parsed.feed.title == "Café — Ким")
        #expect(parsed.warnings.contains { $0.contains("invalid UTF-8") })
    }

    @Test("bytes a multibyte encoding cannot read become U+FFFD, and parsing goes on")
    func badMultibyte() throws {
        var bytes = Transcode.encode(Self.rss("김정은", declaration: "EUC-KR"), as: "EUC-KR")
        // Corrupt the lead byte of the first Hangul syllable in the item title.
        let range = bytes.indices.reversed().first { bytes[$0] >= 0xA1 }!
        bytes[range - 1] = 0xFF
        let parsed = try FeedParser.parse(bytes)
        #expect(parsed.feed.title == "김정은")
        #expect(parsed.feed.entries.count == 1)
        #expect(parsed.warnings.contains { $0.contains("U+FFFD") })
    }

    @Test("an unknown encoding name is reported and read as UTF-8")
    func unknownEncoding() throws {
        let parsed = try FeedParser.parse(Self.rss("Kim", declaration: "x-no-such-charset"))
        #expect(parsed.feed.title == "Kim")
        #expect(parsed.warnings.contains { $0.contains("unknown encoding 'x-no-such-charset'") })
    }

    @Test("an HTTP charset of UTF-16 on a document that starts with ASCII '<?xml' is not believed: the bytes are", arguments: [
        ("utf-16", nil), ("UTF-16LE", "UTF-16"), ("utf-32", "utf-8"), ("utf-16", "koi8-r"),
    ] as [(String, String?)])
    func lyingHint(_ hint: String, _ declaration: String?) throws {
        let text = "Москва"
        var bytes = Array(("<?xml version=\"1.0\"?>\n" + Self.rss(text, declaration: nil)).utf8)
        if let declaration {
            let source = Self.rss(text, declaration: declaration)
            bytes = declaration == "koi8-r" ? Transcode.encode(source, as: "KOI8-R") : Array(source.utf8)
        }
        let parsed = try FeedParser.parse(bytes, options: ParseOptions(charset: hint))
        #expect(parsed.feed.title == text, "\(parsed.warnings)")
        #expect(parsed.feed.entries.count == 1)
        #expect(parsed.warnings.contains { $0.contains("the HTTP charset says \(hint)") } || declaration == "UTF-16", "\(parsed.warnings)")
    }

    @Test("a declaration that claims UTF-16 on ASCII bytes is ignored")
    func lyingUTF16() throws {
        let parsed = try FeedParser.parse(Self.rss("Kim", declaration: "UTF-16"))
        #expect(parsed.feed.title == "Kim")
    }
}
