import CivicCore

/// Which rollup answers which days of a period: the half-months the period covers whole come from
/// the half-month rollups, the days before the first and after the last of them from the daily ones.
///
/// Every period but a custom one starts on a 1st or a 15th and ends on a 14th or a month's last day
/// under both conventions, so it is whole half-months and ``leadingDays`` and ``trailingDays`` are nil:
/// a year reads at most 24 half-month rows per unit and question. A custom period reads its ragged
/// ends (at most 14 days each, or the whole period when it fills no half-month) day by day.
///
/// Guarantees: the half-months `halfStarts`, the `leadingDays` and the `trailingDays` cover exactly
/// `first … last`, each day once.
public struct CountsWindow: Sendable, Hashable {
    public let first: CalendarDate
    public let last: CalendarDate
    /// The first days (1st or 15th) of the first and the last half-month inside the period; nil when
    /// the period holds no whole half-month.
    public let halfStarts: ClosedRange<CalendarDate>?
    /// Days before the first whole half-month; nil when none.
    public let leadingDays: ClosedRange<CalendarDate>?
    /// Days after the last whole half-month; nil when none.
    public let trailingDays: ClosedRange<CalendarDate>?

    /// - Precondition: `first <= last`.
    public init(first: CalendarDate, last: CalendarDate) {
        precondition(first <= last, "a window needs first <= last")
        self.first = first
        self.last = last
        let firstHalf = Self.halfStart(onOrAfter: first)
        let lastHalf = Self.halfStart(endingOnOrBefore: last)
        guard let firstHalf, let lastHalf, firstHalf <= lastHalf else {
            halfStarts = nil
            leadingDays = first...last
            trailingDays = nil
            return
        }
        halfStarts = firstHalf...lastHalf
        leadingDays = first < firstHalf ? first...firstHalf.adding(days: -1) : nil
        let lastCovered = Self.halfEnd(lastHalf)
        trailingDays = lastCovered < last ? lastCovered.adding(days: 1)...last : nil
    }

    /// The window of `period` under `convention`.
    public init(period: ReportingPeriod, convention: ReportingPeriod.Convention) {
        let range = period.dateRange(convention: convention)
        self.init(first: range.first, last: range.last)
    }

    /// The half-month `day` is in starts on this day: the 1st or the 15th (SQL `half_month_start`).
    public static func halfStart(of day: CalendarDate) -> CalendarDate {
        CalendarDate(year: day.year, month: day.month, day: day.day >= 15 ? 15 : 1)!
    }

    /// The last day of the half-month starting on `start`: the 14th, or the month's last day.
    static func halfEnd(_ start: CalendarDate) -> CalendarDate {
        start.day == 1 ? CalendarDate(year: start.year, month: start.month, day: 14)!
            : YearMonth(start).lastDay
    }

    /// The first half-month start on or after `day`.
    static func halfStart(onOrAfter day: CalendarDate) -> CalendarDate? {
        if day.day == 1 || day.day == 15 { return day }
        if day.day < 15 { return CalendarDate(year: day.year, month: day.month, day: 15) }
        let next = YearMonth(day)
        guard next.year < 9999 || next.month < 12 else { return nil }
        return next.next.firstDay
    }

    /// The start of the last half-month that ends on or before `day`.
    static func halfStart(endingOnOrBefore day: CalendarDate) -> CalendarDate? {
        let month = YearMonth(day)
        if day == month.lastDay { return CalendarDate(year: day.year, month: day.month, day: 15) }
        if day.day >= 14 { return month.firstDay }
        guard month.year > 1 || month.month > 1 else { return nil }
        return CalendarDate(year: month.previous.year, month: month.previous.month, day: 15)
    }
}
