import CivicCore
import Foundation

/// The analytics pages' and files' wording, from the interface strings (`analytics.*` in
/// `Forms/ui/vi.yaml` and `en.yaml`), and their numbers written the way each language writes them:
/// `84,9%` and `36.525` in Vietnamese, `84.9%` and `36,525` in English.
struct AnalyticsText: Sendable {
    /// Staff read Vietnamese or English; other tags fall back to Vietnamese string by string.
    static let languages = ["vi", "en"]

    /// The keys the templates read as `{{t.<name>}}`, named without the `analytics.` prefix.
    static let labelNames = [
        "dashboard.title", "report.title", "period", "days", "previous_period", "unit", "total", "no_unit",
        "convention", "convention.calendar", "convention.cutoff", "satisfaction", "pooled", "mean_of_elements",
        "answered", "respondents", "ci95", "target", "met", "not_met", "no_data",
        "element", "month", "pakn", "pakn.received", "pakn.handled", "pakn.handled_rate", "pakn.on_time_rate",
        "pakn.pending", "pakn.overdue", "qd766", "change", "change.satisfaction", "change.handled", "change.qd766",
        "chart.units", "chart.trend", "chart.elements", "chart.backlog", "show", "print_hint", "report_link",
        "dashboard_link", "csv_link", "method_note", "whole_service", "form", "form.all", "verdict", "too_few", "rank",
        "change_note",
        "dossiers", "dossiers.statistics", "dossiers.none", "dossiers.required_sample", "dossiers.on_time",
        "dossiers.apologies", "dossiers.qd766_ratio3", "dossiers.response_rate", "dossiers.online", "dossiers.by_post",
        "dossiers.reached", "dossiers.not_reached", "dossiers.basis_resolved", "dossiers.basis_rated",
        "dossiers.of_resolved", "dossiers.of_late", "dossiers.of_received", "dossiers.of_rated",
    ]

    /// Keys read through functions, not templates.
    static let wordNames = ["verdict.above", "verdict.below", "verdict.inconclusive", "significant", "not_significant"]

    /// Keys with `{placeholders}`, used through ``format(_:_:)``.
    static let formatNames = ["target_line", "points", "generated", "as_of", "as_of_replica", "chart.units_desc",
                              "chart.trend_desc", "chart.elements_desc", "chart.backlog_desc", "score", "form_pooled",
                              "elements_form", "interval_line", "minimum_note", "change_interval", "dossiers.share_value",
                              "dossiers.sample_value", "dossiers.qd766_ratio3_value"]

    static let exportColumns = ["id", "submitted_at", "form_version", "unit", "language", "channel", "dossier_code"]

    /// Every key these pages and files use; `vi.yaml` and `en.yaml` must define each (a test checks it).
    static var allKeys: [String] {
        (labelNames + wordNames + formatNames).map { "analytics.\($0)" }
            + SatisfactionElement.allCases.map { "analytics.element.\($0.rawValue)" }
            + SubmissionService.channels.sorted().map { "analytics.channel.\($0)" }
            + exportColumns.map { "analytics.export.\($0)" }
    }

    let ui: UIStrings
    let chain: LanguageChain

    init(ui: UIStrings, language: String) {
        self.ui = ui
        self.chain = LanguageChain(requested: language)
    }

    /// The requested language tag.
    var language: String { chain.first }

    private var isEnglish: Bool { language == "en" || language.hasPrefix("en-") }

    /// ``labelNames`` resolved, for templates (`{{t.name}}`; mustache reads dots as paths, so the
    /// template names use `_` where the key has `.`).
    var labels: [String: String] {
        var result: [String: String] = [:]
        for name in Self.labelNames { result[name.replacingOccurrences(of: ".", with: "_")] = text(name) }
        return result
    }

    /// `analytics.<name>`.
    func text(_ name: String) -> String { ui.text("analytics.\(name)", for: chain).text }

    /// `analytics.<name>` with its placeholders filled.
    func format(_ name: String, _ parameters: [String: String]) -> String {
        ui.format("analytics.\(name)", for: chain, with: parameters).text
    }

    func element(_ element: SatisfactionElement) -> String { text("element.\(element.rawValue)") }

    /// A channel's name; an unknown one as stored.
    func channel(_ channel: String) -> String {
        SubmissionService.channels.contains(channel) ? text("channel.\(channel)") : channel
    }

    /// A language's name in itself (`language.<tag>`), or the tag when the interface has none.
    func languageName(_ tag: String) -> String {
        let key = UIStrings.languageNameKey(tag)
        let resolved = ui.text(key, for: chain)
        return resolved.text == key ? tag : resolved.text
    }

