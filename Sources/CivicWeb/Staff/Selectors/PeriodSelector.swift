import CivicCore

/// The period picker of the staff pages: a `<select>` of the periods staff report on (this
/// quarter, the Q1 report, the 6-month report, the Q3 report, the year, last year, and each of
/// the last twelve months), valued by the period's code, so that a code typed in the URL
/// (`period=2025-H2`) still works: a chosen period the list does not have is added to it.
/// Rendered by the `period-selector` partial.
struct PeriodSelector: Sendable {
    let id: String
    let name: String
    let label: String
    let options: [SelectOption]

    init(selected: ReportingPeriod?, today: CalendarDate, text: StaffPageText, name: String = "period") {
        id = "f-\(name)"
        self.name = name
        label = text.text("staff.select.period")
        let language = text.language
        let year = today.year
        let quarter = (today.month - 1) / 3 + 1
        var choices: [(String, ReportingPeriod?)] = [
            ("this_quarter", ReportingPeriod(kind: .quarter(year: year, quarter: quarter))),
            ("q1", ReportingPeriod(kind: .quarter(year: year, quarter: 1))),
            ("h1", ReportingPeriod(kind: .halfYear(year: year, half: 1))),
            ("q3", ReportingPeriod(kind: .nineMonths(year: year))),
            ("year", ReportingPeriod(kind: .year(year))),
            ("last_year", ReportingPeriod(kind: .year(year - 1))),
        ]
        var (monthYear, month) = (year, today.month)
        for _ in 0..<12 {
            choices.append(("month", ReportingPeriod(kind: .month(year: monthYear, month: month))))
            (monthYear, month) = month == 1 ? (monthYear - 1, 12) : (monthYear, month - 1)
        }
        var options: [SelectOption] = []
        var seen: Set<String> = []
        for (name, period) in choices {
            guard let period, seen.insert(period.description).inserted else { continue }
            let label = name == "month" ? period.label(language: language)
                : text.format("staff.select.period_\(name)", ["period": period.label(language: language)])
            options.append(SelectOption(value: period.description, label: label, selected: period == selected))
        }
        if let selected, !seen.contains(selected.description) {
            options.insert(SelectOption(value: selected.description, label: selected.label(language: language), selected: true),
                           at: 0)
        }
        self.options = options
    }
}
