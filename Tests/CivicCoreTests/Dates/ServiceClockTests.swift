import CivicCore
import Foundation
import Testing

/// The service's day is Vietnam's (UTC+7, no daylight saving), whatever the server's time zone.
@Suite struct ServiceClockTests {
    static func instant(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }

    @Test(arguments: [
        ("2026-11-26T16:59:59Z", "2026-11-26"),
        ("2026-11-26T17:00:00Z", "2026-11-27"),
        ("2026-12-31T17:00:00Z", "2027-01-01"),
        ("2028-02-28T17:00:00Z", "2028-02-29"),
        ("1969-12-31T16:59:59Z", "1969-12-31"),
        ("1969-12-31T17:00:00Z", "1970-01-01"),
    ])
    func theDayChangesAtMidnightInVietnam(instant: String, day: String) {
        #expect(CalendarDate.inVietnam(at: Self.instant(instant)).description == day)
        #expect(ServiceClock.fixed(at: Self.instant(instant)).today().description == day)
    }

    @Test func theArithmeticAgreesWithFoundationsCalendar() {
        // Every 7 hours and 13 minutes over 40 years, so that every hour of the day is crossed.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CalendarDate.vietnamTimeZone
        var disagreements: [Date] = []
        var instant = Self.instant("1980-01-01T00:00:00Z")
        while instant < Self.instant("2020-01-01T00:00:00Z") {
            let parts = calendar.dateComponents([.year, .month, .day], from: instant)
            if CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!) != CalendarDate.inVietnam(at: instant) {
                disagreements.append(instant)
            }
            instant.addTimeInterval(7 * 3600 + 13 * 60)
        }
        #expect(disagreements.isEmpty)
    }

    @Test func aDayStartsAtMidnightInVietnam() throws {
        let day = try #require(CalendarDate("2026-01-01"))
        #expect(day.startInVietnam == Self.instant("2025-12-31T17:00:00Z"))
        #expect(CalendarDate.inVietnam(at: day.startInVietnam) == day)
        #expect(CalendarDate.inVietnam(at: day.startInVietnam.addingTimeInterval(-1)) == CalendarDate("2025-12-31"))
    }

    @Test func aFixedClockStaysOnItsDay() throws {
        let day = try #require(CalendarDate("2026-03-15"))
        let clock = ServiceClock.fixed(on: day)
        #expect(clock.today() == day)
        #expect(clock.now() == Self.instant("2026-03-15T05:00:00Z"))
        #expect(clock.now() == clock.now())
    }

    @Test func theSystemClockReadsTheMachinesTime() {
        let before = Date()
        let now = ServiceClock.system.now()
        let after = Date()
        #expect(before <= now && now <= after)
    }
}
