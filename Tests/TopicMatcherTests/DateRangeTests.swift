import Foundation
import Testing
@testable import TopicMatcher

/// The data files' role dates, read by arithmetic (no Calendar): the instants
/// below are `calendar.timegm` of each UTC midnight.
@Suite("Role dates in the entity data")
struct DateRangeTests {
    private static func at(_ seconds: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    @Test("a range begins at its first day and ends after its last day, month or year")
    func ends() throws {
        let days = try #require(EntityDataReader.dateRanges("2000-05-07..2008-05-07"))
        #expect(days.map(\.from) == [Self.at(957657600)])
        #expect(days.map(\.to) == [Self.at(1210204800)], "the moment after 7 May 2008, not its start")
        let years = try #require(EntityDataReader.dateRanges("2000..2000"))
        #expect(years.map(\.from) == [Self.at(946684800)])
        #expect(years.map(\.to) == [Self.at(978307200)], "1 January 2001")
        let months = try #require(EntityDataReader.dateRanges("2020-12..2021-02"))
        #expect(months.map(\.from) == [Self.at(1606780800)])
        #expect(months.map(\.to) == [Self.at(1614556800)], "1 March 2021")
        let leap = try #require(EntityDataReader.dateRanges("..2024-02-29"))
        #expect(leap.map(\.from) == [nil])
        #expect(leap.map(\.to) == [Self.at(1709251200)])
        let open = try #require(EntityDataReader.dateRanges("2020-12..,..2000"))
        #expect(open.map(\.from) == [Self.at(1606780800), nil])
        #expect(open.map(\.to) == [nil, Self.at(978307200)])
    }

    @Test("a day, month or year that is not one is refused, as is a range that ends before it begins")
    func refused() {
        for text in ["2021-02-29..", "..2023-02-29", "2021-13..", "2021-04-31..", "2021-00-10..", "999..", "2021-1-1-1..",
                     "x..", "2010..2005", "2005", "2021-02-30..2021-03-01"] {
            #expect(EntityDataReader.dateRanges(text) == nil, "\(text)")
        }
    }
}
