import CivicCore

/// A reporting period as the analytics API shows it:
/// `{"id": "2026-Q1", "label": "Quý I/2026", "first": "2026-01-01", "last": "2026-03-31", "convention": "calendar"}`.
/// `first` and `last` are the days counted (both included) under the convention.
struct PeriodView: Codable, Sendable, Hashable {
    let id: String
    let label: String
    let first: String
    let last: String
    let convention: String

    init(_ period: ReportingPeriod, convention: ReportingPeriod.Convention, language: String) {
        let days = period.dateRange(convention: convention)
        id = period.description
        label = period.label(language: language)
        first = days.first.description
        last = days.last.description
        self.convention = convention.rawValue
    }
}
