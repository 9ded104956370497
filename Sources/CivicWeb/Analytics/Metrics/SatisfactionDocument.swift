import CivicCore

/// `GET /api/v1/metrics/satisfaction` as JSON:
/// `{period, unit, form, pooled, meanOfElements, elements: {access, …}, respondents, population,
/// requiredSample, breakdown?: {by, rows: [{key, label, respondents, …RateReport}]}, dossiers: DossierView}`.
/// `population` is the dossiers resolved from the imported statistics unless `population=` says.
///
/// Guarantees: every rate object carries the ``RateReport`` keys (`rate`, `satisfied`, `answered`,
/// `ci95` {`low`, `high`}, `target`, `met`, `sampleSufficient`, `requiredSample`), `null` where a
/// value is missing; `elements` has all five SIPAS elements; `breakdown` is present exactly when
/// `by=` was given.
struct SatisfactionDocument: Encodable, Sendable {
    let period: PeriodView
    let unit: UnitRef
    /// The form counted; nil when every survey form is pooled.
    let form: String?
    let summary: SatisfactionSummary
    /// Forms counted (Yamane's sample).
    let respondents: Int
    let population: Int?
    let breakdown: BreakdownView<RateReport>?
    /// The dossier statistics of the period and unit beside it.
    let dossiers: DossierView

    private enum CodingKeys: String, CodingKey {
        case period, unit, form, respondents, population, requiredSample, breakdown, dossiers
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(period, forKey: .period)
        try container.encode(unit, forKey: .unit)
        try container.encode(form, forKey: .form)
        try container.encode(respondents, forKey: .respondents)
        try container.encode(population, forKey: .population)
        try container.encode(summary.pooled.requiredSample, forKey: .requiredSample)
        try container.encodeIfPresent(breakdown, forKey: .breakdown)
        try container.encode(dossiers, forKey: .dossiers)
        // pooled, meanOfElements, elements: flattened into the same object.
        try summary.encode(to: encoder)
    }
}
