@testable import TopicMatcher

/// A small catalog written here, so the alias rules are tested apart from the shipped data.
enum TestCatalog {
    static let entities = """
        # source: written for the tests
        kim-jong-un\ttype\t*\tperson
        kim-jong-un\tcontext\t*\tnorth-korea
        kim-jong-un\tstrong\ten\tKim Jong Un
        kim-jong-un\tstrong\tru\tКим Чен Ын
        kim-jong-un\tstrong\tpl\tKim Dzong Un
        kim-jong-un\tweak\ten\tKim
        kim-jong-un\tblock\ten\tKim Yo Jong
        kim-jong-un\tblock\ten\tKim Kardashian
        kim-jong-un\trole\ten\tNorth Korean leader\t2011-12-17..
        vladimir-putin\ttype\t*\tperson
        vladimir-putin\tstrong\ten\tPutin
        vladimir-putin\tstrong\tru\tПутин
        vladimir-putin\tstrong\tar\tبوتين
        vladimir-putin\trole\ten\tRussian President\t2000-05-07..2008-05-07,2012-05-07..
        north-korea\ttype\t*\tcountry
        north-korea\tstrong\ten\tNorth Korea
        north-korea\tstrong\tpl\tKorea Północna
        germany\ttype\t*\tcountry
        germany\tstrong\tpl\tNiemcy
        germany\tstrong\tpl\tNiemczech
        russia\ttype\t*\tcountry
        russia\tstrong\tpl\tRosja
        russia\tstrong\tru\tРоссия
        european-union\ttype\t*\torganisation
        european-union\tstrong\ten\tEuropean Union
        european-union\tstrong\t*\tUnia Europejska
        meeting\ttype\t*\tconcept
        meeting\tstrong\ten\tmeeting
        meeting\tstrong\tde\tGipfel*
        un\ttype\t*\torganisation
        un\tstrong\t*\tUN
        may\ttype\t*\tperson
        may\tstrong\ten\tTheresa May
        may\tweak\ten\tMay
        """

    static let inflection = """
        # source: written for the tests (a few Polish, Russian and Arabic rules)
        pl\tending\ta
        pl\tending\tem
        pl\tending\towi
        pl\tending\tie
        pl\treplace\ta>i
        pl\treplace\ta>ą
        ru\tending\tа
        ru\tending\tу
        ru\tending\tым
        ru\treplace\tя>и
        ar\tprefix\tو
        """

    static let catalog: EntityCatalog = {
        let (defs, _) = EntityDataReader.read(entities, file: "test.tsv")
        let rules = (try? InflectionRules(inflection, file: "test-inflection.tsv")) ?? InflectionRules()
        return EntityCatalog(defs, rules: rules)
    }()

    /// The ids found in a text, as the tagger sees it.
    static func found(_ title: String, summary: String = "", lang: String? = nil, date: String? = nil,
                      in catalog: EntityCatalog = catalog) -> [String] {
        var a = ArticleText(id: "x", title: title, summary: summary, content: nil, link: nil, feed: nil, language: lang,
                            date: date.flatMap { EntityDataReader.dateRanges($0 + "..")?.first?.from })
        a.tag(with: catalog)
        return a.entitiesFound.map(\.id)
    }
}
