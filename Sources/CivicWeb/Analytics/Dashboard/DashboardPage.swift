import CivicCore
import Foundation

/// The staff dashboard (`GET /staff/dashboard`): a ``Dashboard`` worded in Vietnamese or English,
/// each chart drawn as inline SVG (``DashboardCharts``) with the same numbers in a table beside it.
/// Mustache escapes every `{{value}}`; the charts are inserted unescaped (`{{{svg}}}`) because
/// ``SVGCanvas`` escapes every text it writes.
struct DashboardPage: Sendable {
    struct Option: Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct UnitRow: Sendable {
        let name: String
        let code: String
        /// The dashboard of this child unit; nil for the total row.
        let href: String?
        let isTotal: Bool
        let rate: String
        let interval: String
        let answered: String
        let respondents: String
        let target: String
        let met: String
        let metClass: String
        let received: String
        let handled: String
        let handledRate: String
        let handledClass: String
        let onTime: String
        let pending: String
        let overdue: String
    }

    struct RateRow: Sendable {
        let label: String
        let rate: String
        let interval: String
        let answered: String
        let met: String
        let metClass: String
    }

    let chrome: AnalyticsChrome
    let t: [String: String]
    let unitName: String
    let unitCode: String
    let period: String
    let periodID: String
    let days: String
    let convention: String
    let conventions: [Option]
    let language: String
    let reportHref: String
    let unitsChart: String
    let trendChart: String
    let elementsChart: String
    let backlogChart: String
    let units: [UnitRow]
    let trend: [RateRow]
    let elements: [RateRow]
    /// The unit's dossier figures beside its satisfaction (``DossierView/lines(_:)``).
    let dossiers: [Line]
    let hasDossierStatistics: Bool

    struct Line: Sendable {
        let label: String
        let value: String
    }

    /// The unit and period pickers (``UnitSelector``, ``PeriodSelector``), set by the controller
    /// for a signed-in browser; without them the form has plain text fields.
    var unitSelector: UnitSelector?
    var periodSelector: PeriodSelector?

