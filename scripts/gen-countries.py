#!/usr/bin/env python3
"""Writes Sources/TopicMatcher/Data/entities-countries.tsv.

Every country and territory CLDR names (babel's Locale.territories) in the
languages feedwatch's entity data covers, then the hand-written forms the press
uses that CLDR lacks (DPRK, KRLD, USA, Polish case forms...), then block rows
where one name sits inside another entity's longer name ("Sudan" inside "South
Sudan", "インド" inside "インドネシア").

    pip install babel
    python3 scripts/gen-countries.py            # writes the TSV
    python3 scripts/gen-countries.py --check    # exits 1 if the TSV differs

See Sources/TopicMatcher/Data/FORMAT.md for the format.
"""
import os
import re
import sys
import unicodedata

import babel
from babel import Locale

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Sources", "TopicMatcher", "Data", "entities-countries.tsv")

# (babel locale, language code written in the TSV)
LOCALES = [
    ("en", "en"), ("de", "de"), ("fr", "fr"), ("es", "es"), ("it", "it"),
    ("pt", "pt"), ("pt_PT", "pt"), ("nl", "nl"), ("pl", "pl"), ("cs", "cs"),
    ("sk", "sk"), ("sl", "sl"), ("hu", "hu"), ("ro", "ro"), ("bg", "bg"),
    ("ru", "ru"), ("uk", "uk"), ("sr", "sr"), ("sr_Latn", "sr"), ("hr", "hr"),
    ("tr", "tr"), ("ar", "ar"), ("he", "he"), ("fa", "fa"), ("hi", "hi"),
    ("ja", "ja"), ("ko", "ko"), ("zh_Hans", "zh"), ("zh_Hant", "zh"),
    ("vi", "vi"), ("id", "id"),
]

# CLDR regions that are not a country or territory: numeric UN M49 regions are
# skipped by their code; EU (an organisation: entities-organisations.tsv), the
# euro zone, the UN, "Outlying Oceania", Antarctica (a continent), pseudo-locales.
SKIP = {"EU", "EZ", "UN", "QO", "AQ", "XA", "XB", "ZZ"}

# Hong Kong and Macao: CLDR's names are "Hong Kong SAR China" and the like; the
# short names are hand-written below.
HAND_ONLY = {"HK", "MO"}

# The id is the English common short name; where CLDR's English name is not it:
ID_OVERRIDE = {
    "CI": "ivory-coast", "TR": "turkey", "CZ": "czechia", "CD": "dr-congo",
    "CG": "republic-of-the-congo", "HK": "hong-kong", "MO": "macau",
    "MM": "myanmar", "PS": "palestine", "VA": "vatican-city", "TL": "east-timor",
    "SH": "saint-helena", "UM": "us-outlying-islands", "VI": "us-virgin-islands",
    "CC": "cocos-islands", "VC": "saint-vincent-and-the-grenadines",
    "GS": "south-georgia-and-the-south-sandwich-islands",
    "HM": "heard-and-mcdonald-islands", "TF": "french-southern-territories",
    "EA": "ceuta-and-melilla",
}

# Parenthesised part that is itself a name of the country: "Myanmar (Burma)".
PAREN_IS_NAME = {"MM", "CI", "TL"}

AND = {"en": "and", "vi": "và", "id": "dan"}

