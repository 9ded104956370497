import Foundation
import Testing

@testable import CivicWeb

/// The service's day is Vietnam's (UTC+7, no daylight saving), whatever the server's time zone.
@Suite struct ServiceCalendarTests {
    @Test(arguments: [
        ("2026-11-26T16:59:59Z", "2026-11-26"),
        ("2026-11-26T17:00:00Z", "2026-11-27"),
        ("2026-12-31T17:00:00Z", "2027-01-01"),
        ("2028-02-28T17:00:00Z", "2028-02-29"),
        ("1969-12-31T16:59:59Z", "1969-12-31"),
        ("1969-12-31T17:00:00Z", "1970-01-01"),
    ])
    func theDayChangesAtMidnightInVietnam(instant: String, day: String) throws {
        let now = try #require(ISO8601DateFormatter().date(from: instant))
        #expect(ServiceCalendar.today(now: now) == day)
    }
}
