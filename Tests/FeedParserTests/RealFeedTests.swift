import FeedModel
import FeedParser
import Foundation
import Testing

/// One expectation per capture in ../shared/feeds/real (SOURCES.md): the format,
/// how many entries, and the first entry's title, link and date as the document
/// has them; the documents SOURCES.md calls not well-formed must come with a warning.
struct RealFeed: CustomTestStringConvertible, Sendable {
    let file: String
    let format: FeedFormat
    let count: Int
    let title: String?
    let link: String?
    let date: String?
    let warns: Bool

    init(_ file: String, _ format: FeedFormat, _ count: Int, title: String?, link: String?, date: String?, warns: Bool) {
        self.file = file
        self.format = format
        self.count = count
        self.title = title
        self.link = link
        self.date = date
        self.warns = warns
    }

    var testDescription: String { file }
}

@Suite("Real publisher feeds", .enabled(if: TestPaths.haveRealFeeds))
struct RealFeedTests {
    static let table: [RealFeed] = [
        RealFeed("20minutos_2022-07_large.xml", .rss20, 104, title: "MOCKS - Adriana Lastra dimite como vicesecretaria general del PSOE por \"motivos personales\"", link: "https://www.20minutos.es/noticia/5031197/0/adriana-lastra-dimite-como-vicesecretaria-general-del-psoe/", date: "2022-07-18T07:38:37Z", warns: false),
        RealFeed("aktuality_sk_2021-01.xml", .rss20, 30, title: "Analytici Goldman Sachs zvýšili odhad rastu ekonomiky USA", link: "https://www.aktuality.sk/clanok/856577/analytici-goldman-sachs-zvysili-odhad-rastu-ekonomiky-usa/", date: "2021-01-17T18:27:00Z", warns: false),
        RealFeed("bbc_news_2019-05.xml", .rss20, 38, title: "MOCKS - Royal baby: Duke and Duchess of Sussex share first glimpse of son", link: "https://www.bbc.co.uk/news/uk-48201625", date: "2019-05-08T14:29:04Z", warns: false),
        RealFeed("bbc_news_world_2017-01_3items.xml", .rss20, 3, title: "Rigopiano avalanche: Eight found alive in Italy hotel after two days", link: "http://www.bbc.co.uk/news/world-europe-38691103", date: "2017-01-20T12:55:28Z", warns: false),
        RealFeed("bbc_radio4_in-our-time_podcast.xml", .rss20, 1, title: "Marcus Aurelius", link: "http://www.bbc.co.uk/programmes/m000sjxt", date: "2021-02-25T10:15:00Z", warns: false),
        RealFeed("bbc_urdu_2018.xml", .rss20, 26, title: "امریکی عسکری امداد کی بندش کی وجوہات: انڈیا سے جنگ، جوہری پروگرام اور اب دہشت گردوں کی پشت پناہی", link: "http://www.bbc.com/urdu/pakistan-42575603", date: "2018-01-05T16:51:00Z", warns: false),
        RealFeed("cnn_international_2020-01.xml", .rss20, 29, title: "Australia's deadly wildfires are showing no signs of stopping. Here's what you need to know", link: "http://rss.cnn.com/~r/rss/edition_world/~3/A6erDJ6SydU/index.html", date: "2020-01-01T08:21:39Z", warns: false),
        RealFeed("elpais_mrss_2020-03.xml", .rss20, 81, title: "MOCKS - Giuseppe Conte: “Habría sido criminal ocultar datos del coronavirus o minimizarlo”", link: "https://elpais.com/sociedad/2020-03-09/giuseppe-conte-habria-sido-criminal-ocultar-datos-del-coronavirus-o-minimizarlo.html", date: "2020-03-09T07:15:45Z", warns: true),
        RealFeed("fcutrecht_broken-prolog.xml", .rss20, 20, title: "Serdar Gözübüyük scheidsrechter bij FC Twente - FC Utrecht", link: "https://www.fcutrecht.net/nieuws/serdar-g-z-b-y-k-scheidsrechter-bij-fc-twente-fc-utrecht~8805", date: "2021-09-06T10:17:00Z", warns: false),
        RealFeed("golem_rss1.0_iso-8859-1.xml", .rss10, 1, title: "Digitalministerium: Neue Glasfaserförderung mit Schnellkasse", link: "https://www.golem.de/news/digitalministerium-neue-glasfaserfoerderung-mit-schnellkasse-2301-171451.html", date: "2023-01-25T18:03:02Z", warns: false),
        RealFeed("golem_rss2.0_iso-8859-1.xml", .rss20, 40, title: "Red Dead Redemption 2: Hinweise auf PC-Umsetzung in App von Rockstar Games", link: "https://www.golem.de/news/red-dead-redemption-2-hinweise-auf-pc-umsetzung-in-app-von-rockstar-games-1810-137358-rss.html", date: "2018-10-28T12:48:00Z", warns: false),
        RealFeed("guardian_2019-05.xml", .rss20, 95, title: "MOCKS - Theresa May rebuffs fresh calls to resign", link: "https://www.theguardian.com/politics/2019/may/08/theresa-may-rebuffs-fresh-calls-to-resign", date: "2019-05-08T13:19:01Z", warns: false),
        RealFeed("guardian_us_2018-01.xml", .rss20, 55, title: "Trump State of the Union address promised unity but emphasized discord", link: "https://www.theguardian.com/us-news/2018/jan/31/donald-trump-state-of-the-union-address-unity-discord", date: "2018-01-31T07:26:05Z", warns: false),
        RealFeed("guardian_world_2022.xml", .rss20, 54, title: "Saudi foreign minister defends role in securing Ukraine prisoner swaps", link: "https://www.theguardian.com/world/2022/sep/23/saudi-foreign-minister-defends-role-in-ukraine-prisoner-swaps-khashoggi", date: "2022-09-23T10:11:21Z", warns: true),
        RealFeed("heise_developer.atom", .atom10, 15, title: "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei", link: "http://www.heise.de/developer/meldung/Java-Anwendungsserver-Red-Hat-gibt-WildFly-10-frei-3088438.html?wt_mc=rss.developer.beitrag.atom", date: "2016-02-01T16:22:00Z", warns: false),
        RealFeed("heise_online_rss0.9_rdf.xml", .rss09x, 60, title: "OLED-TVs: Vorsichtsmaßnahmen gegen Einbrennen", link: "https://www.heise.de/newsticker/meldung/OLED-TVs-Vorsichtsmassnahmen-gegen-Einbrennen-4205274.html?wt_mc=rss.ho.beitrag.rdf", date: nil, warns: false),
        RealFeed("huffpost_world_2019-06.xml", .rss20, 31, title: "Thousands Of Protesters Demand Civilian Rule In Sudan, Soldiers Fire Shots In Air", link: "https://www.huffpost.com/entry/thousands-protesters-sudan-soldiers-fire-shots_n_5d19134de4b03d61163d842f", date: "2019-06-30T20:09:58Z", warns: false),
        RealFeed("ilgiornale_cronache_2022.xml", .rss20, 1, title: "Arrestato in Pakistan Shabbar Abbas. In Italia è accusato per l'omicidio di Saman", link: "https://www.ilgiornale.it/news/cronaca-nera/caso-saman-abbas-arrestato-pakistan-padre-shabbar-2085649.html", date: "2022-11-15T20:15:04Z", warns: false),
        RealFeed("ilmessaggero_mondo_2022.xml", .rss20, 1, title: "Missili Polonia, cosa è successo? Tensione Nato-Russia, Mosca: non siamo stati noi", link: "https://www.ilmessaggero.it/mondo/missili_polonia_cosa_e_successo_davvero-7054869.html", date: "2022-11-15T23:38:15Z", warns: false),
        RealFeed("jornaldenoticias_iso-8859-1_crlf.xml", .rss20, 40, title: "Mãe de utente é a nova presidente da Raríssimas", link: "http://feeds.jn.pt/~r/JN-ULTIMAS/~3/UBnb8Ra3Q1U/sonia-laig-e-a-nova-presidente-da-rarissimas-9021600.html", date: "2018-01-03T13:47:00Z", warns: false),
        RealFeed("lemonde_une.xml", .rss20, 21, title: "JO d’hiver 2018 : pas de médaille pour Martin Fourcade", link: "http://www.lemonde.fr/jeux-olympiques-pyeongchang-2018/live/2018/02/11/jo-d-hiver-2018-suivez-la-course-de-martin-fourcade-en-direct_5255095_5193626.html?xtor=RSS-3208", date: "2018-02-11T10:00:26Z", warns: false),
        RealFeed("livemint_news.xml", .rss20, 25, title: "PM Modi-Xi Jinping informal summit in Varanasi this October: Report", link: "https://www.livemint.com/news/india/pm-modi-xi-jinping-informal-summit-in-varanasi-this-october-report-1559104147038.html", date: "2019-05-29T10:16:00Z", warns: false),
        RealFeed("londonist_2.7MB_leading-space.xml", .rss20, 40, title: "Make The Most Of London's Offerings With Chip", link: "http://londonist.com/london/make-the-most-of-london-s-offerings-with-chip", date: "2017-06-28T08:39:37Z", warns: true),
        RealFeed("macworld_no-declaration.xml", .rss20, 30, title: "Best smart lock", link: "https://www.techhive.com/article/3212828/connected-home/best-smart-lock.html#tk.rss_all", date: "2017-11-28T23:40:00Z", warns: false),
        RealFeed("nbc_newyork.xml", .rss20, 1, title: "NYC cops search for stabbing suspect after leaving 18-year-old to bleed out on sidewalk", link: "https://www.nbcnewyork.com/news/local/nyc-cops-search-for-stabbing-suspect-after-leaving-18-year-old-to-bleed-out-on-sidewalk/4956764/", date: "2023-12-16T14:02:33Z", warns: false),
        RealFeed("nytimes_wirecutter.xml", .rss20, 1, title: "How to Teach Someone a Board Game (and Even Have Fun Doing It)", link: "https://www.nytimes.com/wirecutter/blog/how-to-teach-someone-a-board-game/?utm_source=rss&utm_medium=feed&utm_campaign=RSS%20Feed", date: "2022-09-20T11:00:17Z", warns: false),
        RealFeed("nytimes_world_2020-01.xml", .rss20, 61, title: "Protesters Attack U.S. Embassy in Iraq, Chanting ‘Death to America’", link: "https://www.nytimes.com/2019/12/31/world/middleeast/baghdad-protesters-us-embassy.html?emc=rss&partner=rss", date: "2020-01-01T03:39:18Z", warns: false),
        RealFeed("orenburg_news_windows-1251.xml", .rss20, 10, title: "В Бузулуке главные стройплощадки – детсад и Ледовый дворец", link: "http://www.oren.ru/news/2743422/", date: "2014-01-22T14:31:31Z", warns: false),
        RealFeed("pcmag_illegally-nested.xml", .rss20, 10, title: "My Professional Armchair Analysis of CES", link: "http://feedproxy.google.com/~r/ziffdavis/pcmag/dvorak/~3/0O-eUfOYo94/0,2817,2525649,00.asp", date: "2018-01-17T20:50:00Z", warns: false),
        RealFeed("reuters_most-read_2.0_invalid.xml", .rss20, 0, title: nil, link: nil, date: nil, warns: true),
        RealFeed("reuters_world_2018-01_feedburner.xml", .rss20, 10, title: "U.S. general says North Korea not demonstrated all components of ICBM", link: "http://feeds.reuters.com/~r/Reuters/worldNews/~3/c3wXZD4kLB8/u-s-general-says-north-korea-not-demonstrated-all-components-of-icbm-idUSKBN1FJ23Z", date: "2018-01-30T17:29:57Z", warns: false),
        RealFeed("science_aaas_rss1.0_rdf.xml", .rss10, 69, title: "Food for fungi", link: "http://science.sciencemag.org/cgi/content/short/356/6343/1134-a?rss=1", date: "2017-06-15T17:29:47Z", warns: false),
        RealFeed("slashdot_rss1.0_rdf.xml", .rss10, 15, title: "Ransomware Attack Hampers Prescription Drug Sales at 90% of US Pharmacies", link: "https://yro.slashdot.org/story/24/03/02/071229/ransomware-attack-hampers-prescription-drug-sales-at-90-of-us-pharmacies?utm_source=rss1.0mainlinkanon&utm_medium=feed", date: "2024-03-02T15:34:00Z", warns: false),
        RealFeed("spiegel_podcast.xml", .rss20, 1, title: "07.02. – die Wochenvorschau: Lockdown-Verlängerung, Kriegsverbrecher vor Gericht, Super Bowl, Karneval", link: "https://omny.fm/shows/spiegel-update-die-nachrichten/07-02-die-wochenvorschau-lockdown-verl-ngerung-kri", date: "2021-02-06T23:01:00Z", warns: false),
        RealFeed("suspilne_ukrnet_ukrainian.xml", .rss20, 20, title: "Торгівля між Росією та Китаєм у 2023 році перевищила 200 млрд доларів — New York Times", link: "https://suspilne.media/645026-torgivla-miz-rosieu-ta-kitaem-u-2023-roci-perevisila-200-mlrd-dolariv-new-york-times/", date: "2023-12-21T23:04:55Z", warns: false),
        RealFeed("talkingpointsmemo.atom", .atom10, 20, title: "Hannity Announces Fox Has Hired Sebastian Gorka As NatSec Strategist", link: "http://talkingpointsmemo.com/livewire/hannity-announces-fox-hired-sebastian-gorka-national-security-strategist", date: "2017-11-08T23:15:58Z", warns: false),
        RealFeed("uol_noticias_undeclared-latin1.xml", .rss20, 15, title: "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno", link: "https://noticias.uol.com.br/politica/eleicoes/2018/noticias/2018/09/24/ibope-bolsonaro-perde-de-haddad-ciro-e-alckmin-em-simulacoes-de-2-turno.htm", date: "2018-09-24T22:42:40Z", warns: true),
        RealFeed("varthabharathi_kannada.xml", .rss20, 15, title: "ISUZU launches the ‘mu-X’ premium full-size 7 seater SUV in Bengaluru", link: "http://www.varthabharati.in/article/english/74450", date: "2017-05-19T15:35:02Z", warns: false),
        RealFeed("washingtonpost_wellness.xml", .rss20, 29, title: "Schools minister to kids’ fitness and nutrition needs", link: "http://feeds.washingtonpost.com/click.phdo?i=cc0c5fb09865354bbec8415210a554da", date: "2012-08-21T15:33:00Z", warns: false),
    ]