# Folded forms (see fold() below) that are a common word, a person's or another
# place's name in one of the languages, or a name two entities share: such a
# name only counts with a strong alias or a context entity of the same country.
WEAK_FORMS = [
    # English: a first name or surname, a US state, a garment
    "Jordan", "Georgia", "Géorgie", "Chad", "Jersey", "Holland",
    # "mali": "small" (hr/sr/sl), "evils" (it), "financial" (tr); ar/fa "financial",
    # hi "gardener"; マリ/马里/말리 sit inside other words (マリオ, 马里兰, 말리다)
    "Mali", "Мали", "Малі", "مالي", "مالی", "माली", "マリ", "马里", "馬利", "말리",
    # Iceland: "Island" (de/cs/sk/sl/hr/sr) is English "island"
    "Island",
    # Chad: Polish "czad" (carbon monoxide), "Čad/Çad" fold to "cad" (Turkish "Cad." street)
    "Czad", "Čad",
    # Togo: Russian/Ukrainian "того" ("of that")
    "Того",
    # Ghana: Spanish "gana" ("wins"); Korean 가나 (the alphabet, verb endings)
    "Gana", "가나",
    # Grenada: Spanish "Granada" is the Spanish city
    "Granada",
    # Colombia in Romanian is "Columbia" (British Columbia, Columbia University)
    "Columbia",
    # Dominica in pl/cs/hr is "Dominika", a woman's name
    "Dominika",
    # Aruba: Hindi अरूबा folds (vowel signs dropped) to अरब, "Arab"
    "अरूबा",
    # Réunion: the ordinary word for "meeting" in fr/es/it/pt (réunion, reunión, riunione, reunião)
    "Réunion", "La Réunion", "Reunión", "Riunione", "Reunião", "Reunion",
    # Oman: Arabic/Persian عمان is also Amman; Korean 오만 is "arrogance"
    "عمان", "오만",
    # Sudan: Korean 수단 is "means"; Iran: Korean 이란 is a particle ("~이란")
    "수단", "이란",
    # India: Korean 인도 is also "sidewalk", "handover", 인도적 "humanitarian";
    # Hebrew הודו is also "they admitted/thanked" and "turkey (bird)"
    "인도", "הודו",
    # Peru: Hebrew פרו ("pro-"); Jordan: Hebrew ירדן (the river, a first name)
    "פרו", "ירדן",
    # Jersey/Guernsey: Korean 저지 "blocking", 건지 a verb ending; hi/he/ar/sr/fa "jersey"
    "저지", "건지", "जर्सी", "ג׳רזי", "جيرسي", "جرزی", "Џерзи",
    # Georgia: also the US state in ja/ko/zh_Hant
    "ジョージア", "조지아", "喬治亞",
    # Thailand: タイ sits in タイトル, タイム, タイプ...; Aruba: アルバ in アルバム
    "タイ", "アルバ",
    # Sark: Hebrew סרק "scanned", Hindi सार्क is SAARC
    "סרק", "सार्क",
    # Czechia: Persian چک is "cheque"; Bhutan: ar/fa/ko "butane"; Benin: ar "boys"
    "چک", "بوتان", "부탄", "بنين",
    # Mauritius: Persian موریس is also "Maurice"
    "موریس",
    # Vietnamese one-syllable names fold onto common syllables: Pháp (pháp luật,
    # giải pháp), Đức (đạo đức), Lào (lao động), Áo (áo "shirt"), Bỉ, Úc, Séc, Síp,
    # Nga (ngã "fall", ngã ba "junction"); Ba Lan (ba lần "three times"),
    # Thụy Điển (thủy điện "hydropower"), Mông Cổ (mong có "hope to have")
    "Pháp", "Đức", "Lào", "Áo", "Bỉ", "Úc", "Séc", "Síp", "Nga", "Ba Lan",
    "Thụy Điển", "Mông Cổ",
    # Sierra Leone in zh_Hant: 獅子山 is Lion Rock (Hong Kong)
    "獅子山",
    # Hindi guinea: गिनी is also "counted"
    "गिनी",
]

# Names of a country with a weak alias above: an item that names one of these
# entities (in this file or entities-places.tsv) lets the weak names count.
CONTEXT = {
    "jordan": "amman israel palestine syria iraq saudi-arabia",
    "georgia": "tbilisi russia armenia azerbaijan",
    "chad": "ndjamena sudan niger libya nigeria cameroon central-african-republic",
    "mali": "bamako burkina-faso niger algeria senegal mauritania",
    "iceland": "reykjavik",
    "dr-congo": "kinshasa rwanda uganda burundi",
    "republic-of-the-congo": "brazzaville",
    "united-states": "washington new-york",
    "russia": "moscow kremlin",
    "india": "new-delhi",
    "china": "beijing shanghai",
    "thailand": "bangkok",
    "iran": "tehran",
    "poland": "warsaw",
    "germany": "berlin",
    "france": "paris",
    "italy": "rome",
    "austria": "vienna",
    "belgium": "brussels",
    "australia": "canberra sydney",
    "czechia": "prague",
    "south-korea": "seoul",
    "north-macedonia": "skopje",
}

