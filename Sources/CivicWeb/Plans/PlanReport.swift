import CivicCore
import CivicStore
import Foundation

/// A PAR plan's targets for one of its reporting periods (Q1, 6 months, Q3 = January–September,
/// year): each target with its value, the value to reach, the verdict, the unit responsible and
/// the evidence. What the plan page shows and `GET /api/v1/plans/{plan}/{period}` answers.
///
/// Computed values are the figures of the periodic report's total row for the plan's unit, the
/// period and the target's form (``AnalyticsService/report(_:unit:logger:)``): the same numbers
/// the dashboard and `/api/v1/reports/{period}` show. Entered values are the latest entry of the
/// unit responsible.
///
/// JSON: `{plan: {id, year, unit, title, document}, period, generatedAt, summary: {targets, met,
/// notMet, inconclusive, noValue}, areas: [{id, number, title, responsible, supporting,
/// targets: [Target]}]}`; each target `{id, text: {vi, en}, metric, source, measure, comparison,
/// target, value, verdict, figure, entry, responsible, supporting, evidenceExpected, form}`.
/// `target` and `value` are in the measure (percent as 0…100); `figure` (computed targets) is
/// `{rate, numerator, denominator, ci95}` as the report has it (rate a fraction), `entry`
/// (entered targets) `{value, note, evidenceUrl, enteredBy, enteredAt}`; `null` when absent.
struct PlanReport: Encodable, Sendable {
    struct Plan: Encodable, Sendable {
        let id: String
        let year: Int
        let unit: UnitRef
        let title: LocalizedText
        let document: LocalizedText?
    }

    /// A computed target's figure as the report gives it.
    struct Figure: Encodable, Sendable, Hashable {
        /// numerator ÷ denominator, a fraction; nil without data.
        let rate: Double?
        let numerator: Int
        let denominator: Int
        /// The 95% Wilson interval, for rates from a sample or a count that has one in the report.
        let ci95: RateReport.Interval?

        private enum CodingKeys: String, CodingKey { case rate, numerator, denominator, ci95 }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rate, forKey: .rate)
            try container.encode(numerator, forKey: .numerator)
            try container.encode(denominator, forKey: .denominator)
            try container.encode(ci95, forKey: .ci95)
        }
    }

    struct Entry: Encodable, Sendable {
        let value: Double
        let note: String
        let evidenceUrl: String?
        let enteredBy: String
        /// ISO 8601, in Vietnam's time zone.
        let enteredAt: String
    }

    struct Target: Encodable, Sendable {
        let id: String
        let text: LocalizedText
        let metric: String
        let source: String
        let measure: String
        let comparison: String
        let target: Double
        /// In the measure: a percentage 0…100, a count, 1 or 0 for yes or no.
        let value: Double?
        let verdict: PlanVerdict
        let figure: Figure?
        let entry: Entry?
        let responsible: UnitRef
        let supporting: [UnitRef]
        let evidenceExpected: LocalizedText?
        let form: String?

        private enum CodingKeys: String, CodingKey {
            case id, text, metric, source, measure, comparison, target, value, verdict, figure, entry, responsible
            case supporting, evidenceExpected, form
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(text, forKey: .text)
            try container.encode(metric, forKey: .metric)
            try container.encode(source, forKey: .source)
            try container.encode(measure, forKey: .measure)
            try container.encode(comparison, forKey: .comparison)
            try container.encode(target, forKey: .target)
            try container.encode(value, forKey: .value)
            try container.encode(verdict, forKey: .verdict)
            try container.encode(figure, forKey: .figure)
            try container.encode(entry, forKey: .entry)
            try container.encode(responsible, forKey: .responsible)
            try container.encode(supporting, forKey: .supporting)
            try container.encode(evidenceExpected, forKey: .evidenceExpected)
            try container.encode(form, forKey: .form)
        }
    }

    struct Area: Encodable, Sendable {
        let id: String
        let number: String
        let title: LocalizedText
        let responsible: UnitRef
        let supporting: [UnitRef]
        let targets: [Target]
    }

    struct Summary: Encodable, Sendable {
        let targets: Int
        let met: Int
        let notMet: Int
        let inconclusive: Int
        let noValue: Int

        init(_ targets: [Target]) {
            self.targets = targets.count
            met = targets.filter { $0.verdict == .met }.count
            notMet = targets.filter { $0.verdict == .notMet }.count
            inconclusive = targets.filter { $0.verdict == .inconclusive }.count
            noValue = targets.filter { $0.verdict == .noValue }.count
        }
    }

    let plan: Plan
    let period: PeriodView
    let generatedAt: String
    let summary: Summary
    let areas: [Area]

    init(plan: Plan, period: PeriodView, generatedAt: String, areas: [Area]) {
        self.plan = plan
        self.period = period
        self.generatedAt = generatedAt
        self.areas = areas
        summary = Summary(areas.flatMap(\.targets))
    }
}