    @Test("every capture parses to the expected format, entry count and first entry", arguments: table)
    func parses(_ expected: RealFeed) throws {
        let parsed = try FeedParser.parse(contentsOf: TestPaths.real(expected.file))
        #expect(parsed.feed.format == expected.format)
        #expect(parsed.feed.entries.count == expected.count)
        let first = parsed.feed.entries.first
        #expect(first?.title == expected.title)
        #expect(first?.link == expected.link)
        #expect((first?.published ?? first?.updated).map(DateParser.iso8601) == expected.date)
        #expect(!parsed.warnings.isEmpty == expected.warns, "warnings: \(parsed.warnings)")
    }

    @Test("the table covers every capture listed in the folder")
    func tableIsComplete() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: TestPaths.realFeeds.path)
            .filter { $0.hasSuffix(".xml") || $0.hasSuffix(".atom") }
        #expect(Set(files) == Set(Self.table.map(\.file)))
    }

    @Test("every entry of every capture has an id, and links are absolute", arguments: table)
    func identities(_ expected: RealFeed) throws {
        let parsed = try FeedParser.parse(contentsOf: TestPaths.real(expected.file))
        for e in parsed.feed.entries {
            #expect(!e.id.isEmpty)
            if let link = e.link { #expect(link.hasPrefix("http://") || link.hasPrefix("https://"), "\(link)") }
        }
    }

    @Test("the gzip-compressed capture gets a clear error saying to decompress it")
    func gzipCapture() {
        #expect(throws: FeedParserError.compressed) {
            _ = try FeedParser.parse(contentsOf: TestPaths.real("orenburg_news_windows-1251.xml.gz"))
        }
    }

    @Test("Guardian's raw '&' in attributes: one warning with its line, and later entities still decoded")
    func guardianAmpersands() throws {
        let parsed = try FeedParser.parse(contentsOf: TestPaths.real("guardian_world_2022.xml"))
        #expect(parsed.warnings.contains { $0.hasPrefix("line 34: unescaped '&'") })
        // libxml2 alone drops every entity after the first error; ours must not.
        let summaries = parsed.feed.entries.compactMap(\.summary).joined()
        #expect(summaries.contains("<p>"))
        #expect(!summaries.contains("&lt;"))
    }

    @Test("an undeclared Latin-1 document is read as windows-1252")
    func undeclaredLatin1() throws {
        let parsed = try FeedParser.parse(contentsOf: TestPaths.real("uol_noticias_undeclared-latin1.xml"))
        #expect(parsed.encoding == "windows-1252")
        #expect(parsed.feed.entries[0].title == "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno")
        #expect(parsed.feed.title == "UOL Noticias")
    }

    @Test("windows-1251 Cyrillic and the default-namespaced RSS of oren.ru")
    func windows1251() throws {
        let parsed = try FeedParser.parse(contentsOf: TestPaths.real("orenburg_news_windows-1251.xml"))
        #expect(parsed.feed.entries[0].title == "В Бузулуке главные стройплощадки – детсад и Ледовый дворец")
    }

    @Test("a truncated document keeps what it has and says it was cut")
    func truncated() throws {
        let parsed = try FeedParser.parse(contentsOf: TestPaths.real("reuters_most-read_2.0_invalid.xml"))
        #expect(parsed.feed.title == "Reuters: Most Read Articles")
        #expect(parsed.warnings.contains { $0.contains("looks truncated") })
    }

    @Test("FeedBurner's empty items nested inside items are not entries")
    func illegallyNested() throws {
        let parsed = try FeedParser.parse(contentsOf: TestPaths.real("pcmag_illegally-nested.xml"))
        #expect(parsed.feed.entries.count == 10)
        #expect(parsed.feed.entries.allSatisfy { $0.title != nil && $0.link != nil })
    }

    @Test("relative Atom links resolve against the feed's own link when no base is given")
    func relativeLinksWithoutBase() throws {
        let parsed = try FeedParser.parse(contentsOf: TestPaths.real("talkingpointsmemo.atom"))
        #expect(parsed.feed.entries[1].link == "http://talkingpointsmemo.com/edblog/were-hiring-senior-editor")
    }

    @Test("a space before the XML declaration is skipped with a warning")
    func leadingSpace() throws {
        let parsed = try FeedParser.parse(contentsOf: TestPaths.real("londonist_2.7MB_leading-space.xml"))
        #expect(parsed.warnings.first == "line 1: whitespace before the XML declaration ignored")
        #expect(parsed.feed.entries.count == 40)
    }

    @Test("the North Korea stories are there to be matched later")
    func koreaStories() throws {
        let parsed = try FeedParser.parse(contentsOf: TestPaths.real("nytimes_world_2020-01.xml"))
        let titles = parsed.feed.entries.compactMap(\.title)
        #expect(titles.contains { $0.contains("Kim Jong-un") })
    }
}