# Hand-written rows: "id kind lang: alias | alias | ...". Sources: the press of
# each language and the Wikipedia article on each country in that language
# (long official names, abbreviations, the names CLDR does not give).
HAND = r"""
north-korea strong *: DPRK
north-korea strong en: N. Korea | Democratic People's Republic of Korea
north-korea strong de: Demokratische Volksrepublik Korea
north-korea strong fr: RPDC | République populaire démocratique de Corée
north-korea strong es: RPDC | República Popular Democrática de Corea | Norcorea
north-korea strong it: Nordcorea | Repubblica Popolare Democratica di Corea
north-korea strong pt: RPDC | República Popular Democrática da Coreia | Coréia do Norte
north-korea strong nl: Democratische Volksrepubliek Korea
north-korea strong pl: KRLD | Korea Płn. | Koreańska Republika Ludowo-Demokratyczna
north-korea strong cs: KLDR | Korejská lidově demokratická republika | Severní Koreje | Severní Koreji
north-korea strong sk: KĽDR | Kórejská ľudovodemokratická republika
north-korea strong sl: DLRK
north-korea strong hu: KNDK | Koreai Népi Demokratikus Köztársaság
north-korea strong ro: Republica Populară Democrată Coreeană
north-korea strong bg: КНДР
north-korea strong ru: Северная Корея | Корейская Народно-Демократическая Республика
north-korea strong uk: КНДР | Корейська Народно-Демократична Республіка
north-korea strong sr: ДНРК | DNRK
north-korea strong hr: DNRK
north-korea strong tr: KDHC | Kore Demokratik Halk Cumhuriyeti
north-korea strong ar: كوريا الديمقراطية | جمهورية كوريا الديمقراطية الشعبية
north-korea strong he: צפון קוריאה
north-korea strong fa: کره شمالی
north-korea strong ja: 朝鮮民主主義人民共和国
north-korea strong ko: 조선민주주의인민공화국
north-korea weak ko: 조선
north-korea strong zh: 北韩 | 朝鮮 | 朝鲜民主主义人民共和国 | 朝鮮民主主義人民共和國
north-korea block zh: 南朝鲜 | 南朝鮮
north-korea block ja: 南朝鮮
north-korea strong vi: CHDCND Triều Tiên | Cộng hòa Dân chủ Nhân dân Triều Tiên
north-korea strong id: Korut

south-korea strong en: S. Korea | Republic of Korea
south-korea weak en: ROK
south-korea strong de: Republik Korea
south-korea strong fr: République de Corée
south-korea strong es: Surcorea | República de Corea
south-korea strong it: Sudcorea | Repubblica di Corea
south-korea strong pt: República da Coreia | Coréia do Sul
south-korea strong pl: Korea Płd. | Republika Korei
south-korea strong cs: Jižní Koreje | Jižní Koreji | Korejská republika
south-korea strong ru: Южная Корея
south-korea strong he: דרום קוריאה
south-korea strong fa: کره جنوبی
south-korea strong ja: 大韓民国
south-korea strong ko: 한국 | 남한
south-korea strong zh: 南韩 | 韓國 | 大韩民国 | 大韓民國 | 南朝鲜 | 南朝鮮
south-korea strong ja: 南朝鮮
south-korea strong id: Korsel
south-korea strong ar: جمهورية كوريا

russia strong en: Russian Federation
russia strong de: Russische Föderation
russia strong fr: Fédération de Russie
russia strong es: Federación Rusa | Federación de Rusia
russia strong it: Federazione Russa
russia strong pt: Federação Russa
russia strong nl: Russische Federatie
russia strong pl: Federacja Rosyjska
russia strong cs: Ruská federace
russia strong sk: Ruská federácia
russia strong sl: Ruska federacija
russia strong hu: Orosz Föderáció | Oroszországi Föderáció
russia strong ro: Federația Rusă
russia strong bg: Руска федерация
russia strong ru: РФ | Российская Федерация
russia strong uk: РФ | Російська Федерація
russia strong sr: Руска Федерација | Ruska Federacija
russia strong hr: Ruska Federacija
russia strong tr: Rusya Federasyonu
russia strong ar: روسيا الاتحادية
russia strong ja: ロシア連邦
russia strong ko: 러시아 연방
russia strong zh: 俄罗斯联邦 | 俄羅斯聯邦 | 俄国 | 俄國
russia strong vi: Liên bang Nga | nước Nga
russia strong hi: रूसी संघ

united-states strong en: USA | U.S. | U.S.A. | United States of America
united-states weak en: US | America
united-states strong de: USA | Vereinigte Staaten von Amerika
united-states weak de: Amerika
united-states strong fr: USA | États-Unis d'Amérique
united-states weak fr: Amérique
united-states strong es: EE. UU. | EEUU | Estados Unidos de América
united-states strong it: USA | Stati Uniti d'America
united-states strong pt: EUA | Estados Unidos da América
united-states strong nl: Verenigde Staten van Amerika
united-states weak nl: VS | Amerika
united-states strong pl: USA | Stanach Zjednoczonych | Stanów Zjednoczonych | Stanom Zjednoczonym | Stanami Zjednoczonymi | Stany Zjednoczone Ameryki
united-states weak pl: Ameryka
united-states strong cs: USA | Spojené státy americké | Spojených státech | Spojených států | Spojeným státům | Spojenými státy
united-states weak cs: Amerika
united-states strong sk: USA | Spojené štáty americké | Spojených štátoch | Spojených štátov | Spojeným štátom | Spojenými štátmi
united-states strong sl: ZDA | Združene države | Združenih državah | Združenih držav | Združenim državam
united-states strong hu: USA | Amerikai Egyesült Államok
united-states strong ro: SUA | Statele Unite
united-states strong bg: САЩ | Съединените щати | Съединените американски щати
united-states strong ru: США | Соединённые Штаты Америки | Соединённых Штатах | Соединённых Штатов | Соединённым Штатам | Соединёнными Штатами
united-states weak ru: Америка
united-states strong uk: США | Сполучені Штати Америки | Сполучених Штатах | Сполучених Штатів | Сполученим Штатам | Сполученими Штатами
united-states weak uk: Америка
united-states strong sr: САД | SAD | Сједињене Америчке Државе | Sjedinjene Američke Države | Сједињеним Државама | Sjedinjenim Državama | Сједињених Држава | Sjedinjenih Država
united-states strong hr: SAD | Sjedinjene Države | Sjedinjenim Američkim Državama | Sjedinjenih Američkih Država | Sjedinjenim Državama | Sjedinjenih Država
united-states strong tr: ABD
united-states weak tr: Amerika
united-states strong ar: الولايات المتحدة الأمريكية | الولايات المتحدة الأميركية | أمريكا | أميركا
united-states block ar: أمريكا اللاتينية | أمريكا الجنوبية | أمريكا الشمالية | أمريكا الوسطى | أميركا اللاتينية | أميركا الجنوبية | أميركا الشمالية | أميركا الوسطى
united-states strong he: ארה"ב
united-states weak he: אמריקה
united-states strong fa: ایالات متحده آمریکا | آمریکا
united-states block fa: آمریکای لاتین | آمریکای جنوبی | آمریکای شمالی | آمریکای مرکزی
united-states strong hi: संयुक्त राज्य अमेरिका | अमेरिका
united-states block hi: लैटिन अमेरिका | दक्षिण अमेरिका | उत्तरी अमेरिका | उत्तर अमेरिका
united-states strong ja: 米国 | アメリカ
united-states block ja: 南アメリカ | 北アメリカ | ラテンアメリカ | 中央アメリカ | 南米 | 北米
united-states strong zh: 美利坚合众国 | 美利堅合眾國
united-states strong vi: nước Mỹ | Hoa Kỳ
united-states weak vi: Mỹ
united-states block vi: Mỹ Latinh | Nam Mỹ | Bắc Mỹ | Trung Mỹ
united-states weak id: AS | Amerika

united-kingdom strong en: UK | U.K. | Britain | Great Britain
united-kingdom strong de: Großbritannien
united-kingdom strong fr: Grande-Bretagne
united-kingdom strong es: Gran Bretaña
united-kingdom strong it: Gran Bretagna
united-kingdom strong pt: Grã-Bretanha
united-kingdom strong nl: Groot-Brittannië
united-kingdom strong pl: Wielkiej Brytanii | Zjednoczone Królestwo
united-kingdom strong cs: Velká Británie | Británie
united-kingdom strong sk: Veľká Británia | Británia
united-kingdom strong sl: Velika Britanija | Britanija
united-kingdom strong hu: Nagy-Britannia
united-kingdom strong ro: Marea Britanie
united-kingdom strong bg: Великобритания
united-kingdom strong ru: Соединённое Королевство
united-kingdom strong uk: Британія | Сполучене Королівство
united-kingdom strong sr: Велика Британија | Velika Britanija | Британија | Britanija
united-kingdom strong hr: Velika Britanija | Britanija
united-kingdom strong tr: İngiltere | Britanya
united-kingdom strong ar: بريطانيا
united-kingdom strong he: הממלכה המאוחדת
united-kingdom strong fa: انگلیس
united-kingdom strong hi: ब्रिटेन
united-kingdom strong ja: 英国
united-kingdom strong zh: 联合王国 | 聯合王國
united-kingdom strong vi: nước Anh
united-kingdom strong id: Inggris | Britania Raya

china strong en: PRC | People's Republic of China
china strong de: Volksrepublik China
china strong fr: République populaire de Chine
china strong es: República Popular China
china strong it: Repubblica Popolare Cinese
china strong pt: República Popular da China
china strong nl: Volksrepubliek China
china strong pl: ChRL | Chińska Republika Ludowa | Chinach | Chin | Chinom | Chinami
china strong cs: ČLR | Čínská lidová republika
china strong sk: ČĽR | Čínska ľudová republika
china strong hu: Kínai Népköztársaság
china strong ro: Republica Populară Chineză
china strong bg: КНР
china strong ru: КНР | Китайская Народная Республика
china strong uk: КНР | Китайська Народна Республіка
china strong tr: Çin Halk Cumhuriyeti | ÇHC
china strong ja: 中華人民共和国
china block ja: 中国地方 | 中国電力 | 中国新聞
china strong ko: 중화인민공화국
china strong zh: 中华人民共和国 | 中華人民共和國
china strong id: China | RRT

japan strong ja: 日本国
japan strong vi: nước Nhật

germany strong en: Federal Republic of Germany
germany strong de: Bundesrepublik Deutschland | BRD
germany strong pl: Niemczech | Niemiec | Niemcom | Niemcami | RFN
germany strong vi: nước Đức
germany strong zh: 德意志联邦共和国

france strong vi: nước Pháp
italy strong pl: Włoszech | Włoch | Włochom | Włochami
italy strong vi: nước Ý | Italia
italy weak vi: Ý
hungary strong pl: Węgrzech | Węgier | Węgrom | Węgrami
hungary strong ar: المجر
poland strong pl: Polsce | Rzeczpospolita Polska
poland strong vi: nước Ba Lan
czechia strong en: Czech Republic
czechia strong de: Tschechische Republik
czechia strong fr: République tchèque
czechia strong es: República Checa
czechia strong it: Repubblica Ceca
czechia strong pt: República Tcheca | República Checa
czechia strong nl: Tsjechische Republiek
czechia strong pl: Republika Czeska | Czechach | Czech | Czechom
czechia strong cs: Česká republika | ČR
czechia strong sk: Česká republika | ČR
czechia strong ru: Чешская Республика
czechia strong fa: جمهوری چک
czechia strong vi: Cộng hòa Séc
india strong pl: Indiach | Indii | Indiom
india block ja: インド洋 | インド太平洋
india block zh: 印度洋 | 印度太平洋
india block ko: 인도양 | 인도태평양
philippines strong pl: Filipinach | Filipin
netherlands weak en: Holland
netherlands weak de: Holland
netherlands strong pl: Niderlandy
netherlands strong ru: Голландия
netherlands strong uk: Голландія
netherlands strong it: Olanda
netherlands strong es: Holanda
netherlands strong pt: Holanda
netherlands strong ro: Olanda
united-arab-emirates strong *: UAE
united-arab-emirates strong ar: الإمارات
united-arab-emirates strong ru: Объединённые Арабские Эмираты
united-arab-emirates strong pl: ZEA | Zjednoczonych Emiratach Arabskich | Zjednoczonych Emiratów Arabskich
united-arab-emirates strong zh: 阿联酋 | 阿聯酋
saudi-arabia strong ar: السعودية
saudi-arabia strong fa: عربستان
saudi-arabia strong ja: サウジ
saudi-arabia strong ko: 사우디
saudi-arabia strong zh: 沙特 | 沙烏地
saudi-arabia strong he: סעודיה
saudi-arabia strong en: Kingdom of Saudi Arabia
south-africa strong pl: RPA
south-africa strong ru: ЮАР | Южная Африка
south-africa strong uk: ПАР
south-africa strong ko: 남아공 | 남아프리카 공화국
south-africa strong ja: 南アフリカ共和国
south-africa strong en: Republic of South Africa
thailand strong ru: Тайланд
thailand strong ja: タイ王国
indonesia strong zh: 印尼
belarus strong ru: Белоруссия
belarus strong en: Belorussia
turkey strong en: Turkey
turkey strong de: Türkiye
turkey strong fr: Türkiye
iran strong en: Islamic Republic of Iran
iran strong de: Islamische Republik Iran
iran strong fr: République islamique d'Iran
iran strong ru: Исламская Республика Иран
iran strong ar: الجمهورية الإسلامية الإيرانية
iran strong fa: جمهوری اسلامی ایران
israel strong he: מדינת ישראל
israel strong en: State of Israel
palestine strong en: Palestine | State of Palestine
palestine strong de: Palästina
palestine strong fr: Palestine | État de Palestine
palestine strong es: Palestina | Estado de Palestina
palestine strong it: Palestina | Stato di Palestina
palestine strong pt: Palestina | Estado da Palestina
palestine strong nl: Palestina
palestine strong pl: Palestyna
palestine strong cs: Palestina
palestine strong sk: Palestína
palestine strong sl: Palestina
palestine strong hu: Palesztina
palestine strong ro: Palestina
palestine strong bg: Палестина
palestine strong ru: Палестина
palestine strong uk: Палестина
palestine strong sr: Палестина | Palestina
palestine strong hr: Palestina
palestine strong tr: Filistin
palestine strong ar: فلسطين | دولة فلسطين
palestine strong he: פלסטין
palestine strong fa: فلسطین
palestine strong hi: फ़िलिस्तीन
palestine strong ja: パレスチナ
palestine strong ko: 팔레스타인
palestine strong zh: 巴勒斯坦
palestine strong vi: Palestine
palestine strong id: Palestina
vatican-city strong en: Vatican | Holy See
vatican-city strong de: Vatikan | Heiliger Stuhl
vatican-city strong fr: Vatican | Saint-Siège
vatican-city strong es: Vaticano | Santa Sede
vatican-city strong it: Vaticano | Santa Sede
vatican-city strong pt: Vaticano | Santa Sé
vatican-city strong nl: Vaticaan | Heilige Stoel
vatican-city strong pl: Stolica Apostolska
vatican-city strong cs: Svatý stolec
vatican-city strong hu: Szentszék
vatican-city strong ro: Vatican | Sfântul Scaun
vatican-city strong hr: Sveta Stolica
vatican-city strong ru: Святой Престол
vatican-city strong ja: バチカン | ローマ教皇庁
vatican-city strong ko: 바티칸 | 교황청
vatican-city strong zh: 教廷
vatican-city strong vi: Vatican | Tòa Thánh
vatican-city strong id: Takhta Suci
hong-kong strong en: Hong Kong | Hongkong
hong-kong strong de: Hongkong
hong-kong strong fr: Hong Kong
hong-kong strong es: Hong Kong
hong-kong strong it: Hong Kong
hong-kong strong pt: Hong Kong
hong-kong strong nl: Hongkong
hong-kong strong pl: Hongkong
hong-kong strong cs: Hongkong
hong-kong strong sk: Hongkong
hong-kong strong sl: Hongkong
hong-kong strong hu: Hongkong
hong-kong strong ro: Hong Kong
hong-kong strong bg: Хонконг
hong-kong strong ru: Гонконг
hong-kong strong uk: Гонконг
hong-kong strong sr: Хонгконг | Hongkong
hong-kong strong hr: Hong Kong
hong-kong strong tr: Hong Kong
hong-kong strong ar: هونغ كونغ | هونج كونج
hong-kong strong he: הונג קונג
hong-kong strong fa: هنگ کنگ | هنگ‌کنگ
hong-kong strong hi: हांगकांग | हाँगकाँग | हाँग काँग
hong-kong strong ja: 香港
hong-kong strong ko: 홍콩
hong-kong strong zh: 香港
hong-kong strong vi: Hồng Kông
hong-kong strong id: Hong Kong
macau strong en: Macau | Macao
macau strong de: Macau
macau strong fr: Macao
macau strong es: Macao
macau strong it: Macao
macau strong pt: Macau
macau strong nl: Macau
macau strong pl: Makau
macau strong cs: Macao
macau strong sk: Macao
macau strong sl: Makav
macau strong hu: Makaó
macau strong ro: Macao
macau strong bg: Макао
macau strong ru: Макао
macau strong uk: Макао
macau strong sr: Макао | Makao
macau strong hr: Makao
macau strong tr: Makao
macau strong ar: ماكاو
macau strong he: מקאו
macau strong fa: ماکائو
macau strong hi: मकाऊ
macau strong ja: マカオ
macau strong ko: 마카오
macau strong zh: 澳门 | 澳門
macau strong vi: Ma Cao
macau strong id: Makau
dr-congo strong en: Democratic Republic of the Congo | Democratic Republic of Congo | DR Congo | DRC
dr-congo strong de: Demokratische Republik Kongo | DR Kongo
dr-congo strong fr: République démocratique du Congo | RDC | RD Congo
dr-congo strong es: RDC
dr-congo strong it: Repubblica Democratica del Congo
dr-congo strong pt: República Democrática do Congo | RDC
dr-congo strong nl: Democratische Republiek Congo
dr-congo strong ru: Демократическая Республика Конго | ДРК
dr-congo strong uk: Демократична Республіка Конго
dr-congo strong tr: Kongo Demokratik Cumhuriyeti
dr-congo strong ar: جمهورية الكونغو الديمقراطية
dr-congo strong zh: 刚果民主共和国 | 剛果民主共和國
dr-congo strong ko: 콩고 민주 공화국
dr-congo strong vi: Cộng hòa Dân chủ Congo
dr-congo strong id: Republik Demokratik Kongo
republic-of-the-congo strong en: Republic of the Congo | Congo-Brazzaville
republic-of-the-congo strong fr: République du Congo
republic-of-the-congo strong de: Republik Kongo
republic-of-the-congo strong zh: 刚果共和国 | 剛果共和國
dr-congo weak en: Congo
dr-congo weak de: Kongo
dr-congo weak fr: Congo
dr-congo weak pl: Kongo
dr-congo weak ru: Конго
dr-congo weak ja: コンゴ
dr-congo weak zh: 刚果 | 剛果
dr-congo weak ko: 콩고
dr-congo weak ar: الكونغو
republic-of-the-congo weak en: Congo
republic-of-the-congo weak de: Kongo
republic-of-the-congo weak fr: Congo
republic-of-the-congo weak ru: Конго
republic-of-the-congo weak ja: コンゴ
republic-of-the-congo weak zh: 刚果 | 剛果
republic-of-the-congo weak ko: 콩고
republic-of-the-congo weak ar: الكونغو
ivory-coast strong en: Ivory Coast
ivory-coast strong de: Elfenbeinküste
ivory-coast strong es: Costa de Marfil
ivory-coast strong it: Costa d'Avorio
ivory-coast strong pl: Wybrzeże Kości Słoniowej
ivory-coast strong ro: Coasta de Fildeș
ivory-coast strong tr: Fildişi Sahili
ivory-coast strong id: Pantai Gading
ivory-coast strong vi: Bờ Biển Ngà
myanmar strong en: Burma
east-timor strong en: East Timor
eswatini strong en: Swaziland
eswatini strong de: Swasiland
cape-verde strong en: Cabo Verde
north-macedonia weak en: Macedonia
north-macedonia weak de: Mazedonien
north-macedonia weak fr: Macédoine
north-macedonia weak pl: Macedonia
north-macedonia weak ru: Македония
north-macedonia weak sr: Македонија | Makedonija
north-macedonia weak hr: Makedonija
north-macedonia weak bg: Македония
georgia strong ja: グルジア
georgia strong ko: 그루지야
georgia strong zh: 格鲁吉亚
taiwan strong zh: 臺灣
ireland block en: Northern Ireland
ireland block de: Nordirland
ireland block fr: Irlande du Nord
ireland block es: Irlanda del Norte
ireland block it: Irlanda del Nord
ireland block pt: Irlanda do Norte
ireland block nl: Noord-Ierland
ireland block pl: Irlandia Północna
ireland block ru: Северная Ирландия
mexico block en: New Mexico
mexico block es: Nuevo México
mexico block de: New Mexico
guinea block en: New Guinea
guinea block de: Neuguinea
guinea block fr: Nouvelle-Guinée
guinea block es: Nueva Guinea
guinea block it: Nuova Guinea
niger block en: Niger Delta | Niger River
monaco block it: Bayern Monaco | Monaco di Baviera
mongolia block zh: 内蒙古 | 內蒙古
mongolia block ja: 内モンゴル
mali block zh: 马里兰
jordan block zh: 约旦河西岸 | 約旦河西岸
syria block ja: シリアル | シリアス
"""


