extension ReportingPeriod {
    /// The periodic report being gathered on `day`, the default period of the analytics routes:
    /// the Q1 report (`2026-Q1`) while its months run, then the 6-month report (`2026-H1`), the
    /// 9-month report (`2026-Q3`, January–September), the year report (`2026`).
    ///
    /// The month `day` belongs to follows `convention`: under the cut-off convention 20 December
    /// already counts towards January, so it lies in the next year's Q1 report.
    /// - Throws: ``ReportingPeriodError/yearOutOfRange(_:)`` when that report's year is outside
    ///   ``supportedYears`` (a clock set to a year no report is made for).
    public static func reportInProgress(on day: CalendarDate,
                                        convention: Convention) throws(ReportingPeriodError) -> ReportingPeriod {
        let month = ReportingPeriod.month(containing: day, convention: convention)
        let kind: Kind = switch month.month {
        case 1...3: .quarter(year: month.year, quarter: 1)
        case 4...6: .halfYear(year: month.year, half: 1)
        case 7...9: .nineMonths(year: month.year)
        default: .year(month.year)
        }
        return try validated(kind)
    }
}
