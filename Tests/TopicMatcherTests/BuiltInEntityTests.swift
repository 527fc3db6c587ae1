import Foundation
import Testing
@testable import TopicMatcher

/// The entities, concepts and ending tables that ship with feedwatch.
@Suite("Built-in entities: the shipped data reads cleanly and finds names in every case")
struct BuiltInEntityTests {
    static func found(_ text: String, _ lang: String?, date: String = "2024-06-19") -> Set<String> {
        Set(TestCatalog.found(text, lang: lang, date: date, in: EntityCatalog.builtIn))
    }

    @Test("every data file reads without a problem")
    func clean() {
        #expect(BuiltInEntities.problems().map(\.description) == [])
        #expect(EntityCatalog.builtIn.loadProblem == nil)
    }

    @Test("the data covers what the topics need", arguments: [
        "kim-jong-un", "vladimir-putin", "xi-jinping", "north-korea", "russia", "germany", "united-nations", "nato",
        "international-criminal-court", "european-union", "vladivostok", "pyongyang", "meeting", "summit", "talks", "visit",
        "missile", "launch", "satellite", "arrest-warrant", "sanctions",
    ])
    func covers(_ id: String) {
        #expect(EntityCatalog.builtIn.definition(id) != nil)
    }

    @Test("Kim Jong Un and Putin in the forms the press writes", arguments: [
        ("Spotkanie z Putinem", "pl", "vladimir-putin"), ("wizyta Putina", "pl", "vladimir-putin"),
        ("list do Putinowi", "pl", "vladimir-putin"), ("rozmowa z Kim Dzong Unem", "pl", "kim-jong-un"),
        ("встреча с Путиным", "ru", "vladimir-putin"), ("письмо Путину", "ru", "vladimir-putin"),
        ("Ким Чен Ыну", "ru", "kim-jong-un"), ("találkozó Putyinnal", "hu", "vladimir-putin"),
        ("Kim Dzsong Un", "hu", "kim-jong-un"), ("Putin'in ziyareti", "tr", "vladimir-putin"),
        ("وبوتين", "ar", "vladimir-putin"), ("Kim Čong-un", "cs", "kim-jong-un"), ("김정은과", "ko", "kim-jong-un"),
        ("金正恩与普京会晤", "zh", "kim-jong-un"), ("金正恩与普京会晤", "zh", "vladimir-putin"),
        ("Theresou Mayovou", "cs", "theresa-may"), ("Терезой Мэй", "ru", "theresa-may"), ("premier May", "pl", "theresa-may"),
        ("Teresy May", "pl", "theresa-may"),
        // Slovene stems in -r take -j- before the ending.
        ("z Michelom Barnierjem", "sl", "michel-barnier"), ("Junckerju", "sl", "jean-claude-juncker"),
    ])
    func people(_ text: String, _ lang: String, _ id: String) {
        #expect(Self.found(text, lang).contains(id), "\(text) [\(lang)]")
    }

    @Test("places in their case forms", arguments: [
        ("w Niemczech", "pl", "germany"), ("do Rosji", "pl", "russia"), ("в России", "ru", "russia"),
        ("в Пхеньяне", "ru", "pyongyang"), ("we Władywostoku", "pl", "vladivostok"), ("Korei Północnej", "pl", "north-korea"),
        // Forms whose first word inflects too, and the everyday names and abbreviations.
        ("Zjednoczonego Królestwa", "pl", "united-kingdom"), ("Соединённого Королевства", "ru", "united-kingdom"),
        ("Brytanii", "pl", "united-kingdom"), ("Британии", "ru", "united-kingdom"), ("выборы в ФРГ", "ru", "germany"),
        ("Brukselą", "pl", "brussels"), ("Evropskou unii", "cs", "european-union"),
        // Derived, not listed: adjective rules on the first word, noun rules on the second.
        ("Spojenému království", "cs", "united-kingdom"), ("Соединённому Королевству", "ru", "united-kingdom"),
        ("Сполученому Королівству", "uk", "united-kingdom"), ("Zjednoczonemu Królestwu", "pl", "united-kingdom"),
        ("Ujedinjenom Kraljevstvu", "hr", "united-kingdom"), ("Združenemu kraljestvu", "sl", "united-kingdom"),
        ("v Číně", "cs", "china"), ("prezident Číny a Čína", "cs", "china"),
        // Capitals and cities beyond the first set, derived and listed forms.
        ("w Madrycie", "pl", "madrid"), ("w Dublinie", "pl", "dublin"), ("w Bukareszcie", "pl", "bucharest"),
        ("we Lwowie", "pl", "lviv"), ("w Rydze", "pl", "riga"), ("do Aten", "pl", "athens"), ("w Kopenhadze", "pl", "copenhagen"),
        ("в Софии", "ru", "sofia"), ("в Риге", "ru", "riga"), ("в Запорожье", "ru", "zaporizhzhia"), ("у Херсоні", "uk", "kherson"),
        ("v Bělehradě", "cs", "belgrade"), ("u Budimpešti", "hr", "budapest"), ("u Beču", "hr", "vienna"),
        ("w Islamabadzie", "pl", "islamabad"), ("в Дохе", "ru", "doha"),
    ])
    func places(_ text: String, _ lang: String, _ id: String) {
        #expect(Self.found(text, lang).contains(id), "\(text) [\(lang)]")
    }