def fold(text):
    """The folding of Sources/TopicMatcher/TextFolder.swift: NFKC, lower case,
    NFD with every combining mark dropped (kana voicing marks kept), ß → ss,
    ς → σ; words split at anything but a letter or digit; Han, kana and Hangul
    one token per character. Returns the tokens."""
    s = unicodedata.normalize("NFKC", text).lower()
    kept = []
    for u in unicodedata.normalize("NFD", s):
        cat = unicodedata.category(u)
        if cat.startswith("M"):
            if u in "\u3099\u309a":
                kept.append(u)
            continue
        if u in "\u00df\u1e9e":
            kept.append("ss")
        elif u == "\u03c2":
            kept.append("σ")
        else:
            kept.append(u)
    s = unicodedata.normalize("NFC", "".join(kept))
    tokens, word = [], []
    for u in s:
        v = ord(u)
        if v in (0x00AD, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x200E, 0x200F, 0x061C) or \
                0x202A <= v <= 0x202E or 0x2066 <= v <= 0x2069:
            continue
        if is_ideographic(v):
            if word:
                tokens.append("".join(word))
                word = []
            tokens.append(u)
            continue
        cat = unicodedata.category(u)
        if cat[0] in "LM" or cat in ("Nd", "Nl", "No"):
            word.append(u)
        else:
            if word:
                tokens.append("".join(word))
                word = []
    if word:
        tokens.append("".join(word))
    return tokens


