/// PAKN (phản ánh, kiến nghị) metrics for one unit and period, from counts the store makes.
///
/// The counts describe one cohort: the items received in the period, each in its state as of the
/// report. So an item received in March and handled in April counts as handled in a Q1 report
/// run in May, and as pending in one run on 31 March.
/// - `handled = resolved + forwarded` (Nghị định 20/2008/NĐ-CP Art. 15: both count towards
///   the 100% target). A published item counts under the resolution it was published with
///   (``FeedbackResolution``), never by itself.
/// - `inScope = received − outOfScope`: complaints and denunciations are not PAKN. Items not yet
///   triaged are in scope until marked otherwise, and pending.
/// - ``handledRate`` = handled ÷ inScope, target 100% (the plan's "100% handled or forwarded").
/// - ``onTimeRate`` = handledOnTime ÷ handled, target 100% by default; see
///   ``FeedbackTimeline/handledOnTime``.
/// - ``satisfiedShareOfRated`` = ratedSatisfied ÷ ratedTotal, target 90% by default.
/// - ``medianDays`` (``OrderStatistics/median(_:)``) and ``p90Days`` (nearest-rank 90th
///   percentile, ``OrderStatistics/nearestRank(percent:of:)``) over the working days to handle
///   (``FeedbackTimeline/workingDaysToHandle(_:)``) of the handled items that have them.
///
/// Guarantees: every count is non-negative and the counts fit one cohort (checked by the
/// initializer): `outOfScope <= received`, `handled + pending <= inScope`, `overdue <= pending`
/// (overdue means open past its due date, ``FeedbackTimeline/isOverdue(today:)``),
/// `handledOnTime <= handled`, `ratedSatisfied <= ratedTotal`. JSON carries every key, `null`
/// included; the durations themselves are not encoded, only ``durationsCounted``.
public struct FeedbackMetrics: Sendable, Hashable, Codable {
    public let received: Int
    public let outOfScope: Int
    public let inScope: Int
    public let resolved: Int
    public let forwarded: Int
    public let handled: Int
    public let pending: Int
    public let overdue: Int
    /// Of the overdue, those never classified (still `received`) past their classification deadline.
    public let overdueUnclassified: Int
    public let handledOnTime: Int
    public let ratedSatisfied: Int
    public let ratedTotal: Int
    public let handledRate: RateReport
    public let onTimeRate: RateReport
    public let satisfiedShareOfRated: RateReport
    /// Median working days to handle; nil when no duration was given.
    public let medianDays: Double?
    /// Nearest-rank 90th percentile of working days to handle; nil when no duration was given.
    public let p90Days: Int?
    /// How many durations the median and p90 were taken over.
    public let durationsCounted: Int

