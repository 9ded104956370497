import CivicCore

extension MetricsDocument where Figures == QD766Score {
    static var csvHeader: [String] { [
        "period", "first_day", "last_day", "convention", "unit_code", "unit_name", "by", "key", "label",
        "on_time_numerator", "on_time_denominator", "on_time_ratio", "pakn_satisfaction_numerator",
        "pakn_satisfaction_denominator", "pakn_satisfaction_ratio", "dossier_satisfaction_numerator",
        "dossier_satisfaction_denominator", "dossier_satisfaction_ratio", "score", "max_score",
    ] }

    /// The ratios and scores as CSV: a `total` row, then the breakdown's rows.
    func csv(_ text: AnalyticsText) -> CSVWriter {
        var writer = CSVWriter()
        writer.append(Self.csvHeader)
        func row(by: String, key: String, label: String, _ s: QD766Score) {
            var fields = [period.id, period.first, period.last, period.convention, unit.code, unit.name, by, key, label]
            for ratio in s.ratios {
                fields += [String(ratio.numerator), String(ratio.denominator), CSVCell.rate(ratio.value)]
            }
            fields += [CSVCell.decimal(s.score), CSVCell.decimal(s.maxScore)]
            writer.append(fields)
        }
        row(by: "", key: "total", label: text.text("total"), figures)
        for item in breakdown?.rows ?? [] {
            row(by: breakdown?.by ?? "", key: item.key, label: item.label, item.figures)
        }
        return writer
    }
}
