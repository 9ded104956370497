import Foundation

// The service's days are Vietnam's, whatever the server's own time zone: dates of receipt,
// deadlines, tracking codes and the days analytics count a submission on.
extension CalendarDate {
    /// Vietnam's time zone (Asia/Ho_Chi_Minh): UTC+7 all year, no daylight saving time.
    public static let vietnamTimeZone: TimeZone =
        TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: vietnamOffset)!

    /// Vietnam's offset from UTC, in seconds.
    static let vietnamOffset = 7 * 3600

    /// The day it is in Vietnam at `instant`.
    ///
    /// By arithmetic: Vietnam keeps UTC+7 all year, and a Calendar per call was 3% of a
    /// submission's CPU time.
    /// - Precondition: `instant` falls in years 1...9999.
    public static func inVietnam(at instant: Date) -> CalendarDate {
        let seconds = Int((instant.timeIntervalSince1970 + Double(vietnamOffset)).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        guard let date = CalendarDate(dayNumber: unixEpochDayNumber + days) else {
            preconditionFailure("\(instant) has no date in years 1...9999")
        }
        return date
    }

    /// 00:00 in Vietnam on this day.
    ///
    /// Guarantees: `CalendarDate.inVietnam(at: d.startInVietnam) == d`, and the instant a second
    /// earlier is on the day before.
    public var startInVietnam: Date {
        Date(timeIntervalSince1970: Double((dayNumber - Self.unixEpochDayNumber) * 86_400 - Self.vietnamOffset))
    }

    /// `31/12/2026`, as dates are written in Vietnam (in messages and letters).
    public var dayMonthYear: String {
        String(format: "%02d/%02d/%04d", day, month, year)
    }

    /// The ``dayNumber`` of 1970-01-01.
    private static let unixEpochDayNumber = CalendarDate(year: 1970, month: 1, day: 1)!.dayNumber
}
