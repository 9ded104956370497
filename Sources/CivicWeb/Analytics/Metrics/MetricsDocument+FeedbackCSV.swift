import CivicCore

extension MetricsDocument where Figures == FeedbackMetrics {
    static var csvHeader: [String] { [
        "period", "first_day", "last_day", "convention", "unit_code", "unit_name", "by", "key", "label",
        "received", "out_of_scope", "in_scope", "resolved", "forwarded", "handled", "pending", "overdue",
        "handled_on_time", "handled_rate", "handled_target", "handled_met", "on_time_rate", "on_time_target",
        "on_time_met", "rated_satisfied", "rated_total", "satisfied_share_of_rated", "median_days", "p90_days",
    ] }

    /// The PAKN figures as CSV: a `total` row, then the breakdown's rows.
    func csv(_ text: AnalyticsText) -> CSVWriter {
        var writer = CSVWriter()
        writer.append(Self.csvHeader)
        func row(by: String, key: String, label: String, _ m: FeedbackMetrics) {
            writer.append([period.id, period.first, period.last, period.convention, unit.code, unit.name, by, key, label,
                           String(m.received), String(m.outOfScope), String(m.inScope), String(m.resolved),
                           String(m.forwarded), String(m.handled), String(m.pending), String(m.overdue),
                           String(m.handledOnTime), CSVCell.rate(m.handledRate.rate), CSVCell.rate(m.handledRate.target),
                           CSVCell.bool(m.handledRate.met), CSVCell.rate(m.onTimeRate.rate),
                           CSVCell.rate(m.onTimeRate.target), CSVCell.bool(m.onTimeRate.met), String(m.ratedSatisfied),
                           String(m.ratedTotal), CSVCell.rate(m.satisfiedShareOfRated.rate),
                           CSVCell.decimal(m.medianDays, digits: 1), CSVCell.int(m.p90Days)])
        }
        row(by: "", key: "total", label: text.text("total"), figures)
        for item in breakdown?.rows ?? [] {
            row(by: breakdown?.by ?? "", key: item.key, label: item.label, item.figures)
        }
        return writer
    }
}
