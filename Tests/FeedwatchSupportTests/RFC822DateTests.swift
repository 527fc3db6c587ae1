import Foundation
import Testing
import FeedwatchSupport

@Suite("RFC 822 dates: the one reader the parser and the fetcher share")
struct RFC822DateTests {
    static func iso(_ text: String) -> String? { RFC822Date.parse(text).map(UTCTime.iso8601) }

    @Test("the canonical form with numeric, named and UT/GMT/Z zones, with and without weekday and seconds")
    func forms() {
        #expect(Self.iso("Wed, 13 Sep 2023 05:20:00 +0000") == "2023-09-13T05:20:00Z")
        #expect(Self.iso("13 Sep 2023 07:20:00 +0200") == "2023-09-13T05:20:00Z")
        #expect(Self.iso("Wed, 13 Sep 2023 00:20 -0500") == "2023-09-13T05:20:00Z")
        #expect(Self.iso("Sun, 06 Nov 1994 08:49:37 GMT") == "1994-11-06T08:49:37Z")
        #expect(Self.iso("Sun, 06 Nov 1994 08:49:37 UT") == "1994-11-06T08:49:37Z")
        #expect(Self.iso("Sun, 6 Nov 1994 03:49:37 EST") == "1994-11-06T08:49:37Z")
        #expect(Self.iso("Sun, 06 nov 1994 11:49:37 MSK") == "1994-11-06T08:49:37Z")
    }

    @Test("anything outside the form is left to the caller's fallbacks: nil, never a guess")
    func outside() {
        for text in ["Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "2023-09-13T05:20:00Z",
                     "Wed, 13 Sep 2023 05:20:00 +02", "Wed, 13 Sep 2023 05:20:00 XYZ", "Wed, 31 Feb 2023 05:20:00 GMT",
                     "Wed, 13 Sep 0000 05:20:00 GMT", "Wed, 13 Sep 2023 25:20:00 GMT", ""] {
            #expect(RFC822Date.parse(text) == nil, "\(text)")
        }
    }

    @Test("IMF-fixdate is written with the right weekday, before and after 1970, and reads back as itself")
    func format() {
        let samples = ["1994-11-06T08:49:37Z": "Sun, 06 Nov 1994 08:49:37 GMT",
                       "1969-12-31T23:59:59Z": "Wed, 31 Dec 1969 23:59:59 GMT",
                       "2000-02-29T00:00:00Z": "Tue, 29 Feb 2000 00:00:00 GMT",
                       "2099-12-31T23:59:59Z": "Thu, 31 Dec 2099 23:59:59 GMT"]
        for (iso, http) in samples {
            guard let date = UTCTime.parse(iso) else {
                Issue.record("\(iso) unreadable")
                continue
            }
            #expect(RFC822Date.format(date) == http)
            #expect(RFC822Date.parse(http) == date)
        }
    }
}
