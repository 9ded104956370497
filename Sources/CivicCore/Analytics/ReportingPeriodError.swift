/// Why a reporting period was refused, for a 422 problem detail or a command-line message.
public enum ReportingPeriodError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not one of the spellings ``ReportingPeriod/init(parsing:)`` accepts.
    case unrecognized(String)
    /// A year outside ``ReportingPeriod/supportedYears``.
    case yearOutOfRange(Int)
    /// A quarter outside 1...4, a half outside 1...2 or a month outside 1...12, named in English.
    case partOutOfRange(String)
    /// A custom period whose end is before its start.
    case endBeforeStart(from: CalendarDate, to: CalendarDate)
    /// A custom period longer than ``ReportingPeriod/maximumCustomDays`` days.
    case tooLong(days: Int)

    /// One English sentence, e.g. `a custom period spans at most 1827 days (about 5 years), not 2000`.
    public var description: String {
        switch self {
        case .unrecognized(let text):
            "'\(text)' is not a reporting period; use e.g. 2026, 2026-Q1, 2026-H1, 2026-Q3 (January–September), "
                + "2026-Q3-only, 2026-09 or 2026-01-15/2026-03-20"
        case .yearOutOfRange(let year):
            "the year \(year) is outside \(ReportingPeriod.supportedYears.lowerBound)…\(ReportingPeriod.supportedYears.upperBound)"
        case .partOutOfRange(let part):
            "\(part) does not exist"
        case .endBeforeStart(let from, let to):
            "the period ends (\(to)) before it starts (\(from))"
        case .tooLong(let days):
            "a custom period spans at most \(ReportingPeriod.maximumCustomDays) days (about 5 years), not \(days)"
        }
    }
}
