/// A GET form choosing a unit and a period for an analytics page (the dashboard, from the staff
/// home and on the dashboard itself): the `analytics-selector` partial.
struct AnalyticsSelectorForm: Sendable {
    let action: String
    let legend: String
    let unit: UnitSelector
    let period: PeriodSelector
    let language: String
    let submit: String

    init(action: String, unit: UnitSelector, period: PeriodSelector, text: StaffPageText) {
        self.action = action
        legend = text.text("staff.select.legend")
        self.unit = unit
        self.period = period
        language = text.language
        submit = text.text("staff.select.submit")
    }
}
