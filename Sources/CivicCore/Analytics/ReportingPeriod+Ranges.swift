import Foundation

extension ReportingPeriod {
    /// The year and the first and last calendar months a non-custom period spans; nil for custom.
    var monthSpan: (year: Int, first: Int, last: Int)? {
        switch kind {
        case .year(let year): (year, 1, 12)
        case .halfYear(let year, let half): (year, half * 6 - 5, half * 6)
        case .quarter(let year, let quarter): (year, quarter * 3 - 2, quarter * 3)
        case .nineMonths(let year): (year, 1, 9)
        case .month(let year, let month): (year, month, month)
        case .custom: nil
        }
    }

    /// The first and last day of the period, both included, under `convention`.
    ///
    /// Calendar: from the 1st of the first month to the last day of the last month. Cut-off
    /// (NĐ 09/2019/NĐ-CP Art. 12): from the 15th of the month before the first month to the 14th of
    /// the last month; e.g. the year 2026 is 2025-12-15 … 2026-12-14, Q1 2026 is
    /// 2025-12-15 … 2026-03-14 and the Q3 report is 2025-12-15 … 2026-09-14. A custom period is its
    /// own days under both conventions.
    ///
    /// Guarantees: `first <= last`; the calendar ranges of consecutive periods of one kind, and the
    /// cut-off ranges too, meet without gap or overlap.
    public func dateRange(convention: Convention = .calendar) -> (first: CalendarDate, last: CalendarDate) {
        guard let span = monthSpan else {
            guard case .custom(let from, let to) = kind else { preconditionFailure("only custom has no month span") }
            return (from, to)
        }
        let firstMonth = YearMonth(year: span.year, month: span.first)!
        let lastMonth = YearMonth(year: span.year, month: span.last)!
        switch convention {
        case .calendar:
            return (firstMonth.firstDay, lastMonth.lastDay)
        case .cutoff:
            let before = firstMonth.previous
            return (CalendarDate(year: before.year, month: before.month, day: 15)!,
                    CalendarDate(year: lastMonth.year, month: lastMonth.month, day: 14)!)
        }
    }

    /// The same range as a `ClosedRange`, for `contains` and for SQL bounds.
    public func dayRange(convention: Convention = .calendar) -> ClosedRange<CalendarDate> {
        let range = dateRange(convention: convention)
        return range.first...range.last
    }

    /// Whether `day` falls in the period under `convention`.
    public func contains(_ day: CalendarDate, convention: Convention = .calendar) -> Bool {
        dayRange(convention: convention).contains(day)
    }

    /// The number of days in the period under `convention`.
    public func dayCount(convention: Convention = .calendar) -> Int {
        let range = dateRange(convention: convention)
        return range.last.daysSince(range.first) + 1
    }

    /// The instants of the period, half-open: from 00:00 in Vietnam (Asia/Ho_Chi_Minh, +07:00)
    /// on the first day to 00:00 on the day after the last, for `submitted_at >= lower AND
    /// submitted_at < upper`. E.g. the calendar year 2026 starts at 2025-12-31T17:00:00Z.
    ///
    /// Guarantees: ``CalendarDate/inVietnam(at:)`` of any instant in the range is a day of
    /// ``dateRange(convention:)``, and of any instant outside it is not.
    public func instantRange(convention: Convention = .calendar) -> Range<Date> {
        let range = dateRange(convention: convention)
        return range.first.startInVietnam..<range.last.adding(days: 1).startInVietnam
    }

    /// The calendar months that overlap `range` (inclusive), oldest first: the buckets of a
    /// per-month trend under the calendar convention.
    /// - Precondition: `range` lies in years 1...9999 (a ``CalendarDate`` always does).
    public static func months(in range: ClosedRange<CalendarDate>) -> [YearMonth] {
        var months: [YearMonth] = []
        var month = YearMonth(range.lowerBound)
        let last = YearMonth(range.upperBound)
        while month <= last {
            months.append(month)
            if month == last { break }
            month = month.next
        }
        return months
    }

    /// As the `ClosedRange` overload of `months(in:)`, for the pair ``dateRange(convention:)`` returns.
    /// - Precondition: `first <= last`.
    public static func months(in range: (first: CalendarDate, last: CalendarDate)) -> [YearMonth] {
        precondition(range.first <= range.last, "a range of days needs first <= last")
        return months(in: range.first...range.last)
    }

    /// The month that `day` is reported in under `convention`: its own calendar month, or under
    /// the cut-off convention the next month from the 15th on (2025-12-15 belongs to January 2026).
    public static func month(containing day: CalendarDate, convention: Convention = .calendar) -> YearMonth {
        let month = YearMonth(day)
        switch convention {
        case .calendar: return month
        case .cutoff: return day.day >= 15 ? month.next : month
        }
    }

    /// The months of a per-month trend for this period: every month whose range under
    /// `convention` overlaps the period's range under it, oldest first. For every kind but custom
    /// the months' ranges exactly tile the period (Q1 → January, February, March, under either
    /// convention); a custom period may start or end inside its first or last month.
    public func months(convention: Convention = .calendar) -> [YearMonth] {
        let range = dateRange(convention: convention)
        var months: [YearMonth] = []
        var month = Self.month(containing: range.first, convention: convention)
        let last = Self.month(containing: range.last, convention: convention)
        while month <= last {
            months.append(month)
            if month == last { break }
            month = month.next
        }
        return months
    }
}
