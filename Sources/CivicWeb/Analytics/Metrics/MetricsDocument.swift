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
