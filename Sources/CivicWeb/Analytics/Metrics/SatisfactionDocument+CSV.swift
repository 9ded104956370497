import CivicCore
import CivicStore

extension SatisfactionDocument {
    /// The columns of the CSV form, in order.
    static let csvHeader = [
        "period", "first_day", "last_day", "convention", "unit_code", "unit_name", "form", "by", "key", "label",
        "rate", "satisfied", "answered", "ci95_low", "ci95_high", "target", "met", "respondents",
    ]

    /// The same figures as CSV (UTF-8 with a BOM, CRLF): a `pooled` row, a `mean_of_elements` row,
    /// one row per element, then the breakdown's rows (`by` names the breakdown on each row).
    func csv(_ text: AnalyticsText) -> CSVWriter {
        var writer = CSVWriter()
        writer.append(Self.csvHeader)
        func row(by: String, key: String, label: String, rate: Double?, satisfied: Int, answered: Int,
                 ci95: RateReport.Interval?, target: Double, met: Bool?, respondents: Int?) {
            writer.append([period.id, period.first, period.last, period.convention, unit.code, unit.name, form ?? "",
                           by, key, label, CSVCell.rate(rate), String(satisfied), String(answered),
                           CSVCell.rate(ci95?.low), CSVCell.rate(ci95?.high), CSVCell.rate(target), CSVCell.bool(met),
                           CSVCell.int(respondents)])
        }
        func row(by: String, key: String, label: String, _ report: RateReport, respondents: Int?) {
            row(by: by, key: key, label: label, rate: report.rate, satisfied: report.satisfied, answered: report.answered,
                ci95: report.ci95, target: report.target, met: report.met, respondents: respondents)
        }
        row(by: "", key: "pooled", label: text.text("pooled"), summary.pooled, respondents: respondents)
        let mean = summary.meanOfElements
        row(by: "", key: "mean_of_elements", label: text.text("mean_of_elements"), rate: mean.rate,
            satisfied: mean.satisfied, answered: mean.answered, ci95: nil, target: mean.target, met: mean.met,
            respondents: respondents)
        if breakdown?.by != SatisfactionBreakdown.element.rawValue {
            for element in SatisfactionElement.allCases {
                if let report = summary.elements[element] {
                    row(by: "element", key: element.rawValue, label: text.element(element), report, respondents: nil)
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
