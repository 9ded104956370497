import CivicCore
import Foundation

/// The staff dashboard (`GET /staff/dashboard`): a ``Dashboard`` worded in Vietnamese or English,
/// each chart drawn as inline SVG (``DashboardCharts``) with the same numbers in a table beside it.
/// Mustache escapes every `{{value}}`; the charts are inserted unescaped (`{{{svg}}}`) because
/// ``SVGCanvas`` escapes every text it writes.
///
/// A rate with fewer respondents than the minimum reads "too few answers": it has no rank, and
/// its bar is grey, whatever its point estimate.
struct DashboardPage: Sendable {
    struct Option: Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct UnitRow: Sendable {
        let name: String
        let code: String
        /// The dashboard of this child unit; nil for the total and unit-less rows.
        let href: String?
        let isTotal: Bool
        /// 1 for the highest rate among the rankable child units; "—" otherwise.
        let rank: String
        let rate: String
        let interval: String
        let answered: String
        let respondents: String
        let target: String
        let met: String
        let metClass: String
        let verdict: String
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
        let verdict: String
    }

    let chrome: AnalyticsChrome
    let t: [String: String]
    /// `Name (CODE)`, or the whole service.
    let unitLabel: String
    let unitCode: String
    let period: String
    let periodID: String
    let days: String
    let convention: String
    let conventions: [Option]
    let form: FormSelector
    let intervalLine: String?
    let minimumNote: String
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

