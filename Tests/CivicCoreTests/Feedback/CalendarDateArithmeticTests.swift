import Foundation
import Testing
@testable import CivicCore

@Suite struct CalendarDateArithmeticTests {
    /// Foundation's Gregorian calendar in UTC, used only here as an oracle. Before 1582 it switches
    /// to the Julian calendar, so the random dates start in 1700 and move at most 20,000 days.
    private static let oracle: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    private func foundationDate(_ date: CalendarDate) -> Date {
        Self.oracle.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
    }

    private func calendarDate(_ date: Date) -> CalendarDate {
        let parts = Self.oracle.dateComponents([.year, .month, .day], from: date)
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    private func randomDate(_ random: inout FeedbackTestRandom) -> CalendarDate {
        let year = Int.random(in: 1700...2400, using: &random)
        let month = Int.random(in: 1...12, using: &random)
        let day = Int.random(in: 1...31, using: &random)
        return CalendarDate(year: year, month: month, day: day)
            ?? CalendarDate(year: year, month: month, day: 28)!
    }

    @Test func agreesWithFoundationOnTwoThousandRandomDates() {
        var random = FeedbackTestRandom(seed: 766)
        for _ in 0..<2000 {
            // setup
            let date = randomDate(&random)
            let other = randomDate(&random)
            let offset = Int.random(in: -20_000...20_000, using: &random)
            let reference = foundationDate(date)
            // act and validate
            let foundationWeekday = Self.oracle.component(.weekday, from: reference)  // 1 = Sunday
            #expect(date.weekday == (foundationWeekday + 5) % 7 + 1, "weekday of \(date)")
            let shifted = Self.oracle.date(byAdding: .day, value: offset, to: reference)!
            #expect(date.adding(days: offset) == calendarDate(shifted), "\(date) + \(offset)")
            let between = Self.oracle.dateComponents([.day], from: foundationDate(other), to: reference).day!
            #expect(date.daysSince(other) == between, "\(date) - \(other)")
        }
    }

    @Test func knownWeekdaysAndEdges() {
        #expect(ymd("0001-01-01").weekday == 1)
        #expect(ymd("0001-01-01").dayNumber == 1)
        #expect(ymd("2000-01-01").weekday == 6)
        #expect(ymd("2026-02-17").weekday == 2)  // Tết Bính Ngọ, a Tuesday
        #expect(ymd("2027-02-06").weekday == 6)  // Tết Đinh Mùi, a Saturday
        #expect(ymd("9999-12-31").daysSince(ymd("0001-01-01")) == 3_652_058)
        #expect(CalendarDate(dayNumber: 0) == nil)
        #expect(CalendarDate(dayNumber: ymd("9999-12-31").dayNumber + 1) == nil)
    }

    @Test func addingCrossesMonthsYearsAndLeapDays() {
        #expect(ymd("2024-02-28").adding(days: 1) == ymd("2024-02-29"))
        #expect(ymd("2100-02-28").adding(days: 1) == ymd("2100-03-01"))
        #expect(ymd("2000-02-28").adding(days: 1) == ymd("2000-02-29"))
        #expect(ymd("2026-12-31").adding(days: 1) == ymd("2027-01-01"))
        #expect(ymd("2027-01-01").adding(days: -1) == ymd("2026-12-31"))
        #expect(ymd("2026-02-16").adding(days: 0) == ymd("2026-02-16"))
        #expect(ymd("2026-03-01").daysSince(ymd("2026-02-01")) == 28)
        #expect(ymd("2026-02-01").daysSince(ymd("2026-03-01")) == -28)
    }

    @Test func everyDayNumberRoundTripsOverFourCenturies() {
        var date = ymd("1900-01-01")
        var number = date.dayNumber
        var broken: [CalendarDate] = []
        while date.year < 2300 {
            let next = date.adding(days: 1)
            number += 1
            if next.dayNumber != number || !(next > date) { broken.append(next) }
            date = next
        }
        #expect(broken == [])
    }
}
