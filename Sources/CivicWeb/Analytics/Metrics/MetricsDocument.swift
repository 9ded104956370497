import CivicCore

/// `GET /api/v1/metrics/feedback` and `/qd766` as JSON: `{period, unit, …figures, breakdown?}`,
/// the figures' own keys flattened beside the period and unit, and breakdown rows
/// `{key, label, …figures}`.
/// - PAKN (``FeedbackMetrics``): `received`, `handled`, `handledRate`, `onTimeRate`, `medianDays`, …
/// - QĐ 766 (``QD766Score``): the three ratios `onTime`, `paknSatisfaction`, `dossierSatisfaction`,
///   each `{numerator, denominator, value, weight, points}`, and `score` out of `maxScore` (18).
struct MetricsDocument<Figures: Encodable & Sendable>: Encodable, Sendable {
    let period: PeriodView
    let unit: UnitRef
    let figures: Figures
    let breakdown: BreakdownView<Figures>?

    private enum CodingKeys: String, CodingKey {
        case period, unit, breakdown
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(period, forKey: .period)
        try container.encode(unit, forKey: .unit)
        try container.encodeIfPresent(breakdown, forKey: .breakdown)
        try figures.encode(to: encoder)
    }
}

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
            writer.append([period.id, period.first, period.last, period.convention, unit.codeText, unit.name, by, key, label,
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
            var fields = [period.id, period.first, period.last, period.convention, unit.codeText, unit.name, by, key, label]
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