    init(_ dashboard: Dashboard, forms choices: [(id: String, title: String)], text: AnalyticsText,
         chrome: AnalyticsChrome) {
        self.chrome = chrome
        t = text.labels
        let unit = dashboard.unit
        unitLabel = unit.map { "\(text.unitName($0.names, code: $0.code)) (\($0.code))" } ?? text.text("whole_service")
        unitCode = unit?.code ?? ""
        dossiers = dashboard.dossiers.lines(text).map { Line(label: $0.label, value: $0.value) }
        hasDossierStatistics = dashboard.dossiers.figures.rowsCounted > 0
        period = text.period(dashboard.period)
        periodID = dashboard.period.description
        days = dashboard.period.dateRangeLabel(convention: dashboard.convention, language: text.language)
        convention = text.text("convention.\(dashboard.convention.rawValue)")
        conventions = ReportingPeriod.Convention.allCases.map {
            Option(value: $0.rawValue, label: text.text("convention.\($0.rawValue)"), selected: $0 == dashboard.convention)
        }
        form = FormSelector(choices: choices, form: dashboard.form, counted: dashboard.forms, text: text)
        intervalLine = text.intervalLine(dashboard.summary.pooled)
        minimumNote = text.format("minimum_note", ["minimum": text.count(dashboard.minimumRespondents)])
        language = text.language
        var common = ["period": dashboard.period.description, "convention": dashboard.convention.rawValue,
                      "lang": text.language, "form": dashboard.form.parameter]
        if let unit { common["unit"] = unit.code }
        reportHref = AnalyticsChrome.href("/staff/reports/\(dashboard.period.description)",
                                          common.filter { $0.key != "period" })
        let targetText = text.format("target_line", ["target": text.percent(dashboard.target)])

        let ranks = Self.ranks(dashboard.units.filter { $0.member.kind == .child }.map(\.satisfaction))
        var childIndex = 0
        units = dashboard.units.map { figures in
            let name = Self.name(of: figures.member, text: text)
            var rank = "—"
            if figures.member.kind == .child {
                rank = ranks[childIndex].map(text.count) ?? "—"
                childIndex += 1
            }
            var child = common
            child["unit"] = figures.member.code
            let report = figures.satisfaction
            return UnitRow(name: figures.isTotal ? "\(text.text("total")): \(name)" : name, code: figures.member.code ?? "",
                           href: figures.member.kind == .child ? AnalyticsChrome.href("/staff/dashboard", child) : nil,
                           isTotal: figures.isTotal, rank: rank, rate: text.rate(report),
                           interval: text.interval(report.ci95), answered: text.count(report.answered),
                           respondents: text.count(figures.respondents), target: text.percent(report.target),
                           met: text.met(report.met), metClass: text.rateClass(report), verdict: text.verdict(report),
                           received: text.count(figures.pakn.received), handled: text.count(figures.pakn.handled),
                           handledRate: text.percent(figures.pakn.handledRate.rate),
                           handledClass: text.rateClass(figures.pakn.handledRate),
                           onTime: text.percent(figures.pakn.onTimeRate.rate), pending: text.count(figures.pakn.pending),
                           overdue: text.count(figures.pakn.overdue))
        }
        let chartUnits = dashboard.units.count > 1 ? dashboard.units.filter { !$0.isTotal } : dashboard.units
        let unitBars = chartUnits.map { figures in
            DashboardCharts.RateBar(label: Self.name(of: figures.member, text: text),
                                    rate: figures.satisfaction.rate,
                                    valueText: Self.valueText(figures.satisfaction, text: text),
                                    met: Self.colour(figures.satisfaction))
        }
        let rankable = chartUnits.filter { $0.satisfaction.isRankable }
        unitsChart = DashboardCharts.rateBars(
            id: "chart-units", title: "\(text.text("chart.units")): \(period)",
            description: text.format("chart.units_desc", ["met": "\(rankable.filter { $0.satisfaction.met == true }.count)",
                                                          "total": "\(rankable.count)",
                                                          "target": text.percent(dashboard.target)]),
            bars: unitBars, target: dashboard.target, targetText: targetText)

        trend = dashboard.trend.map { point in Self.rateRow(text.period(point.month.period), point.report, text: text) }
        let months = dashboard.trend.map(\.month)
        trendChart = DashboardCharts.trend(
            id: "chart-trend", title: text.text("chart.trend"),
            description: text.format("chart.trend_desc", [
                "first": months.first.map { text.period($0.period) } ?? "", "last": months.last.map { text.period($0.period) } ?? "",
                "target": text.percent(dashboard.target),
            ]),
            points: dashboard.trend.map { point in
                DashboardCharts.TrendPoint(label: Self.shortMonth(point.month), rate: point.report.rate,
                                           valueText: text.percent(point.report.rate), target: point.report.target)
            },
            target: dashboard.target, targetText: targetText)

        let summary = dashboard.summary
        let elementReports = SatisfactionElement.allCases.compactMap { element in summary.elements[element].map { (element, $0) } }
        let mean = summary.meanOfElements
        elements = elementReports.map { element, report in Self.rateRow(text.element(element), report, text: text) } + [
            RateRow(label: text.text("mean_of_elements"), rate: text.percent(mean.rate), interval: "—",
                    answered: text.count(mean.answered), met: text.met(mean.met),
                    metClass: mean.tooFewRespondents == true ? "no_data" : mean.met.map { $0 ? "met" : "not_met" } ?? "no_data",
                    verdict: mean.tooFewRespondents == true ? text.text("too_few") : "—"),
            Self.rateRow(text.text("pooled"), summary.pooled, text: text),
        ]
        let rankableElements = elementReports.filter { $0.1.isRankable }
        elementsChart = DashboardCharts.rateBars(
            id: "chart-elements", title: "\(text.text("chart.elements")): \(period)",
            description: text.format("chart.elements_desc", [
                "met": "\(rankableElements.filter { $0.1.met == true }.count)", "total": "\(rankableElements.count)",
                "target": text.percent(dashboard.target),
            ]),
            bars: elementReports.map { element, report in
                DashboardCharts.RateBar(label: text.element(element), rate: report.rate,
                                        valueText: Self.valueText(report, text: text), met: Self.colour(report))
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
                    label: figures.isTotal ? text.text("total") : Self.name(of: figures.member, text: text),
                    segments: [.init(count: pakn.handled, colour: DashboardCharts.met),
                               .init(count: pakn.pending - pakn.overdue, colour: DashboardCharts.noData),
                               .init(count: pakn.overdue, colour: DashboardCharts.notMet)],
                    valueText: "\(text.count(pakn.handled)) / \(text.count(pakn.pending)) / \(text.count(pakn.overdue))")
            },
            legend: legend.map { (label: $0.0, colour: $0.1) })
    }

    /// A row's name: the unit's, "unit not stated", or the whole service for its total.
    static func name(of member: AnalyticsService.RowUnit, text: AnalyticsText) -> String {
        switch member.kind {
        case .unitless: text.text("no_unit")
        case .child, .total:
            member.code.map { text.unitName(member.names, code: $0) } ?? text.text("whole_service")
        }
    }

    static func rateRow(_ label: String, _ report: RateReport, text: AnalyticsText) -> RateRow {
        RateRow(label: label, rate: text.rate(report), interval: text.interval(report.ci95),
                answered: text.count(report.answered), met: text.met(report.met), metClass: text.rateClass(report),
                verdict: text.verdict(report))
    }

    /// The bar's colour: met or not, or none (grey) without data or with too few respondents.
    static func colour(_ report: RateReport) -> Bool? {
        report.isRankable ? report.met : nil
    }

    /// Competition ranks (1, 2, 2, 4) by rate, highest first, of the reports that may be ranked;
    /// nil for the others. The order of `reports` is kept.
    static func ranks(_ reports: [RateReport]) -> [Int?] {
        let rates = reports.map { $0.isRankable ? $0.rate : nil }
        return rates.map { rate in
            rate.map { own in 1 + rates.filter { ($0 ?? -1) > own }.count }
        }
    }

    /// `84,9% (n = 486)`, or "no data"; "too few answers" after it below the minimum.
    static func valueText(_ report: RateReport, text: AnalyticsText) -> String {
        guard report.rate != nil else { return text.text("no_data") }
        let base = "\(text.percent(report.rate)) (n = \(text.count(report.answered)))"
        return report.tooFewRespondents == true ? "\(base) — \(text.text("too_few").lowercased())" : base
    }

    /// `01/26`: short enough for twelve labels under a chart.
    static func shortMonth(_ month: YearMonth) -> String {
        String(format: "%02d/%02d", month.month, month.year % 100)
    }
}
