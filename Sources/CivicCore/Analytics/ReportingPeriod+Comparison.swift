extension ReportingPeriod {
    /// The period to compare with for "change from the previous period".
    ///
    /// The rule: reports that are cumulative from January and longer than a quarter compare with
    /// the same report a year earlier ("so với cùng kỳ năm trước"), since the period just before
    /// a January–September report is not a report anyone makes; everything else steps back once.
    /// - year → the year before;
    /// - `2026-H1` (the 6-month report) → `2025-H1`; `2026-H2` → `2026-H1` (a plain half steps back);
    /// - `2026-Q3` (January–September) → `2025-Q3`;
    /// - a single quarter → the quarter before (`2026-Q1` → `2025-Q4`, `2026-Q3-only` → `2026-Q2`);
    /// - a month → the month before (`2026-01` → `2025-12`);
    /// - custom → the same number of days ending the day before it starts.
    ///
    /// ``sameTimeLastYear`` gives the year-on-year comparison for every kind.
    /// - Note: the result is not checked against ``supportedYears``.
    public var previous: ReportingPeriod {
        switch kind {
        case .year(let year):
            return ReportingPeriod(unchecked: .year(year - 1))
        case .halfYear(let year, 1):
            return ReportingPeriod(unchecked: .halfYear(year: year - 1, half: 1))
        case .halfYear(let year, _):
            return ReportingPeriod(unchecked: .halfYear(year: year, half: 1))
        case .nineMonths(let year):
            return ReportingPeriod(unchecked: .nineMonths(year: year - 1))
        case .quarter(let year, let quarter):
            return ReportingPeriod(unchecked: quarter == 1 ? .quarter(year: year - 1, quarter: 4)
                                                           : .quarter(year: year, quarter: quarter - 1))
        case .month(let year, let month):
            return YearMonth(year: year, month: month)!.previous.period
        case .custom(let from, let to):
            let days = to.daysSince(from) + 1
            return ReportingPeriod(unchecked: .custom(from: from.adding(days: -days), to: from.adding(days: -1)))
        }
    }

    /// The same period one year earlier ("cùng kỳ năm trước"): `2026-Q2` → `2025-Q2`, `2026-09`
    /// → `2025-09`. A custom period moves both ends back one calendar year, with 29 February
    /// becoming 28 February (so its length may change by a day).
    /// - Note: the result is not checked against ``supportedYears``.
    public var sameTimeLastYear: ReportingPeriod {
        switch kind {
        case .year(let year): ReportingPeriod(unchecked: .year(year - 1))
        case .halfYear(let year, let half): ReportingPeriod(unchecked: .halfYear(year: year - 1, half: half))
        case .quarter(let year, let quarter): ReportingPeriod(unchecked: .quarter(year: year - 1, quarter: quarter))
        case .nineMonths(let year): ReportingPeriod(unchecked: .nineMonths(year: year - 1))
        case .month(let year, let month): ReportingPeriod(unchecked: .month(year: year - 1, month: month))
        case .custom(let from, let to):
            ReportingPeriod(unchecked: .custom(from: Self.yearEarlier(from), to: Self.yearEarlier(to)))
        }
    }

    private static func yearEarlier(_ date: CalendarDate) -> CalendarDate {
        CalendarDate(year: date.year - 1, month: date.month, day: date.day)
            ?? CalendarDate(year: date.year - 1, month: date.month, day: date.day - 1)!
    }
}
