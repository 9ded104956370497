import CivicCore

/// Satisfied and answered counts for one report: a period, a unit's subtree (or everything), a
/// form (or every form), and optionally one breakdown. Counts only; ``summary(target:population:)``
/// and ``report(for:target:population:)`` turn them into CivicCore's reports.
///
/// Guarantees: `pooled` is the sum of every scale answer counted; ``elements`` has all five SIPAS
/// elements (zeros where none was answered), and their sum is at most `pooled` (questions outside
/// the elements, such as the overall question, count only in the pool); ``respondents`` counts
/// forms, not answers. Rows, by ``breakdown``:
/// - `element`: the five elements in ``SatisfactionElement/allCases`` order; `respondents` nil (one
///   form answers several questions of an element, and the counts do not tell how many forms).
/// - `question`: each scale question answered, keyed by question id, in form order, with `formID`
///   and `element` (nil for questions outside the five); `respondents` = answered.
/// - `unit`: each direct child of the unit that exists during the period, with its subtree (the
///   predecessors merged into it included), keyed by code, `names` from the register; a child
///   merged during the period into a sibling has no row of its own (its sibling's row counts it).
///   Responses filed directly at the unit itself (or at predecessors outside every child) make a row
///   keyed by the unit's own code, present only when non-empty. Without a unit: the root units,
///   and key "" for responses that name no unit.
/// - `language`, `channel`: the tag or the channel (`web`, `api`, `kiosk`, `paper`).
/// - `month`: `YYYY-MM`, every month of ``ReportingPeriod/months(convention:)`` (zeros included);
///   under the cut-off convention month M runs from the 15th of M−1 to the 14th of M.
/// - `formVersion`: the version number as text, with `formID`.
/// Rows with no answer and no respondent are left out, except the five elements and the months.
public struct SatisfactionCounts: Sendable, Hashable {
    /// Satisfied out of answered.
    public struct Count: Sendable, Hashable {
        public let satisfied: Int
        public let answered: Int

        public init(satisfied: Int, answered: Int) {
            self.satisfied = satisfied
            self.answered = answered
        }

        public static let zero = Count(satisfied: 0, answered: 0)

        public var proportion: Proportion { Proportion(successes: satisfied, trials: answered) }

        static func + (lhs: Count, rhs: Count) -> Count {
            Count(satisfied: lhs.satisfied + rhs.satisfied, answered: lhs.answered + rhs.answered)
        }
    }

    /// One row of a breakdown (see the type's documentation for the keys).
    public struct Row: Sendable, Hashable {
        public let key: String
        /// The form, for `question` and `formVersion` rows.
        public let formID: String?
        /// The element of a `question` row; nil for questions outside the five elements, and for
        /// other breakdowns.
        public let element: SatisfactionElement?
        /// A `unit` row's names per language tag (always `vi`); empty otherwise.
        public let names: [String: String]
        public let satisfied: Int
        public let answered: Int
        /// Forms counted in the row; nil when counts cannot tell (`element` rows).
        public let respondents: Int?

        public init(key: String, formID: String? = nil, element: SatisfactionElement? = nil,
                    names: [String: String] = [:], satisfied: Int, answered: Int, respondents: Int?) {
            self.key = key
            self.formID = formID
            self.element = element
            self.names = names
            self.satisfied = satisfied
            self.answered = answered
            self.respondents = respondents
        }

        public var proportion: Proportion { Proportion(successes: satisfied, trials: answered) }
    }

    public let period: ReportingPeriod
    public let convention: ReportingPeriod.Convention
    /// The period's first and last day under ``convention`` (Vietnamese calendar days).
    public let firstDay: CalendarDate
    public let lastDay: CalendarDate
    public let unitCode: String?
    public let formID: String?
    public let formVersion: Int?
    public let breakdown: SatisfactionBreakdown?
    /// Every scale answer counted.
    public let pooled: Count
    /// Per SIPAS element; all five keys.
    public let elements: [SatisfactionElement: Count]
    /// Responses (forms) counted.
    public let respondents: Int
    /// The breakdown's rows; empty without a breakdown.
    public let rows: [Row]

    public init(period: ReportingPeriod, convention: ReportingPeriod.Convention, firstDay: CalendarDate,
                lastDay: CalendarDate, unitCode: String?, formID: String?, formVersion: Int?,
                breakdown: SatisfactionBreakdown?, pooled: Count, elements: [SatisfactionElement: Count],
                respondents: Int, rows: [Row]) {
        self.period = period
        self.convention = convention
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.unitCode = unitCode
        self.formID = formID
        self.formVersion = formVersion
        self.breakdown = breakdown
        self.pooled = pooled
        self.elements = elements
        self.respondents = respondents
        self.rows = rows
    }

    /// Pooled, mean of elements and per element, with the respondents as Yamane's sample.
    /// - Parameters:
    ///   - target: the rate to reach (``AnalyticsStore/target(unitCode:formID:logger:)``); 90% by default.
    ///   - population: N for Yamane (dossiers handled in the period), or nil when unknown.
    public func summary(target: Double = RateReport.satisfactionTarget, population: Int? = nil) -> SatisfactionSummary {
        SatisfactionSummary(elements: elements.mapValues(\.proportion), pooled: pooled.proportion,
                            target: target, population: population, respondents: respondents)
    }

    /// The report of one row; its respondents (when known) are Yamane's sample.
    public func report(for row: Row, target: Double = RateReport.satisfactionTarget,
                       population: Int? = nil) -> RateReport {
        RateReport(row.proportion, target: target, population: population, sample: row.respondents)
    }
}
