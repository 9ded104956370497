import CivicCore

extension PeriodicReport {
    static let csvHeader = [
        "period", "first_day", "last_day", "convention", "previous_period", "form", "unit_code", "unit_name", "is_total",
        "satisfaction_rate", "satisfied", "answered", "ci95_low", "ci95_high", "interval_method", "deff", "effective_n",
        "respondents", "too_few_respondents", "satisfaction_target", "satisfaction_met", "satisfaction_verdict",
        "pakn_received", "pakn_handled_rate", "pakn_handled_met", "pakn_on_time_rate", "pakn_on_time_met",
        "pakn_pending", "pakn_overdue", "qd766_score", "qd766_max_score", "previous_satisfaction_rate",
        "previous_pakn_handled_rate", "previous_pakn_on_time_rate", "previous_qd766_score", "change_satisfaction_pp",
        "change_satisfaction_ci95_low_pp", "change_satisfaction_ci95_high_pp", "change_satisfaction_significant",
        "change_pakn_handled_pp", "change_pakn_on_time_pp", "change_qd766_score", "dossiers_resolved",
        "required_sample", "sample_reached", "dossiers_on_time_rate", "dossiers_on_time_met", "apology_coverage",
        "apology_coverage_met", "qd766_ratio3", "qd766_ratio3_denominator", "dossiers_rated", "dossiers_rated_satisfied",
    ]

    /// The report as CSV: one line per row, the total last, rates as fractions and changes in
    /// percentage points (score changes in points), as in the JSON.
    func csv() -> CSVWriter {
        var writer = CSVWriter()
        writer.append(Self.csvHeader)
        for row in rows {
            let now = row.current, before = row.previous.headline, change = row.change
            let interval = now.satisfaction.interval, difference = row.satisfactionChange
            let dossiers = row.dossiers.figures, ratio3 = row.dossiers.qd766Ratio3
            writer.append([
                period.id, period.first, period.last, period.convention, previousPeriod.id, form.parameter,
                row.unit.codeText, row.unit.name, CSVCell.bool(row.isTotal), CSVCell.rate(now.satisfaction.rate),
                String(now.satisfaction.satisfied), String(now.satisfaction.answered),
                CSVCell.rate(now.satisfaction.ci95?.low), CSVCell.rate(now.satisfaction.ci95?.high),
                interval.method.rawValue, CSVCell.decimal(interval.designEffect, digits: 3),
                CSVCell.decimal(interval.effectiveSize, digits: 1), CSVCell.int(interval.respondents),
                CSVCell.bool(now.satisfaction.tooFewRespondents), CSVCell.rate(now.satisfaction.target),
                CSVCell.bool(now.satisfaction.met), now.satisfaction.verdict?.rawValue ?? "",
                String(now.pakn.received), CSVCell.rate(now.pakn.handledRate.rate),
                CSVCell.bool(now.pakn.handledRate.met), CSVCell.rate(now.pakn.onTimeRate.rate),
                CSVCell.bool(now.pakn.onTimeRate.met), String(now.pakn.pending), String(now.pakn.overdue),
                CSVCell.decimal(now.qd766.score), CSVCell.decimal(now.qd766.maxScore), CSVCell.rate(before.satisfaction),
                CSVCell.rate(before.paknHandled), CSVCell.rate(before.paknOnTime), CSVCell.decimal(before.qd766Score),
                CSVCell.decimal(change.satisfaction, digits: 1),
                CSVCell.decimal(difference.map { $0.low * 100 }, digits: 2),
                CSVCell.decimal(difference.map { $0.high * 100 }, digits: 2), CSVCell.bool(difference?.significant),
                CSVCell.decimal(change.paknHandled, digits: 1), CSVCell.decimal(change.paknOnTime, digits: 1),
                CSVCell.decimal(change.qd766Score),
                CSVCell.int(dossiers.sample.population), CSVCell.int(dossiers.sample.required),
                CSVCell.bool(dossiers.sample.reached), CSVCell.rate(dossiers.onTime.rate), CSVCell.bool(dossiers.onTime.met),
                CSVCell.rate(dossiers.apologyCoverage.rate), CSVCell.bool(dossiers.apologyCoverage.met),
                CSVCell.rate(ratio3.ratio.rate), ratio3.ratio.denominatorName, String(ratio3.rated), String(ratio3.ratedSatisfied),
            ])
        }
        return writer
    }
}
