import CivicCore

/// The counts behind ``FeedbackMetrics`` for one cohort of PAKN items (see
/// ``AnalyticsStore/feedbackCounts(period:convention:unitCode:today:calendar:classification:logger:)``).
///
/// Guarantees: made by one statement over one snapshot, so the counts satisfy every check of
/// ``FeedbackMetrics/init(received:outOfScope:resolved:forwarded:pending:overdue:overdueUnclassified:handledOnTime:ratedSatisfied:ratedTotal:daysToHandle:handledTarget:onTimeTarget:satisfactionTarget:)``.
public struct FeedbackCounts: Sendable, Hashable, Codable {
    public let received: Int
    public let outOfScope: Int
    public let resolved: Int
    public let forwarded: Int
    public let pending: Int
    public let overdue: Int
    /// Of the overdue, those still awaiting classification past its deadline from receipt.
    public let overdueUnclassified: Int
    public let handledOnTime: Int
    public let ratedSatisfied: Int
    public let ratedTotal: Int
    /// Working days from acceptance (receipt when never accepted) to handling, one per handled item.
    public let daysToHandle: [Int]

    public init(received: Int, outOfScope: Int, resolved: Int, forwarded: Int, pending: Int, overdue: Int,
                overdueUnclassified: Int = 0, handledOnTime: Int, ratedSatisfied: Int, ratedTotal: Int, daysToHandle: [Int]) {
        self.received = received
        self.outOfScope = outOfScope
        self.resolved = resolved
        self.forwarded = forwarded
        self.pending = pending
        self.overdue = overdue
        self.overdueUnclassified = overdueUnclassified
        self.handledOnTime = handledOnTime
        self.ratedSatisfied = ratedSatisfied
        self.ratedTotal = ratedTotal
        self.daysToHandle = daysToHandle
    }

    /// The metrics, with CivicCore's maths.
    /// - Throws: ``AnalyticsInputError`` (cannot happen with counts from the store).
    public func metrics(handledTarget: Double = RateReport.completeTarget,
                        onTimeTarget: Double = RateReport.completeTarget,
                        satisfactionTarget: Double = RateReport.satisfactionTarget) throws(AnalyticsInputError) -> FeedbackMetrics {
        try FeedbackMetrics(received: received, outOfScope: outOfScope, resolved: resolved, forwarded: forwarded,
                            pending: pending, overdue: overdue, overdueUnclassified: overdueUnclassified,
                            handledOnTime: handledOnTime,
                            ratedSatisfied: ratedSatisfied, ratedTotal: ratedTotal, daysToHandle: daysToHandle,
                            handledTarget: handledTarget, onTimeTarget: onTimeTarget,
                            satisfactionTarget: satisfactionTarget)
    }
}
