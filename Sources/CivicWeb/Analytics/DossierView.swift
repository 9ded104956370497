import CivicCore
import CivicStore

/// What the dossier statistics say beside a satisfaction figure, for the metrics API, the report
/// and the dashboard: ``DossierFigures`` (Yamane's sample on the dossiers resolved against the
/// figure's respondents, on time against 98%, apology coverage against 100%, online and postal
/// shares) and QĐ 766 ratio 3 over the dossiers resolved (``QD766DossierRatio``).
///
/// JSON: `{figures: {counts, rowsCounted, sample, onTime, apologyCoverage, online, receivedByPost,
/// returnedByPost}, qd766Ratio3: {resolved, rated, ratedSatisfied, ratedNotSatisfied, notRated,
/// ratio, responseRate, ratingsExceedResolved}}`; each rate says what it divides and from how many.
struct DossierView: Encodable, Sendable {
    let figures: DossierFigures
    let qd766Ratio3: QD766DossierRatio

    init(totals: DossierTotals, qd766: QD766Counts, respondents: Int) {
        figures = totals.figures(respondents: respondents)
        qd766Ratio3 = qd766.dossierRatio
    }

    /// The dossiers resolved, when statistics were imported: Yamane's N.
    var population: Int? { figures.sample.population }

    /// The figures as label–value lines in the reader's language, each naming what it divides and
    /// from how many (`98,3% = 1.160 / 1.180 hồ sơ đã giải quyết`); always the same seven lines in
    /// the same order (a table's columns), `–` for what needs statistics when none were imported.
    func lines(_ text: AnalyticsText) -> [(label: String, value: String)] {
        let ratio = qd766Ratio3
        let ratioLine = (text.text("dossiers.qd766_ratio3"),
                         text.format("dossiers.qd766_ratio3_value", [
                             "rate": text.percent(ratio.ratio.rate), "numerator": text.count(ratio.ratio.numerator),
                             "denominator": text.count(ratio.denominator),
                             "basis": text.text(ratio.resolved == nil ? "dossiers.basis_rated" : "dossiers.basis_resolved"),
                             "satisfied": text.count(ratio.ratedSatisfied), "not_satisfied": text.count(ratio.ratedNotSatisfied),
                             "not_rated": ratio.notRated.map(text.count) ?? "–",
                         ]))
        let responseLine = (text.text("dossiers.response_rate"),
                            text.format("dossiers.share_value", [
                                "rate": text.percent(ratio.responseRate.rate),
                                "numerator": text.count(ratio.responseRate.numerator),
                                "denominator": text.count(ratio.responseRate.denominator),
                                "of": text.text("dossiers.of_rated"),
                            ]))
        let known = figures.rowsCounted > 0
        let sample = figures.sample
        func share(_ rate: DossierFigures.Rate, of: String) -> String {
            guard known else { return "–" }
            var value = text.format("dossiers.share_value", [
                "rate": text.percent(rate.rate), "numerator": text.count(rate.numerator),
                "denominator": text.count(rate.denominator), "of": text.text(of),
            ])
            if let target = rate.target {
                value += " · " + text.format("target_line", ["target": text.percent(target)]) + ": " + text.met(rate.met)
            }
            return value
        }
        return [
            (text.text("dossiers.required_sample"),
             !known ? "–" : text.format("dossiers.sample_value", [
                 "required": sample.required.map(text.count) ?? "–", "population": text.count(figures.counts.resolved),
                 "respondents": text.count(sample.respondents),
                 "reached": text.text(sample.reached == true ? "dossiers.reached" : "dossiers.not_reached"),
             ])),
            (text.text("dossiers.on_time"), share(figures.onTime, of: "dossiers.of_resolved")),
            (text.text("dossiers.apologies"), share(figures.apologyCoverage, of: "dossiers.of_late")),
            ratioLine,
            responseLine,
            (text.text("dossiers.online"), share(figures.online, of: "dossiers.of_received")),
            (text.text("dossiers.by_post"), share(figures.receivedByPost, of: "dossiers.of_received")),
        ]
    }
}