    @Test("a launch and its missile both found, in the forms headlines write", arguments: [
        ("Észak-Korea ballisztikus rakétát lőtt ki", "hu"), ("Triều Tiên phóng tên lửa", "vi"), ("Korea Utara luncurkan rudal balistik", "id"),
        ("उत्तर कोरिया ने बैलिस्टिक मिसाइल दागी", "hi"),
    ])
    func launches(_ text: String, _ lang: String) {
        let found = Self.found(text, lang)
        #expect(found.contains("launch") && found.contains("missile"), "\(text) [\(lang)]: \(found)")
    }

    @Test("a weak abbreviation counts beside its context, a concept included", arguments: [
        ("La CPI émet un mandat d'arrêt contre Poutine", "fr", true), ("МКС видав ордер на арешт Путіна", "uk", true),
        ("TPI emite mandado de prisão contra Putin", "pt", true), ("L'inflation: le CPI américain recule", "fr", false),
    ])
    func weakWithContext(_ text: String, _ lang: String, _ found: Bool) {
        #expect(Self.found(text, lang).contains("international-criminal-court") == found, "\(text) [\(lang)]")
    }

    @Test("short words do not over-match", arguments: [
        ("unie europejskiej", "pl", "united-nations"), ("mam nadzieję", "pl", "theresa-may"),
        ("z kim rozmawiał", "pl", "kim-jong-un"), ("Kim Yo Jong warns Seoul about North Korea", "en", "kim-jong-un"),
        ("Kim Kardashian in Moscow", "en", "kim-jong-un"), ("trestného činu", "cs", "china"),
        // City names that are words or names elsewhere count only beside their country.
        ("Kabul etmek zorunda", "tr", "kabul"), ("le madri dei soldati", "it", "madrid"), ("una riga di testo", "it", "riga"),
        ("terima lima orang", "id", "lima"), ("Sofia Coppola in Venice", "en", "sofia"), ("这里加上一句", "zh", "riga"),
        ("a Horatio Alger story", "en", "algiers"),
    ])
    func guards(_ text: String, _ lang: String, _ id: String) {
        #expect(!Self.found(text, lang).contains(id), "\(text) [\(lang)]")
    }

    @Test("an office's title with its holder's surname counts alone, within the office's dates", arguments: [
        ("Prezydent Duda podpisał ustawę", "pl", "2020-03-01", "andrzej-duda"), ("słowa premiera Johnsona", "pl", "2020-03-01", "boris-johnson"),
        ("President Moon said", "en", "2019-03-01", "moon-jae-in"), ("Премьер Джонсон заявил", "ru", "2020-03-01", "boris-johnson"),
        ("Председатель Си заявил", "ru", "2023-03-01", "xi-jinping"), ("Premier Abe powiedział", "pl", "2019-03-01", "shinzo-abe"),
    ])
    func titleAndSurname(_ text: String, _ lang: String, _ date: String, _ id: String) {
        #expect(Self.found(text, lang, date: date).contains(id), "\(text) [\(lang)]")
        // Out of office the surname is weak again: alone, it names nobody.
        #expect(!Self.found(text, lang, date: "2005-01-01").contains(id), "\(text) [\(lang)] in 2005")
    }

    @Test("the derived surname and title + surname rows are those their scripts write",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")),
          arguments: ["gen-surnames.py", "gen-title-surnames.py"])
    func derivedRowsCurrent(_ script: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = [root.appendingPathComponent("scripts/" + script).path, "--check"]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "run scripts/gen-surnames.py, then scripts/gen-title-surnames.py, after editing entities-people.tsv")
    }

    @Test("a surname alone, derived where a language had none, counts beside the person's context and not alone", arguments: [
        ("Юнкер закликав Євросоюз до єдності", "uk", "jean-claude-juncker"), ("Дуда посети Варшава, Полша", "bg", "andrzej-duda"),
        ("Конте подаде оставка, Италия", "bg", "giuseppe-conte"), ("Моррисон посетил Австралию", "ru", "scott-morrison"),
    ])
    func derivedSurnames(_ text: String, _ lang: String, _ id: String) {
        #expect(Self.found(text, lang).contains(id), "\(text) [\(lang)]")
        let alone = String(text.prefix { $0 != " " })
        #expect(!Self.found(alone, lang).contains(id), "\(alone) [\(lang)] alone")
    }

    @Test("roles hold within their dates")
    func roles() {
        #expect(Self.found("Russian President", "en", date: "2024-06-19").contains("vladimir-putin"))
        #expect(!Self.found("Russian President", "en", date: "2010-06-19").contains("vladimir-putin"))
        // A role's span names its country too, within the role's dates or not.
        #expect(Self.found("Канцлер Германии Ангела Меркель", "ru", date: "2018-06-19").contains("germany"))
        #expect(Self.found("лидер КНДР прибыл", "ru", date: "2023-09-12").contains("north-korea"))
        let before = Self.found("prezydent Rosji", "pl", date: "2010-06-19")
        #expect(before.contains("russia") && !before.contains("vladimir-putin"))
    }
}
