import CivicCore

/// The dossier figures as the command line prints them, each saying what it divides and from how many.
enum DossierFiguresText {
    static func lines(_ figures: DossierFigures, ratio: QD766DossierRatio, form: String) -> [String] {
        let counts = figures.counts
        guard figures.rowsCounted > 0 else {
            return ["no dossier statistics imported for this period and scope: required sample, on-time rate and "
                    + "apology coverage unknown (civicvoice dossiers import FILE)",
                    "QĐ 766 ratio 3: \(rate(ratio.ratio)) (denominator: the \(ratio.rated) dossiers rated, "
                    + "for want of statistics)"]
        }
        let sample = figures.sample
        var lines = [
            "dossier statistics: \(figures.rowsCounted) rows; received \(counts.received), resolved \(counts.resolved) "
                + "(on time \(counts.resolvedOnTime), late \(counts.resolvedLate)), apologies \(counts.apologiesSent)",
            "required sample (Yamane, e = \(Demo.percent(sample.marginOfError)), N = \(counts.resolved) dossiers resolved): "
                + "\(sample.required.map(String.init) ?? "–"); respondents (\(form)): \(sample.respondents): "
                + (sample.reached == true ? "reached" : "not reached"),
        ]
        for (name, value) in [("on time", figures.onTime), ("apology coverage", figures.apologyCoverage),
                              ("received online", figures.online), ("received by post", figures.receivedByPost),
                              ("returned by post", figures.returnedByPost)] {
            lines.append("\(name): \(rate(value))")
        }
        lines.append("QĐ 766 ratio 3: \(Demo.percent(ratio.ratio.rate)) = (\(ratio.denominator) \(ratio.ratio.denominatorName) − "
                     + "\(ratio.countedDissatisfied) rated not satisfied) ÷ \(ratio.denominator) \(ratio.ratio.denominatorName); "
                     + "rated \(ratio.rated) (\(ratio.ratedSatisfied) satisfied, \(ratio.ratedNotSatisfied) not), "
                     + "not rated \(ratio.notRated.map(String.init) ?? "–")"
                     + (ratio.ratingsExceedResolved ? " (more dossiers rated than resolved)" : ""))
        lines.append("rated satisfied (responses only): \(rate(ratio.responseRate))")
        return lines
    }

    /// `98.31% = 1160 resolved_on_time ÷ 1180 resolved; target 98%: met`.
    static func rate(_ rate: DossierFigures.Rate) -> String {
        var text = "\(Demo.percent(rate.rate)) = \(rate.numerator) \(rate.numeratorName) ÷ \(rate.denominator) \(rate.denominatorName)"
        if let target = rate.target {
            text += "; target \(Demo.percent(target)): " + (rate.met.map { $0 ? "met" : "not met" } ?? "no data")
        }
        return text
    }
}