    func period(_ period: ReportingPeriod) -> String { period.label(language: language) }

    func unitName(_ names: [String: String], code: String) -> String {
        if code.isEmpty { return text("no_unit") }
        return names[language] ?? names["vi"] ?? code
    }

    /// A rate as a percentage with one decimal (`84,9%`); `—` for no data.
    func percent(_ rate: Double?) -> String {
        guard let rate else { return "—" }
        return decimal(rate * 100, digits: 1) + "%"
    }

    /// A change already in percentage points, with its sign (`+1,2 điểm %`); `—` when either side
    /// has no data.
    func points(_ change: Double?) -> String {
        guard let value = change else { return "—" }
        let sign = value > 0.05 ? "+" : (value < -0.05 ? "−" : "±")
        return format("points", ["value": sign + decimal(abs(value), digits: 1)])
    }

    /// A QĐ 766 score out of its maximum (`15,2/18`); `—` when no ratio applies.
    func score(_ score: Double?, of maximum: Double) -> String {
        guard let score else { return "—" }
        return format("score", ["score": decimal(score, digits: 1), "max": decimal(maximum, digits: 0)])
    }

    /// A signed change of a score (`+0,8`); `—` when either side has none.
    func scoreChange(_ change: Double?) -> String {
        guard let change else { return "—" }
        let sign = change > 0.05 ? "+" : (change < -0.05 ? "−" : "±")
        return sign + decimal(abs(change), digits: 1)
    }

    /// A count with thousands grouped (`36.525`, `36,525`).
    func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "−" : "") + groups.joined(separator: isEnglish ? "," : ".")
    }

    /// A number with `digits` decimals and the language's decimal mark.
    func decimal(_ value: Double, digits: Int) -> String {
        let text = String(format: "%.\(digits)f", locale: Locale(identifier: "en_US_POSIX"), value)
        return isEnglish ? text : text.replacingOccurrences(of: ".", with: ",")
    }

    /// The interval as `82,1–87,3%`.
    func interval(_ interval: RateReport.Interval?) -> String {
        guard let interval else { return "—" }
        return decimal(interval.low * 100, digits: 1) + "–" + decimal(interval.high * 100, digits: 1) + "%"
    }

    /// A rate's verdict against its target, "too few answers" below the minimum of respondents, or
    /// no data.
    func verdict(_ report: RateReport) -> String {
        guard let verdict = report.verdict else { return text("no_data") }
        if report.tooFewRespondents == true { return text("too_few") }
        return text("verdict.\(verdict.rawValue)")
    }

    /// The CSS class of a rate's cells: `met`, `not_met`, or `no_data` (no data, or too few
    /// respondents to be coloured).
    func rateClass(_ report: RateReport) -> String {
        guard report.isRankable, let met = report.met else { return "no_data" }
        return met ? "met" : "not_met"
    }

    /// A rate as a percentage, with "too few answers" after it below the minimum of respondents.
    func rate(_ report: RateReport) -> String {
        report.tooFewRespondents == true && report.rate != nil
            ? "\(percent(report.rate)) (\(text("too_few").lowercased()))" : percent(report.rate)
    }

    /// The one line that says how a pooled rate's interval was made; nil with no data.
    func intervalLine(_ report: RateReport) -> String? {
        guard report.rate != nil, let deff = report.interval.designEffect,
              let effective = report.interval.effectiveSize else { return nil }
        return format("interval_line", ["effective": decimal(effective, digits: 0), "deff": decimal(deff, digits: 2),
                                        "answered": count(report.answered),
                                        "respondents": count(report.interval.respondents ?? 0)])
    }

    /// A change with its 95% interval and significance, in percentage points:
    /// `+20,0 điểm % (5,1 đến 34,9; có ý nghĩa thống kê)`; `—` with no change to show.
    func change(_ change: RateChange?) -> String {
        guard let change else { return "—" }
        let interval = format("change_interval", ["low": signed(change.low * 100), "high": signed(change.high * 100)])
        return "\(points(change.difference * 100)) (\(interval); \(text(change.significant ? "significant" : "not_significant").lowercased()))"
    }

    /// `+1,2`, `−0,4`, `±0,0`: one decimal with its sign.
    func signed(_ value: Double) -> String {
        let sign = value > 0.05 ? "+" : (value < -0.05 ? "−" : "±")
        return sign + decimal(abs(value), digits: 1)
    }

    /// Met, not met, or no data.
    func met(_ met: Bool?) -> String {
        switch met {
        case true?: text("met")
        case false?: text("not_met")
        case nil: text("no_data")
        }
    }
}
