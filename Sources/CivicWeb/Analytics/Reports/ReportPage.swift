import CivicCore

/// The printable periodic report: the ``PeriodicReport`` as an HTML table with units, worded in
/// Vietnamese or English, with no JavaScript, printing on A4 (`analytics-report.mustache` on
/// `analytics-layout.mustache`), with a form selector that keeps the other parameters.
struct ReportPage: Sendable {
    struct Row: Sendable {
        let name: String
        let code: String
        let isTotal: Bool
        let satisfaction: String
        let interval: String
        let answered: String
        let target: String
        let met: String
        /// `met`, `not_met` or `no_data`: the cell's class.
        let metClass: String
        let verdict: String
        let received: String
        let handled: String
        let handledClass: String
        let onTime: String
        let pending: String
        let overdue: String
        let score: String
        /// The change of satisfaction with its 95% interval and whether it is significant.
        let changeSatisfaction: String
        let changeHandled: String
        let changeScore: String
        /// The dossier figures, in the order of ``ReportPage/dossierHeaders``.
        let dossiers: [String]
    }

    /// A query parameter kept as a hidden field of the form selector.
    struct Hidden: Sendable {
        let name: String
        let value: String
    }

    let chrome: AnalyticsChrome
    let t: [String: String]
    let heading: String
    let unitName: String
    let period: String
    let days: String
    let previousPeriod: String
    let convention: String
    let form: FormSelector
    let action: String
    let hidden: [Hidden]
    let intervalLine: String?
    let minimumNote: String
    let generated: String
    let rows: [Row]
    let dossierHeaders: [String]
    let csvHref: String
    let dashboardHref: String?

    init(_ report: PeriodicReport, reportingPeriod: ReportingPeriod, convention: ReportingPeriod.Convention,
         text: AnalyticsText, forms choices: [(id: String, title: String)], path: String, parameters: [String: String],
         chrome: AnalyticsChrome, csvHref: String, dashboardHref: String?) {
        self.chrome = chrome
        t = text.labels
        heading = text.text("report.title")
        unitName = report.unit.code.map { "\(report.unit.name) (\($0))" } ?? report.unit.name
        period = report.period.label
        days = reportingPeriod.dateRangeLabel(convention: convention, language: text.language)
        previousPeriod = "\(report.previousPeriod.label) (\(reportingPeriod.previous.dateRangeLabel(convention: convention, language: text.language)))"
        self.convention = text.text("convention.\(convention.rawValue)")
        form = FormSelector(choices: choices, form: report.form, counted: report.forms, text: text)
        action = path
        hidden = parameters.filter { $0.key != "form" && $0.key != "format" }.sorted { $0.key < $1.key }
            .map { Hidden(name: $0.key, value: $0.value) }
        intervalLine = report.rows.last { $0.isTotal }.flatMap { text.intervalLine($0.current.satisfaction) }
        minimumNote = text.format("minimum_note", ["minimum": text.count(report.minimumRespondents)])
        generated = text.format("generated", ["time": report.generatedAt])
        rows = report.rows.map { row in
            let now = row.current, change = row.change
            let name = row.unit.code == "" ? text.text("no_unit") : row.unit.name
            return Row(name: row.isTotal ? "\(text.text("total")): \(name)" : name, code: row.unit.codeText,
                       isTotal: row.isTotal, satisfaction: text.rate(now.satisfaction),
                       interval: text.interval(now.satisfaction.ci95), answered: text.count(now.satisfaction.answered),
                       target: text.percent(now.satisfaction.target), met: text.met(now.satisfaction.met),
                       metClass: text.rateClass(now.satisfaction), verdict: text.verdict(now.satisfaction),
                       received: text.count(now.pakn.received), handled: text.percent(now.pakn.handledRate.rate),
                       handledClass: text.rateClass(now.pakn.handledRate), onTime: text.percent(now.pakn.onTimeRate.rate),
                       pending: text.count(now.pakn.pending), overdue: text.count(now.pakn.overdue),
                       score: text.score(now.qd766.score, of: now.qd766.maxScore),
                       changeSatisfaction: text.change(row.satisfactionChange), changeHandled: text.points(change.paknHandled),
                       changeScore: text.scoreChange(change.qd766Score), dossiers: row.dossiers.lines(text).map(\.value))
        }
        dossierHeaders = report.rows.first?.dossiers.lines(text).map(\.label) ?? []
        self.csvHref = csvHref
        self.dashboardHref = dashboardHref
    }
}