    /// - Parameters:
    ///   - received: items received in the period, out of scope included.
    ///   - outOfScope: of those, marked out of scope.
    ///   - resolved, forwarded: handled within the agency's competence, or forwarded to the
    ///     competent body (published items under their resolution).
    ///   - pending: still open (received, accepted, assigned or in progress).
    ///   - overdue: of the pending, past their due date at the time of the report, or awaiting
    ///     classification past its deadline from receipt.
    ///   - overdueUnclassified: of the overdue, those awaiting classification.
    ///   - handledOnTime: of the handled, handled no later than their due date.
    ///   - ratedSatisfied, ratedTotal: citizens' ratings of the handling, satisfied and all.
    ///   - daysToHandle: working days from acceptance to handling, one per handled item that has them.
    ///   - handledTarget, onTimeTarget: 100% by default; satisfactionTarget: 90% by default.
    /// - Throws: ``AnalyticsInputError`` when a count or a duration is negative or the counts
    ///   cannot describe one cohort (see the guarantees).
    public init(received: Int, outOfScope: Int, resolved: Int, forwarded: Int, pending: Int, overdue: Int,
                overdueUnclassified: Int = 0, handledOnTime: Int, ratedSatisfied: Int, ratedTotal: Int, daysToHandle: [Int],
                handledTarget: Double = RateReport.completeTarget,
                onTimeTarget: Double = RateReport.completeTarget,
                satisfactionTarget: Double = RateReport.satisfactionTarget) throws(AnalyticsInputError) {
        try AnalyticsInputCheck.nonNegative([
            "received": received, "outOfScope": outOfScope, "resolved": resolved, "forwarded": forwarded,
            "pending": pending, "overdue": overdue, "overdueUnclassified": overdueUnclassified,
            "handledOnTime": handledOnTime,
            "ratedSatisfied": ratedSatisfied, "ratedTotal": ratedTotal,
        ])
        if let negative = daysToHandle.first(where: { $0 < 0 }) {
            throw .negative(field: "daysToHandle", value: negative)
        }
        let inScope = received - outOfScope
        let handled = resolved + forwarded
        try AnalyticsInputCheck.atMost("outOfScope", outOfScope, "received", received)
        try AnalyticsInputCheck.atMost("handled + pending", handled + pending, "inScope", inScope)
        try AnalyticsInputCheck.atMost("overdue", overdue, "pending", pending)
        try AnalyticsInputCheck.atMost("overdueUnclassified", overdueUnclassified, "overdue", overdue)
        try AnalyticsInputCheck.atMost("handledOnTime", handledOnTime, "handled", handled)
        try AnalyticsInputCheck.atMost("ratedSatisfied", ratedSatisfied, "ratedTotal", ratedTotal)

        self.received = received
        self.outOfScope = outOfScope
        self.inScope = inScope
        self.resolved = resolved
        self.forwarded = forwarded
        self.handled = handled
        self.pending = pending
        self.overdue = overdue
        self.overdueUnclassified = overdueUnclassified
        self.handledOnTime = handledOnTime
        self.ratedSatisfied = ratedSatisfied
        self.ratedTotal = ratedTotal
        self.handledRate = RateReport(satisfied: handled, answered: inScope, target: handledTarget)
        self.onTimeRate = RateReport(satisfied: handledOnTime, answered: handled, target: onTimeTarget)
        self.satisfiedShareOfRated = RateReport(satisfied: ratedSatisfied, answered: ratedTotal,
                                                target: satisfactionTarget)
        self.medianDays = OrderStatistics.median(daysToHandle)
        self.p90Days = OrderStatistics.nearestRank(percent: 90, of: daysToHandle)
        self.durationsCounted = daysToHandle.count
    }

    private enum CodingKeys: String, CodingKey {
        case received, outOfScope, inScope, resolved, forwarded, handled, pending, overdue, overdueUnclassified, handledOnTime
        case ratedSatisfied, ratedTotal, handledRate, onTimeRate, satisfiedShareOfRated
        case medianDays, p90Days, durationsCounted
    }

    /// Writes every key, `null` included.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(received, forKey: .received)
        try container.encode(outOfScope, forKey: .outOfScope)
        try container.encode(inScope, forKey: .inScope)
        try container.encode(resolved, forKey: .resolved)
        try container.encode(forwarded, forKey: .forwarded)
        try container.encode(handled, forKey: .handled)
        try container.encode(pending, forKey: .pending)
        try container.encode(overdue, forKey: .overdue)
        try container.encode(overdueUnclassified, forKey: .overdueUnclassified)
        try container.encode(handledOnTime, forKey: .handledOnTime)
        try container.encode(ratedSatisfied, forKey: .ratedSatisfied)
        try container.encode(ratedTotal, forKey: .ratedTotal)
        try container.encode(handledRate, forKey: .handledRate)
        try container.encode(onTimeRate, forKey: .onTimeRate)
        try container.encode(satisfiedShareOfRated, forKey: .satisfiedShareOfRated)
        try container.encode(medianDays, forKey: .medianDays)
        try container.encode(p90Days, forKey: .p90Days)
        try container.encode(durationsCounted, forKey: .durationsCounted)
    }
}
