import CivicCore

/// The printable periodic report: the ``PeriodicReport`` as an HTML table with units, worded in
/// Vietnamese or English, with no JavaScript, printing on A4 (`analytics-report.mustache` on
/// `analytics-layout.mustache`).
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
        let received: String
        let handled: String
        let handledClass: String
        let onTime: String
        let pending: String
        let overdue: String
        let score: String
        let changeSatisfaction: String
        let changeHandled: String
        let changeScore: String
        /// The dossier figures, in the order of ``ReportPage/dossierHeaders``.
        let dossiers: [String]
    }

    let chrome: AnalyticsChrome
    let t: [String: String]
    let heading: String
    let unitName: String
    let period: String
    let days: String
    let previousPeriod: String
    let convention: String
    let generated: String
    let rows: [Row]
    let dossierHeaders: [String]
    let csvHref: String
    let dashboardHref: String?

    init(_ report: PeriodicReport, reportingPeriod: ReportingPeriod, convention: ReportingPeriod.Convention,
         text: AnalyticsText, chrome: AnalyticsChrome, csvHref: String, dashboardHref: String?) {
        self.chrome = chrome
        t = text.labels
        heading = text.text("report.title")
        unitName = "\(report.unit.name) (\(report.unit.code))"
        period = report.period.label
        days = reportingPeriod.dateRangeLabel(convention: convention, language: text.language)
        previousPeriod = "\(report.previousPeriod.label) (\(reportingPeriod.previous.dateRangeLabel(convention: convention, language: text.language)))"
        self.convention = text.text("convention.\(convention.rawValue)")
        generated = text.format("generated", ["time": report.generatedAt])
        rows = report.rows.map { row in
            let now = row.current, change = row.change
            func metClass(_ met: Bool?) -> String { met.map { $0 ? "met" : "not_met" } ?? "no_data" }
            return Row(name: row.isTotal ? "\(text.text("total")): \(row.unit.name)" : row.unit.name, code: row.unit.code,
                       isTotal: row.isTotal, satisfaction: text.percent(now.satisfaction.rate),
                       interval: text.interval(now.satisfaction.ci95), answered: text.count(now.satisfaction.answered),
                       target: text.percent(now.satisfaction.target), met: text.met(now.satisfaction.met),
                       metClass: metClass(now.satisfaction.met), received: text.count(now.pakn.received),
                       handled: text.percent(now.pakn.handledRate.rate), handledClass: metClass(now.pakn.handledRate.met),
                       onTime: text.percent(now.pakn.onTimeRate.rate), pending: text.count(now.pakn.pending),
                       overdue: text.count(now.pakn.overdue), score: text.score(now.qd766.score, of: now.qd766.maxScore),
                       changeSatisfaction: text.points(change.satisfaction), changeHandled: text.points(change.paknHandled),
                       changeScore: text.scoreChange(change.qd766Score), dossiers: row.dossiers.lines(text).map(\.value))
        }
        dossierHeaders = report.rows.first?.dossiers.lines(text).map(\.label) ?? []
        self.csvHref = csvHref
        self.dashboardHref = dashboardHref
    }
}
