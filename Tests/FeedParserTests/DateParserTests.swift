import FeedParser
import Foundation
import Testing

@Suite("Dates as feeds write them")
struct DateParserTests {
    static let readable: [(String, String)] = [
        // RFC 822 / 1123 and their wild variants
        ("Wed, 13 Sep 2023 05:20:00 GMT", "2023-09-13T05:20:00Z"),
        ("Wed, 13 Sep 2023 05:20:00 +0000", "2023-09-13T05:20:00Z"),
        ("Wed, 13 Sep 2023 07:20:00 +0200", "2023-09-13T05:20:00Z"),
        ("Wed, 13 Sep 2023 01:20:00 -0400", "2023-09-13T05:20:00Z"),
        ("Wed, 13 Sep 2023 07:20:00 +02:00", "2023-09-13T05:20:00Z"),
        ("Wed, 13 Sep 2023 05:20:00 UT", "2023-09-13T05:20:00Z"),
        ("Wed, 13 Sep 2023 05:20:00 Z", "2023-09-13T05:20:00Z"),
        ("Wed, 13 Sep 2023 01:20:00 EDT", "2023-09-13T05:20:00Z"),
        ("Wed, 13 Sep 2023 00:20:00 EST", "2023-09-13T05:20:00Z"),
        ("Wed, 13 Sep 2023 22:20:00 PDT", "2023-09-14T05:20:00Z"),
        ("Wed, 13 Sep 2023 06:20:00 A", "2023-09-13T05:20:00Z"),  // military zone A = +1
        ("Wed, 13 Sep 2023 04:20:00 N", "2023-09-13T05:20:00Z"),  // military zone N = -1
        ("13 Sep 2023 05:20:00 GMT", "2023-09-13T05:20:00Z"),  // no weekday
        ("Wed, 13 Sep 2023 05:20 GMT", "2023-09-13T05:20:00Z"),  // no seconds
        ("Wed, 13 Sep 23 05:20:00 GMT", "2023-09-13T05:20:00Z"),  // two-digit year
        ("Mon, 01 Jan 99 00:00:00 GMT", "1999-01-01T00:00:00Z"),
        ("Sat, 01 Jan 00 00:00:00 GMT", "2000-01-01T00:00:00Z"),  // two digits: short for 2000
        ("Mon, 13 Sep 0023 05:20:00 +01:00", "0023-09-13T04:20:00Z"),  // four: the year as written, not 2023
        ("Wed,  13  Sep   2023   05:20:00   GMT", "2023-09-13T05:20:00Z"),  // extra spaces
        ("Wed, 3 Sep 2023 05:20:00 GMT", "2023-09-03T05:20:00Z"),
        ("Wednesday, 13 September 2023 05:20:00 GMT", "2023-09-13T05:20:00Z"),
        ("Sat, Dec 16 2023 02:02:33 PM", "2023-12-16T14:02:33Z"),
        ("Sat, Dec 16 2023 12:02:33 AM", "2023-12-16T00:02:33Z"),
        ("Tue, 15 Nov 2022 20:15:04 Z", "2022-11-15T20:15:04Z"),
        ("Thu, 23 Jan 2014 09:33:08 +0600", "2014-01-23T03:33:08Z"),
        // other languages
        ("mer, 16 nov 2022 00:38:15 +0100", "2022-11-15T23:38:15Z"),  // Italian
        ("Seg, 24 Set 2018 19:42:40 -0300", "2018-09-24T22:42:40Z"),  // Portuguese
        ("mar, 16 mars 2021 10:00:00 +0100", "2021-03-16T09:00:00Z"),  // French, mardi/mars
        ("lun, 14 févr. 2022 08:00:00 +0100", "2022-02-14T07:00:00Z"),
        ("Di, 09 Mär 2021 10:00:00 +0100", "2021-03-09T09:00:00Z"),  // German
        ("Mo, 07 Dez 2020 10:00:00 +0100", "2020-12-07T09:00:00Z"),
        ("mié, 21 dic 2022 10:00:00 +0100", "2022-12-21T09:00:00Z"),  // Spanish
        ("mar, 16 nov 2022 10:00:00 +0100", "2022-11-16T09:00:00Z"),  // Spanish martes, noviembre
        ("vr, 17 mei 2019 10:00:00 +0200", "2019-05-17T08:00:00Z"),  // Dutch
        ("wo, 13 okt 2021 10:00:00 +0200", "2021-10-13T08:00:00Z"),
        // RFC 3339 / W3C-DTF
        ("2023-09-13T05:20:00Z", "2023-09-13T05:20:00Z"),
        ("2023-09-13T05:20:00.123456Z", "2023-09-13T05:20:00Z"),
        ("2023-09-13T07:20:00+02:00", "2023-09-13T05:20:00Z"),
        ("2023-09-13T00:20:00-0500", "2023-09-13T05:20:00Z"),
        ("2023-09-13T05:20:00", "2023-09-13T05:20:00Z"),  // no zone = UTC
        ("2023-09-13T05:20Z", "2023-09-13T05:20:00Z"),
        ("2023-09-13 05:20:00", "2023-09-13T05:20:00Z"),
        ("2023-09-13", "2023-09-13T00:00:00Z"),
        ("2023-09", "2023-09-01T00:00:00Z"),
        ("2023", "2023-01-01T00:00:00Z"),
        ("  2023-09-13T05:20:00Z \n", "2023-09-13T05:20:00Z"),
        ("2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
        ("2023-09-13T01:20:00 EDT", "2023-09-13T05:20:00Z"),  // ISO with a zone name
        ("2023-09-13 05:20:00 +0000 (UTC)", "2023-09-13T05:20:00Z"),
        ("2003-335", "2003-12-01T00:00:00Z"),  // ordinal: day 335 of 2003
        ("2004-366T12:00:00Z", "2004-12-31T12:00:00Z"),
        ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"),
        ("Thu, 01 Jan 2004 19:48:21 +1400", "2004-01-01T05:48:21Z"),
        // US zones named without standard or daylight: standard time, as feedparser reads them
        ("Mon, 26 January 2004 16:31:00 ET", "2004-01-26T21:31:00Z"),
        ("Mon, 26 Jan 2004 16:31:00 ET", "2004-01-26T21:31:00Z"),
        ("Mon, 26 January 2004 16:31:00 AT", "2004-01-26T20:31:00Z"),
        ("Mon, 26 January 2004 16:31:00 CT", "2004-01-26T22:31:00Z"),
        ("Mon, 26 January 2004 16:31:00 MT", "2004-01-26T23:31:00Z"),
        ("Mon, 26 January 2004 16:31:00 PT", "2004-01-27T00:31:00Z"),
        ("13 Sep 2023 at 5:20 PM GMT", "2023-09-13T17:20:00Z"),  // "at" before the time is a word
        // Greek and Hungarian (feedparser's cases)
        ("Κυρ, 11 Ιούλ 2004 12:00:00 EST", "2004-07-11T17:00:00Z"),
        ("Τρι, 12 Οκτωβρίου 2021 10:00:00 +0300", "2021-10-12T07:00:00Z"),
        ("2004-július-13T9:15-05:00", "2004-07-13T14:15:00Z"),
        ("2021. március 5. 10:00 +0100", "2021-03-05T09:00:00Z"),
        // Korean sites (feedparser's Nate and OnBlog forms): Korea's time
        ("2004-05-25 오후 11:23:17", "2004-05-25T14:23:17Z"),
        ("2004-05-25 오전 11:23:17", "2004-05-25T02:23:17Z"),
        ("2004년 05월 28일  01:31:15", "2004-05-27T16:31:15Z"),
    ]

    @Test("readable dates become ISO 8601 in UTC", arguments: readable)
    func readableDates(_ input: String, _ expected: String) {
        #expect(DateParser.parse(input).map(DateParser.iso8601) == expected)
    }

    static let unreadable = [
        "", "   ", "yesterday", "not a date", "2023-13-01", "2023-02-30", "2023-09-13T25:00:00Z",
        "32 Jan 2023 10:00:00 GMT", "Wed, 13 Foo 2023 05:20:00 GMT", "99999999999999999999",
        String(repeating: "9", count: 500), "13/09", "Wed, 30 Feb 2023 10:00:00 GMT",
        "Wed, 13 Sep 0000 05:20:00 GMT", "13 Sep 0000", "0000-09-13T05:20:00Z", "13/09/0000", "Sat, 01 Jan 00000 00:00:00 GMT",
        // no zone is more than 14 hours from UTC, and the year stays four digits in UTC
        "Sun, 31 Dec 9999 23:59:59 -9999", "9999-12-31T23:59:59-99:99", "9999-12-31T23:59:59-05:00",
        "Thu, 01 Jan 2004 19:48:21 +2500", "2004-01-01T19:48:21+25:00", "2004-01-01T19:48:21+01:75",
        // a date with something left over
        "2013-01-27-01", "2013-01-28T11:30:00-06:00Textra", "Sun, 16 Dec 2012 1:2:3:4 GMT", "2004-367", "2003-366",
    ]

    @Test("unreadable dates are nil, never a crash", arguments: unreadable)
    func unreadableDates(_ input: String) {
        #expect(DateParser.parse(input) == nil)
    }

    @Test("an unreadable pubDate is null with a warning naming the line and entry")
    func unreadableInFeed() throws {
        let xml = """
            <rss version="2.0"><channel><title>t</title>
            <item><title>a</title><pubDate>sometime soon</pubDate></item>
            </channel></rss>
            """
        let parsed = try FeedParser.parse(xml)
        #expect(parsed.feed.entries[0].published == nil)
        #expect(parsed.warnings == ["line 2: unreadable date 'sometime soon' in <pubDate> (entry 1)"])
    }

    @Test("a pubDate in year 0000 is null with a warning, not a date in 2000")
    func yearZeroInFeed() throws {
        let xml = """
            <rss version="2.0"><channel><title>t</title>
            <item><title>a</title><pubDate>Sat, 01 Jan 0000 00:00:00 GMT</pubDate></item>
            </channel></rss>
            """
        let parsed = try FeedParser.parse(xml)
        #expect(parsed.feed.entries[0].published == nil)
        #expect(parsed.warnings == ["line 2: unreadable date 'Sat, 01 Jan 0000 00:00:00 GMT' in <pubDate> (entry 1)"])
    }
}