def is_ideographic(v):
    return (0x2E80 <= v <= 0x2FDF or v in (0x3005, 0x3007) or 0x3021 <= v <= 0x3029
            or 0x3038 <= v <= 0x303B or 0x3400 <= v <= 0x4DBF or 0x4E00 <= v <= 0x9FFF
            or 0xF900 <= v <= 0xFAFF or 0x20000 <= v <= 0x3134F
            or 0x3041 <= v <= 0x3096 or 0x309D <= v <= 0x309F
            or 0x30A1 <= v <= 0x30FA or 0x30FD <= v <= 0x30FF or 0x31F0 <= v <= 0x31FF
            or 0xAC00 <= v <= 0xD7AF or 0x1100 <= v <= 0x11FF or 0x3131 <= v <= 0x318E
            or 0xA960 <= v <= 0xA97F or 0xD7B0 <= v <= 0xD7FF)


def fkey(text):
    return " ".join(fold(text))


def slug(name):
    s = name.replace("&", " and ").replace("St. ", "Saint ").replace("U.S.", "US")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.category(c).startswith("M"))
    s = re.sub(r"\(.*?\)", " ", s)
    s = re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower()
    return s


def clean(code, lang, name):
    """The forms of one CLDR name to list: "Myanmar (Burma)" gives both names,
    "Cocos (Keeling) Islands" gives "Cocos Islands" and "Cocos Keeling Islands",
    "&" is spelled out, "St." also as "Saint", Russian "о-ва" as "острова"."""
    n = name
    if lang == "ru":
        n = re.sub(r"\bо-ва\b", "острова", n)
        n = re.sub(r"\bо-в\b", "остров", n)
        n = n.replace("Св. ", "Святой ")
    if lang == "id":
        n = n.replace("Kep. ", "Kepulauan ")
    if code == "SH" and "," in n:
        n = n.split(",")[0].strip()
    if "&" in n:
        n = n.replace("&", AND.get(lang, "&"))
    n = re.sub(r"\s+[-–]\s+", "-", n)  # "Congo - Kinshasa" as the press writes it
    out = []
    m = re.search(r"\s*[(（](.*?)[)）]\s*", n)
    if m:
        g = m.group(0)
        gap = " " if g[0].isspace() and g[-1].isspace() else ""
        outside = (n[:m.start()] + gap + n[m.end():]).strip()
        inside = m.group(1).strip()
        out.append(outside)
        if code in PAREN_IS_NAME:
            out.append(inside)
        elif code in ("MF", "SX"):
            if inside in ("Saint-Martin", "Sint Maarten"):
                out.append(inside)
        elif lang == "zh" and code in ("CD", "CG"):
            out = [n]  # 刚果（金）: the press writes it so
        else:
            out.append(re.sub(r"\s+", " ", re.sub(r"[()（）]", "", n)).strip())
    else:
        out.append(n)
    more = []
    for o in out:
        if lang in ("en", "vi") and o.startswith("St. "):
            more.append("Saint " + o[4:])
    return out + more


