import CivicCore
import CivicStore

extension SatisfactionDocument {
    /// The columns of the CSV form, in order.
    static let csvHeader = [
        "period", "first_day", "last_day", "convention", "unit_code", "unit_name", "form", "by", "key", "label",
        "rate", "satisfied", "answered", "ci95_low", "ci95_high", "interval_method", "deff", "effective_n",
        "target", "met", "verdict", "respondents", "too_few_respondents",
    ]

    /// The same figures as CSV (UTF-8 with a BOM, CRLF): a `pooled` row, a `mean_of_elements` row,
    /// one row per element, then the breakdown's rows (`by` names the breakdown on each row).
    func csv(_ text: AnalyticsText) -> CSVWriter {
        var writer = CSVWriter()
        writer.append(Self.csvHeader)
        func row(by: String, key: String, label: String, rate: Double?, satisfied: Int, answered: Int,
                 ci95: RateReport.Interval?, interval: RateInterval, target: Double, met: Bool?, verdict: Verdict?,
                 respondents: Int?, tooFew: Bool?) {
            writer.append([period.id, period.first, period.last, period.convention, unit.codeText, unit.name,
                           form.parameter, by, key, label, CSVCell.rate(rate), String(satisfied), String(answered),
                           CSVCell.rate(ci95?.low), CSVCell.rate(ci95?.high), interval.method.rawValue,
                           CSVCell.decimal(interval.designEffect, digits: 3),
                           CSVCell.decimal(interval.effectiveSize, digits: 1), CSVCell.rate(target), CSVCell.bool(met),
                           verdict?.rawValue ?? "", CSVCell.int(respondents), CSVCell.bool(tooFew)])
        }
        func row(by: String, key: String, label: String, _ report: RateReport, respondents: Int?) {
            row(by: by, key: key, label: label, rate: report.rate, satisfied: report.satisfied, answered: report.answered,
                ci95: report.ci95, interval: report.interval, target: report.target, met: report.met,
                verdict: report.verdict, respondents: respondents, tooFew: report.tooFewRespondents)
        }
        row(by: "", key: "pooled", label: text.text("pooled"), summary.pooled, respondents: respondents)
        let mean = summary.meanOfElements
        row(by: "", key: "mean_of_elements", label: text.text("mean_of_elements"), rate: mean.rate,
            satisfied: mean.satisfied, answered: mean.answered, ci95: nil, interval: mean.interval, target: mean.target,
            met: mean.met, verdict: nil, respondents: respondents, tooFew: mean.tooFewRespondents)
        if breakdown?.by != SatisfactionBreakdown.element.rawValue {
            for element in SatisfactionElement.allCases {
                if let report = summary.elements[element] {
                    row(by: "element", key: element.rawValue, label: text.element(element), report,
                        respondents: report.interval.respondents)
                }
            }
        }
        for item in breakdown?.rows ?? [] {
            var respondents: Int?
            if case .int(let value)? = item.extras["respondents"] { respondents = value }
            row(by: breakdown?.by ?? "", key: item.key, label: item.label, item.figures, respondents: respondents)
        }
        return writer
    }
}
