import CivicCore
import Foundation

/// The periodic report (`GET /api/v1/reports/{period}`): one row per direct child of the unit (the
/// root units for the whole service), a row for what names no unit when the unit covers the whole
/// register ("unit not stated", `unit.code` ""), and the unit itself as the total (last), each with
/// satisfaction, PAKN handling, the QĐ 766 score, the same figures for the comparison period
/// (``ReportingPeriod/previous``) and the change. Every satisfaction figure counts one form.
///
/// JSON: `{period, previousPeriod, unit, form, forms, minimumRespondents, generatedAt, rows: [Row]}`
/// with each row `{unit: {code, name}, isTotal, satisfaction: RateReport, paknHandled: RateReport,
/// paknOnTime: RateReport, paknReceived, paknPending, paknOverdue, qd766: {score, maxScore},
/// previous: {satisfaction, paknHandled, paknOnTime, qd766Score}, change: {satisfaction, paknHandled,
/// paknOnTime, qd766Score}, satisfactionChange: {points, ci95: {low, high}, significant, method},
/// dossiers: DossierView}`:
/// previous rates are fractions, changes of rates are in percentage points (`1.5` = +1.5 points) and
/// the change of the score is in points out of 18. `satisfactionChange` carries Newcombe's hybrid
/// score interval for the change, in percentage points (``RateChange``). A value is `null` when
/// either side has no data.
struct PeriodicReport: Encodable, Sendable {
    /// The QĐ 766 score of a row, out of its maximum (18 with the default weights).
    struct Score: Encodable, Sendable {
        let score: Double?
        let maxScore: Double

        private enum CodingKeys: String, CodingKey { case score, maxScore }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(score, forKey: .score)
            try container.encode(maxScore, forKey: .maxScore)
        }
    }

    /// The comparison period's headline figures, or their changes.
    struct Comparison: Encodable, Sendable {
        let satisfaction: Double?
        let paknHandled: Double?
        let paknOnTime: Double?
        let qd766Score: Double?

        private enum CodingKeys: String, CodingKey { case satisfaction, paknHandled, paknOnTime, qd766Score }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(satisfaction, forKey: .satisfaction)
            try container.encode(paknHandled, forKey: .paknHandled)
            try container.encode(paknOnTime, forKey: .paknOnTime)
            try container.encode(qd766Score, forKey: .qd766Score)
        }
    }

    /// The change of satisfaction with its 95% interval, in percentage points.
    struct SatisfactionChange: Encodable, Sendable {
        let change: RateChange

        private enum CodingKeys: String, CodingKey { case points, ci95, significant, method }
        private enum BoundKeys: String, CodingKey { case low, high }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(Self.points(change.difference), forKey: .points)
            var bounds = container.nestedContainer(keyedBy: BoundKeys.self, forKey: .ci95)
            try bounds.encode(Self.points(change.low), forKey: .low)
            try bounds.encode(Self.points(change.high), forKey: .high)
            try container.encode(change.significant, forKey: .significant)
            try container.encode(RateChange.method, forKey: .method)
        }

        /// A fraction in percentage points, to a hundredth of a point.
        static func points(_ fraction: Double) -> Double { (fraction * 10_000).rounded() / 100 }
    }

    /// One unit's figures for one period.
    struct Figures: Sendable {
        let satisfaction: RateReport
        let pakn: FeedbackMetrics
        let qd766: QD766Score

        var headline: Comparison {
            Comparison(satisfaction: satisfaction.rate, paknHandled: pakn.handledRate.rate, paknOnTime: pakn.onTimeRate.rate,
                       qd766Score: qd766.score)
        }
    }

    struct Row: Encodable, Sendable {
        let unit: UnitRef
        let isTotal: Bool
        let current: Figures
        let previous: Figures
        /// This period's dossier statistics and QĐ 766 ratio 3 over the dossiers resolved.
        let dossiers: DossierView

        /// Changes of rates in percentage points, of the score in points.
        var change: Comparison {
            func points(_ now: Double?, _ before: Double?) -> Double? {
                guard let now, let before else { return nil }
                return ((now - before) * 1000).rounded() / 10
            }
            let scoreChange = current.qd766.score.flatMap { now in previous.qd766.score.map { ((now - $0) * 100).rounded() / 100 } }
            return Comparison(satisfaction: points(current.satisfaction.rate, previous.satisfaction.rate),
                              paknHandled: points(current.pakn.handledRate.rate, previous.pakn.handledRate.rate),
                              paknOnTime: points(current.pakn.onTimeRate.rate, previous.pakn.onTimeRate.rate),
                              qd766Score: scoreChange)
        }

        /// The change of satisfaction with Newcombe's interval; nil when either period has no data.
        var satisfactionChange: RateChange? {
            RateChange(current: current.satisfaction, previous: previous.satisfaction)
        }

        private enum CodingKeys: String, CodingKey {
            case unit, isTotal, satisfaction, paknHandled, paknOnTime, paknReceived, paknPending, paknOverdue, qd766
            case previous, change, satisfactionChange, dossiers
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(unit, forKey: .unit)
            try container.encode(isTotal, forKey: .isTotal)
            try container.encode(current.satisfaction, forKey: .satisfaction)
            try container.encode(current.pakn.handledRate, forKey: .paknHandled)
            try container.encode(current.pakn.onTimeRate, forKey: .paknOnTime)
            try container.encode(current.pakn.received, forKey: .paknReceived)
            try container.encode(current.pakn.pending, forKey: .paknPending)
            try container.encode(current.pakn.overdue, forKey: .paknOverdue)
            try container.encode(Score(score: current.qd766.score, maxScore: current.qd766.maxScore), forKey: .qd766)
            try container.encode(previous.headline, forKey: .previous)
            try container.encode(change, forKey: .change)
            try container.encode(satisfactionChange.map(SatisfactionChange.init), forKey: .satisfactionChange)
            try container.encode(dossiers, forKey: .dossiers)
        }
    }

    let period: PeriodView
    let previousPeriod: PeriodView
    let unit: UnitRef
    let form: FormChoice
    /// The forms whose responses were counted in the period.
    let forms: [String]
    let minimumRespondents: Int
    /// ISO 8601, in Vietnam's time zone.
    let generatedAt: String
    let rows: [Row]

    private enum CodingKeys: String, CodingKey {
        case period, previousPeriod, unit, form, forms, minimumRespondents, generatedAt, rows
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(period, forKey: .period)
        try container.encode(previousPeriod, forKey: .previousPeriod)
        try container.encode(unit, forKey: .unit)
        try container.encode(form.parameter, forKey: .form)
        try container.encode(forms, forKey: .forms)
        try container.encode(minimumRespondents, forKey: .minimumRespondents)
        try container.encode(generatedAt, forKey: .generatedAt)
        try container.encode(rows, forKey: .rows)
    }
}
