/// Which days an agency works, for deadlines counted in working days.
///
/// A day is a working day unless it is a holiday, or a weekend day (Saturday and Sunday by
/// default) that is not listed in ``extraWorkingDays``. Vietnam moves working days around Tết and
/// other long breaks ("hoán đổi ngày làm việc"): a weekday becomes a day off (listed in
/// ``holidays``) and a Saturday becomes a working day (listed in ``extraWorkingDays``).
///
/// Guarantees: a date in ``holidays`` is never a working day, even if it is also listed in
/// ``extraWorkingDays`` (``HolidayCalendarFile`` rejects such a file); every week has at least one
/// working day outside the holidays, so the arithmetic below always ends.
public struct WorkingCalendar: Sendable, Hashable, Codable {
    /// ISO weekdays (1 = Monday … 7 = Sunday) that are not worked unless listed in ``extraWorkingDays``.
    public let weekend: Set<Int>
    /// Days off that would otherwise be working days: public holidays, days off in lieu, swapped days.
    public let holidays: Set<CalendarDate>
    /// Weekend days that are worked (the other half of a swap).
    public let extraWorkingDays: Set<CalendarDate>

    /// - Precondition: `weekend` holds ISO weekdays (1...7) and leaves at least one day of the week.
    public init(holidays: Set<CalendarDate> = [], extraWorkingDays: Set<CalendarDate> = [], weekend: Set<Int> = [6, 7]) {
        precondition(weekend.allSatisfy { (1...7).contains($0) }, "weekend days are ISO weekdays 1...7")
        precondition(weekend.count < 7, "a calendar needs at least one working day in the week")
        self.weekend = weekend
        self.holidays = holidays
        self.extraWorkingDays = extraWorkingDays
    }

    /// Saturdays and Sundays off, no holidays.
    public static let weekendsOnly = WorkingCalendar()

    private enum CodingKeys: String, CodingKey {
        case weekend, holidays, extraWorkingDays
    }

    /// Decodes the three sets, refusing a weekend the initializer would refuse (a calendar with no
    /// working day would make the arithmetic below run forever).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let weekend = try container.decode(Set<Int>.self, forKey: .weekend)
        guard weekend.allSatisfy({ (1...7).contains($0) }), weekend.count < 7 else {
            throw DecodingError.dataCorruptedError(forKey: .weekend, in: container,
                                                   debugDescription: "weekend must be ISO weekdays 1...7, not all seven")
        }
        self.init(holidays: try container.decode(Set<CalendarDate>.self, forKey: .holidays),
                  extraWorkingDays: try container.decode(Set<CalendarDate>.self, forKey: .extraWorkingDays),
                  weekend: weekend)
    }

    /// Whether staff work on `date`.
    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        if holidays.contains(date) { return false }
        if extraWorkingDays.contains(date) { return true }
        return !weekend.contains(date.weekday)
    }

    /// The due date of something started on `date` with `n` working days to do it.
    ///
    /// The rule, as the Civil Code 2015 (Art. 147) counts periods in days: the day of the event
    /// itself does not count. The count starts with the first working day after `date`, and the
    /// result is the `n`-th working day from there; the item is due at the end of that day. So an
    /// item accepted on Friday with 1 working day is due on Monday (or on the first working day
    /// after a Tết break), whether `date` itself is a working day or not.
    ///
    /// Guarantees: `n == 0` returns `date`; for `n > 0` the result is a working day after `date`
    /// and `workingDays(from: date, to: result) == n`. A negative `n` counts back: the result is
    /// the `|n|`-th working day before `date`.
    public func addingWorkingDays(_ n: Int, to date: CalendarDate) -> CalendarDate {
        guard n != 0 else { return date }
        let step = n > 0 ? 1 : -1
        var remaining = abs(n)
        var day = date
        while remaining > 0 {
            day = day.adding(days: step)
            if isWorkingDay(day) { remaining -= 1 }
        }
        return day
    }

    /// The number of working days after `start`, up to and including `end`: the working days
    /// spent on an item accepted on `start` and handled on `end`.
    ///
    /// Guarantees: 0 when `end <= start`; `workingDays(from: d, to: addingWorkingDays(n, to: d)) == n`
    /// for every `n >= 0`. Takes time proportional to the number of holidays and swapped days, not
    /// to the length of the range.
    public func workingDays(from start: CalendarDate, to end: CalendarDate) -> Int {
        let span = end.daysSince(start)
        guard span > 0 else { return 0 }
        // Weekdays in (start, end]: whole weeks, then the few days left over.
        var count = span / 7 * (7 - weekend.count)
        var weekday = start.weekday
        for _ in 0..<(span % 7) {
            weekday = weekday % 7 + 1
            if !weekend.contains(weekday) { count += 1 }
        }
        // Holidays on weekdays were counted above; holidays on weekend days were not.
        for holiday in holidays where start < holiday && holiday <= end && !weekend.contains(holiday.weekday) {
            count -= 1
        }
        // Worked weekend days were not counted above, unless a holiday overrides them.
        for extra in extraWorkingDays where start < extra && extra <= end
            && weekend.contains(extra.weekday) && !holidays.contains(extra) {
            count += 1
        }
        return count
    }
}
