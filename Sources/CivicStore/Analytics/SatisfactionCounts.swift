import CivicCore

/// Satisfied and answered counts for one report, with the per-respondent sums its intervals need
/// (``ClusteredCount``): a period, a unit's subtree (or everything), a form (or every form), and
/// optionally one breakdown. Counts only; ``summary(target:population:minimumRespondents:)`` and
/// ``report(for:target:population:minimumRespondents:)`` turn them into CivicCore's reports.
///
/// Guarantees: `pooled` is the sum of every scale answer counted; ``elements`` has all five SIPAS
/// elements (zeros where none was answered), counted over the answers to ``elementsFormID`` only
/// when it is set (so that the SIPAS elements never mix in another questionnaire's questions), and
/// their sum is at most `pooled` (questions outside the elements, such as the overall question,
/// count only in the pool); ``respondents`` counts forms, not answers. Rows, by ``breakdown``:
/// - `element`: the five elements in ``SatisfactionElement/allCases`` order, as ``elements``;
///   `respondents` = the respondents who answered a question of the element.
/// - `question`: each scale question answered, keyed by question id, in form order, with `formID`
///   and `element` (nil for questions outside the five); `respondents` = answered, and
///   ``Row/isSingleQuestion`` (one answer per respondent: plain Wilson).
/// - `unit`: each direct child of the unit that exists during the period, with its subtree (the
///   predecessors merged into it included), keyed by code, `names` from the register; a child
///   merged during the period into a sibling has no row of its own (its sibling's row counts it).
///   Responses filed directly at the unit itself (or at predecessors outside every child) make a row
///   keyed by the unit's own code, present only when non-empty. Responses that name no unit make a
///   row keyed "" when the figure covers the whole register (no unit, or a unit whose subtree
///   holds every root unit of the period): they count at the root of the tree, once.
/// - `language`, `channel`: the tag or the channel (`web`, `api`, `kiosk`, `paper`).
/// - `month`: `YYYY-MM`, every month of ``ReportingPeriod/months(convention:)`` (zeros included);
///   under the cut-off convention month M runs from the 15th of M−1 to the 14th of M.
/// - `formVersion`: the version number as text, with `formID`.
/// Rows with no answer and no respondent are left out, except the five elements and the months.
public struct SatisfactionCounts: Sendable, Hashable {
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
        public let count: ClusteredCount
        /// Forms counted in the row (for `element` rows, those that answered the element).
        public let respondents: Int?
        /// A `question` row: each respondent answered at most once.
        public let isSingleQuestion: Bool

        public init(key: String, formID: String? = nil, element: SatisfactionElement? = nil,
                    names: [String: String] = [:], count: ClusteredCount, respondents: Int?,
                    isSingleQuestion: Bool = false) {
            self.key = key
            self.formID = formID
            self.element = element
            self.names = names
            self.count = count
            self.respondents = respondents
            self.isSingleQuestion = isSingleQuestion
        }

        public var satisfied: Int { count.satisfied }
        public var answered: Int { count.answered }
        public var proportion: Proportion { count.proportion }
    }

    public let period: ReportingPeriod
    public let convention: ReportingPeriod.Convention
    /// The period's first and last day under ``convention`` (Vietnamese calendar days).
    public let firstDay: CalendarDate
    public let lastDay: CalendarDate
    public let unitCode: String?
    public let formID: String?
    public let formVersion: Int?
    /// The form the elements are counted over; nil: every form counted.
    public let elementsFormID: String?
    public let breakdown: SatisfactionBreakdown?
    /// Every scale answer counted.
    public let pooled: ClusteredCount
    /// Per SIPAS element; all five keys.
    public let elements: [SatisfactionElement: ClusteredCount]
    /// Responses (forms) counted.
    public let respondents: Int
    /// The forms that have responses among those counted, sorted.
    public let forms: [String]
    /// The breakdown's rows; empty without a breakdown.
    public let rows: [Row]

    public init(period: ReportingPeriod, convention: ReportingPeriod.Convention, firstDay: CalendarDate,
                lastDay: CalendarDate, unitCode: String?, formID: String?, formVersion: Int?, elementsFormID: String?,
                breakdown: SatisfactionBreakdown?, pooled: ClusteredCount, elements: [SatisfactionElement: ClusteredCount],
                respondents: Int, forms: [String], rows: [Row]) {
        self.period = period
        self.convention = convention
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.unitCode = unitCode
        self.formID = formID
        self.formVersion = formVersion
        self.elementsFormID = elementsFormID
        self.breakdown = breakdown
        self.pooled = pooled
        self.elements = elements
        self.respondents = respondents
        self.forms = forms
        self.rows = rows
    }

    /// Pooled, mean of elements and per element, with the respondents as Yamane's sample.
    /// - Parameters:
    ///   - target: the rate to reach (``AnalyticsStore/target(unitCode:formID:logger:)``); 90% by default.
    ///   - population: N for Yamane (dossiers handled in the period), or nil when unknown.
    ///   - minimumRespondents: below this many respondents a rate is "too few answers".
    public func summary(target: Double = RateReport.satisfactionTarget, population: Int? = nil,
                        minimumRespondents: Int? = RateReport.defaultMinimumRespondents) -> SatisfactionSummary {
        SatisfactionSummary(elements: elements, pooled: pooled, target: target, population: population,
                            respondents: respondents, minimumRespondents: minimumRespondents)
    }

    /// The pooled rate alone (``summary(target:population:minimumRespondents:)``'s `pooled`).
    public func pooledReport(target: Double = RateReport.satisfactionTarget, population: Int? = nil,
                             minimumRespondents: Int? = RateReport.defaultMinimumRespondents) -> RateReport {
        RateReport(pooled, target: target, population: population, sample: respondents,
                   minimumRespondents: minimumRespondents)
    }

    /// The report of one row; its respondents (when known) are Yamane's sample. A question row
    /// takes the plain Wilson interval on respondents, every other row respondents as clusters.
    public func report(for row: Row, target: Double = RateReport.satisfactionTarget, population: Int? = nil,
                       minimumRespondents: Int? = RateReport.defaultMinimumRespondents) -> RateReport {
        if row.isSingleQuestion {
            return RateReport(singleQuestion: row.proportion, target: target, population: population,
                              minimumRespondents: minimumRespondents)
        }
        return RateReport(row.count, target: target, population: population, sample: row.respondents,
                          minimumRespondents: minimumRespondents)
    }
}