def parse_hand():
    rows = []
    for line in HAND.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        head, texts = line.split(":", 1)
        eid, kind, lang = head.split()
        for t in texts.split("|"):
            t = t.strip()
            if t:
                rows.append((eid, kind, lang, t))
    return rows


def build():
    weak_keys = {fkey(w) for w in WEAK_FORMS}
    ids = {}        # code -> id
    order = []      # ids in order
    gen = []        # (id, kind, lang, text)
    en = Locale.parse("en").territories
    for code in sorted(en):
        if code.isdigit() or code in SKIP:
            continue
        eid = ID_OVERRIDE.get(code) or slug(en[code])
        ids[code] = eid
        order.append(eid)
    for loc, lang in LOCALES:
        terr = Locale.parse(loc).territories
        for code in sorted(ids):
            if code in HAND_ONLY or code not in terr:
                continue
            for form in clean(code, lang, terr[code]):
                gen.append((ids[code], "strong", lang, form))
    hand = parse_hand()
    known = set(order)
    for eid, kind, lang, text in hand:
        if eid not in known:
            raise SystemExit(f"hand row for unknown id {eid}: {text}")

    # Strength per (id, folded form): weak if listed weak anywhere, if in
    # WEAK_FORMS, or if two entities share the form.
    owners = {}
    for eid, kind, lang, text in gen + hand:
        if kind in ("strong", "weak"):
            owners.setdefault(fkey(text), set()).add(eid)
    weak = set()
    for eid, kind, lang, text in gen + hand:
        k = fkey(text)
        if kind == "weak" or k in weak_keys or len(owners.get(k, ())) > 1:
            weak.add((eid, k))
        # Hindi: the folding drops every vowel sign, so a name of one or two
        # letters after folding (रूस → रस, चीन → चन) is a common word's skeleton.
        if lang == "hi" and kind in ("strong", "weak") and len(k.replace(" ", "")) <= 2:
            weak.add((eid, k))

    def finalize(rows):
        out, seen = [], set()
        for eid, kind, lang, text in rows:
            k = fkey(text)
            if not k:
                continue
            if kind in ("strong", "weak"):
                kind = "weak" if (eid, k) in weak else "strong"
                key = (eid, "alias", lang, k)
            else:
                key = (eid, kind, lang, k)
            if key in seen or key in done:
                continue
            seen.add(key)
            done.add(key)
            out.append((eid, kind, lang, text))
        return out

    done = set()
    gen_rows = finalize(gen)
    hand_rows = finalize(hand)

    # Blocks: a name of one entity inside a longer name of another, in any
    # language ("Sudan" in "South Sudan", "中国" in "中国香港特别行政区").
    names = [(eid, lang, text, fold(text)) for eid, kind, lang, text in gen_rows + hand_rows
             if kind in ("strong", "weak")]
    by_first = {}
    for i, (eid, lang, text, toks) in enumerate(names):
        for t in set(toks):
            by_first.setdefault(t, []).append(i)
    blocks = []
    bseen = {(eid, fkey(text)) for eid, kind, lang, text in hand_rows if kind == "block"}
    for eid, lang, text, toks in names:
        n = len(toks)
        cands = set(by_first.get(toks[0], []))
        for j in cands:
            oid, olang, otext, otoks = names[j]
            if oid == eid or len(otoks) <= n:
                continue
            if any(otoks[p:p + n] == toks for p in range(len(otoks) - n + 1)):
                key = (eid, " ".join(otoks))
                if key not in bseen:
                    bseen.add(key)
                    blocks.append((eid, "block", olang, otext))
    blocks.sort(key=lambda r: (order.index(r[0]), r[2], r[3]))

    lines = []
    lines.append(f"# source: CLDR territory names via babel {babel.__version__}, generated by scripts/gen-countries.py")
    lines.append("# CLDR data © Unicode, Inc., Unicode License v3")
    lines.append("# Languages: " + " ".join(dict.fromkeys(l for _, l in LOCALES)) +
                 " (pt also pt_PT, sr Cyrillic and Latin, zh Simplified and Traditional).")
    lines.append("# Weak: a name that is a common word or another entity's name (see WEAK_FORMS in the script).")
    by_id = {}
    for r in gen_rows:
        by_id.setdefault(r[0], []).append(r)
    for eid in order:
        lines.append(f"{eid}\ttype\t*\tcountry")
        if eid in CONTEXT:
            lines.append(f"{eid}\tcontext\t*\t{CONTEXT[eid]}")
        for r in by_id.get(eid, []):
            lines.append("\t".join(r))
    lines.append("")
    lines.append("# source: hand-written from the press of each language and the Wikipedia article on each")
    lines.append("# country in that language: official long names, abbreviations (DPRK, KRLD, КНДР, USA, ABD),")
    lines.append("# the everyday names CLDR lacks (Britain, Holland, Hong Kong), and case forms the ending rules")
    lines.append("# cannot derive (Polish Niemczech, Stanach Zjednoczonych; Czech Severní Koreji).")
    for r in hand_rows:
        lines.append("\t".join(r))
    lines.append("")
    lines.append("# source: derived by scripts/gen-countries.py: a name above that sits inside a longer name of")
    lines.append("# another entity is blocked there (Sudan in South Sudan, インド in インドネシア).")
    for r in blocks:
        lines.append("\t".join(r))
    return "\n".join(lines) + "\n"


def main():
    text = build()
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                print("entities-countries.tsv is not what scripts/gen-countries.py writes", file=sys.stderr)
                sys.exit(1)
        return
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {OUT}: {text.count(chr(10))} lines")


if __name__ == "__main__":
    main()