    init(_ dashboard: Dashboard, text: AnalyticsText, chrome: AnalyticsChrome) {
        self.chrome = chrome
        t = text.labels
        let unit = dashboard.unit
        unitName = text.unitName(unit.names, code: unit.code)
        unitCode = unit.code
        dossiers = dashboard.dossiers.lines(text).map { Line(label: $0.label, value: $0.value) }
        hasDossierStatistics = dashboard.dossiers.figures.rowsCounted > 0
        period = text.period(dashboard.period)
        periodID = dashboard.period.description
        days = dashboard.period.dateRangeLabel(convention: dashboard.convention, language: text.language)
        convention = text.text("convention.\(dashboard.convention.rawValue)")
        conventions = ReportingPeriod.Convention.allCases.map {
            Option(value: $0.rawValue, label: text.text("convention.\($0.rawValue)"), selected: $0 == dashboard.convention)
        }
        language = text.language
        let common = ["unit": unit.code, "period": dashboard.period.description,
                      "convention": dashboard.convention.rawValue, "lang": text.language]
        reportHref = AnalyticsChrome.href("/staff/reports/\(dashboard.period.description)",
                                          common.filter { $0.key != "period" })
        func metClass(_ met: Bool?) -> String { met.map { $0 ? "met" : "not_met" } ?? "no_data" }
        let targetText = text.format("target_line", ["target": text.percent(dashboard.target)])

        units = dashboard.units.map { figures in
            let name = text.unitName(figures.names, code: figures.code)
            var child = common
            child["unit"] = figures.code
            return UnitRow(name: figures.isTotal ? "\(text.text("total")): \(name)" : name, code: figures.code,
                           href: figures.isTotal ? nil : AnalyticsChrome.href("/staff/dashboard", child),
                           isTotal: figures.isTotal, rate: text.percent(figures.satisfaction.rate),
                           interval: text.interval(figures.satisfaction.ci95),
                           answered: text.count(figures.satisfaction.answered),
                           respondents: figures.respondents.map(text.count) ?? "—",
                           target: text.percent(figures.satisfaction.target), met: text.met(figures.satisfaction.met),
                           metClass: metClass(figures.satisfaction.met), received: text.count(figures.pakn.received),
                           handled: text.count(figures.pakn.handled), handledRate: text.percent(figures.pakn.handledRate.rate),
                           handledClass: metClass(figures.pakn.handledRate.met),
                           onTime: text.percent(figures.pakn.onTimeRate.rate), pending: text.count(figures.pakn.pending),
                           overdue: text.count(figures.pakn.overdue))
        }
        let chartUnits = dashboard.units.count > 1 ? dashboard.units.filter { !$0.isTotal } : dashboard.units
        let unitBars = chartUnits.map { figures in
            DashboardCharts.RateBar(label: text.unitName(figures.names, code: figures.code), rate: figures.satisfaction.rate,
                                    valueText: Self.valueText(figures.satisfaction, text: text), met: figures.satisfaction.met)
        }
        unitsChart = DashboardCharts.rateBars(
            id: "chart-units", title: "\(text.text("chart.units")): \(period)",
            description: text.format("chart.units_desc", ["met": "\(chartUnits.filter { $0.satisfaction.met == true }.count)",
                                                          "total": "\(chartUnits.count)",
                                                          "target": text.percent(dashboard.target)]),
            bars: unitBars, target: dashboard.target, targetText: targetText)

        trend = dashboard.trend.map { point in
            RateRow(label: text.period(point.month.period), rate: text.percent(point.report.rate),
                    interval: text.interval(point.report.ci95), answered: text.count(point.report.answered),
                    met: text.met(point.report.met), metClass: metClass(point.report.met))
        }
        let months = dashboard.trend.map(\.month)
        trendChart = DashboardCharts.trend(
            id: "chart-trend", title: text.text("chart.trend"),
            description: text.format("chart.trend_desc", [
                "first": months.first.map { text.period($0.period) } ?? "", "last": months.last.map { text.period($0.period) } ?? "",
                "target": text.percent(dashboard.target),
            ]),
            points: dashboard.trend.map { point in
                DashboardCharts.TrendPoint(label: Self.shortMonth(point.month), rate: point.report.rate,
                                           valueText: text.percent(point.report.rate))
            },
            target: dashboard.target, targetText: targetText)

        let summary = dashboard.summary
        let elementReports = SatisfactionElement.allCases.compactMap { element in summary.elements[element].map { (element, $0) } }
        elements = elementReports.map { element, report in
            RateRow(label: text.element(element), rate: text.percent(report.rate), interval: text.interval(report.ci95),
                    answered: text.count(report.answered), met: text.met(report.met), metClass: metClass(report.met))
        } + [
            RateRow(label: text.text("mean_of_elements"), rate: text.percent(summary.meanOfElements.rate), interval: "—",
                    answered: text.count(summary.meanOfElements.answered), met: text.met(summary.meanOfElements.met),
                    metClass: metClass(summary.meanOfElements.met)),
            RateRow(label: text.text("pooled"), rate: text.percent(summary.pooled.rate),
                    interval: text.interval(summary.pooled.ci95), answered: text.count(summary.pooled.answered),
                    met: text.met(summary.pooled.met), metClass: metClass(summary.pooled.met)),
        ]
        elementsChart = DashboardCharts.rateBars(
            id: "chart-elements", title: "\(text.text("chart.elements")): \(period)",
            description: text.format("chart.elements_desc", [
                "met": "\(elementReports.filter { $0.1.met == true }.count)", "total": "\(elementReports.count)",
                "target": text.percent(dashboard.target),
            ]),
            bars: elementReports.map { element, report in
                DashboardCharts.RateBar(label: text.element(element), rate: report.rate,
                                        valueText: Self.valueText(report, text: text), met: report.met)
            },
            target: dashboard.target, targetText: targetText)

        let total = dashboard.units.last { $0.isTotal }?.pakn
        let legend = [(text.text("pakn.handled"), DashboardCharts.met), (text.text("pakn.pending"), DashboardCharts.noData),
                      (text.text("pakn.overdue"), DashboardCharts.notMet)]
        backlogChart = DashboardCharts.stackedCounts(
            id: "chart-backlog", title: "\(text.text("chart.backlog")): \(period)",
            description: text.format("chart.backlog_desc", [
                "received": text.count(total?.received ?? 0), "pending": text.count(total?.pending ?? 0),
                "overdue": text.count(total?.overdue ?? 0),
            ]),
            bars: dashboard.units.map { figures in
                let pakn = figures.pakn
                return DashboardCharts.CountBar(
                    label: figures.isTotal ? text.text("total") : text.unitName(figures.names, code: figures.code),
                    segments: [.init(count: pakn.handled, colour: DashboardCharts.met),
                               .init(count: pakn.pending - pakn.overdue, colour: DashboardCharts.noData),
                               .init(count: pakn.overdue, colour: DashboardCharts.notMet)],
                    valueText: "\(text.count(pakn.handled)) / \(text.count(pakn.pending)) / \(text.count(pakn.overdue))")
            },
            legend: legend.map { (label: $0.0, colour: $0.1) })
    }

    /// `84,9% (n = 486)`, or "no data".
    static func valueText(_ report: RateReport, text: AnalyticsText) -> String {
        guard report.rate != nil else { return text.text("no_data") }
        return "\(text.percent(report.rate)) (n = \(text.count(report.answered)))"
    }

    /// `01/26`: short enough for twelve labels under a chart.
    static func shortMonth(_ month: YearMonth) -> String {
        String(format: "%02d/%02d", month.month, month.year % 100)
    }
}
