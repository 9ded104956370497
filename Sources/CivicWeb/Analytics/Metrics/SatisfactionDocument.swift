import CivicCore

/// `GET /api/v1/metrics/satisfaction` as JSON:
/// `{period, unit, form, forms, elementsForm, pooled, meanOfElements, elements: {access, …},
/// respondents, population, requiredSample, minimumRespondents, breakdown?: {by, rows: [{key,
/// label, respondents, …RateReport}]}, dossiers: DossierView}`. `population` is the dossiers
/// resolved from the imported statistics unless `population=` says.
///
/// Guarantees: every rate object carries the ``RateReport`` keys (`rate`, `satisfied`, `answered`,
/// `ci95` {`low`, `high`}, `interval` {`method`, `deff`, `effectiveN`, `respondents`}, `target`,
/// `met`, `verdict`, `tooFewRespondents`, `sampleSufficient`, `requiredSample`), `null` where a
/// value is missing; `elements` has all five SIPAS elements, counted over `elementsForm` only;
/// `form` is the form counted or `all` when every form is pooled, and `forms` lists the forms
/// whose responses were counted; `breakdown` is present exactly when `by=` was given.
struct SatisfactionDocument: Encodable, Sendable {
    let period: PeriodView
    let unit: UnitRef
    let form: FormChoice
    /// The forms with responses among those counted.
    let forms: [String]
    let summary: SatisfactionSummary
    /// Forms counted (Yamane's sample).
    let respondents: Int
    let population: Int?
    /// `MIN_RESPONDENTS`: below it a rate is "too few answers".
    let minimumRespondents: Int
    let breakdown: BreakdownView<RateReport>?
    /// The dossier statistics of the period and unit beside it.
    let dossiers: DossierView

    private enum CodingKeys: String, CodingKey {
        case period, unit, form, forms, elementsForm, respondents, population, requiredSample, minimumRespondents
        case breakdown, dossiers
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(period, forKey: .period)
        try container.encode(unit, forKey: .unit)
        try container.encode(form.parameter, forKey: .form)
        try container.encode(forms, forKey: .forms)
        try container.encode(form.elementsFormID, forKey: .elementsForm)
        try container.encode(respondents, forKey: .respondents)
        try container.encode(population, forKey: .population)
        try container.encode(summary.pooled.requiredSample, forKey: .requiredSample)
        try container.encode(minimumRespondents, forKey: .minimumRespondents)
        try container.encodeIfPresent(breakdown, forKey: .breakdown)
        try container.encode(dossiers, forKey: .dossiers)
        // pooled, meanOfElements, elements: flattened into the same object.
        try summary.encode(to: encoder)
    }
}
