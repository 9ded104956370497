import CivicCore
import Foundation
import Logging
import PostgresNIO

extension AnalyticsStore {
    /// The counts behind ``FeedbackMetrics`` for the PAKN items received in `period` (Vietnamese days
    /// of receipt, `received_on`), each in its state as of now.
    ///
    /// An item belongs to the unit responsible for it: the unit it is assigned to, else the unit the
    /// citizen named; it counts when that unit is in `unitCode`'s subtree for the period (the same
    /// walk as satisfaction, predecessors merged in included). An item with neither (every Open311
    /// item, the "—" of the unit picker) counts at the root: in a unit whose subtree covers the
    /// whole register, and in the whole service (`.everything`); `.unitless` counts them alone.
    /// Resolved and forwarded include published items (and published ones whose citizen asked to
    /// reconsider them, until staff reopen them) under the resolution they were published with; a
    /// reopened item is pending again. Overdue: open and `due_on < today`, or awaiting classification past
    /// its deadline (below). Handled on time:
    /// `handled_on <= due_on`. One statement; the working days to handle are counted here with
    /// `calendar` from each handled item's acceptance (receipt when it was never accepted) to its
    /// handling, as ``FeedbackTimeline/workingDaysToHandle(_:)`` does.
    /// - Throws: ``AnalyticsQueryError/unknownUnit(_:)``.
    /// With `classification`, an item still `received` past its classification deadline from
    /// receipt is overdue too, and counted apart as `overdueUnclassified`; without it such an item
    /// is never overdue.
    public func feedbackCounts(period: ReportingPeriod, convention: ReportingPeriod.Convention = .calendar,
                               unitCode: String? = nil, today: CalendarDate, calendar: WorkingCalendar,
                               classification: ClassificationCutoffs? = nil,
                               logger: Logger) async throws -> FeedbackCounts {
        try await feedbackCounts(period: period, convention: convention, scope: UnitScope(unitCode: unitCode),
                                 today: today, calendar: calendar, classification: classification, logger: logger)
    }

    /// The same for any ``UnitScope``.
    public func feedbackCounts(period: ReportingPeriod, convention: ReportingPeriod.Convention = .calendar,
                               scope: UnitScope, today: CalendarDate, calendar: WorkingCalendar,
                               classification: ClassificationCutoffs? = nil,
                               logger: Logger) async throws -> FeedbackCounts {
        let unitCode = scope.unitCode
        try await requireUnit(unitCode, logger: logger)
        let range = period.dateRange(convention: convention)
        let cutoffs = classification?.sqlArrays ?? (categories: [], days: [])
        let otherCutoff = classification?.otherCategories.description
        let rows = try await database.query("""
            WITH RECURSIVE params (unit_code, first_day, last_day, unitless_only) AS (
                SELECT \(unitCode)::text, \(range.first.description)::date, \(range.last.description)::date,
                       \(scope.isUnitless)::boolean
            ), \(unescaped: Self.subtreeCTEs), \(unescaped: Self.feedbackCohortCTE),
            cutoffs (category, last_overdue_receipt) AS (
                SELECT category, day::date
                FROM unnest(\(cutoffs.categories)::text[], \(cutoffs.days)::text[]) AS x (category, day)
            ), unclassified AS (
                SELECT c.id
                FROM cohort c
                WHERE c.state = 'received'
                  AND c.received_on <= COALESCE((SELECT x.last_overdue_receipt FROM cutoffs x
                                                 WHERE x.category = c.category), \(otherCutoff)::date)
            )
            SELECT count(*),
                   count(*) FILTER (WHERE c.state = 'out_of_scope'),
                   count(*) FILTER (WHERE c.is_resolved),
                   count(*) FILTER (WHERE c.is_forwarded),
                   count(*) FILTER (WHERE c.is_pending),
                   count(*) FILTER (WHERE c.is_pending AND (c.due_on < \(today.description)::date
                                                           OR c.id IN (SELECT id FROM unclassified))),
                   count(*) FILTER (WHERE c.id IN (SELECT id FROM unclassified)),
                   count(*) FILTER (WHERE (c.is_resolved OR c.is_forwarded) AND c.handled_on <= c.due_on),
                   count(r.item_id) FILTER (WHERE r.satisfied),
                   count(r.item_id),
                   COALESCE(array_agg(COALESCE(c.accepted_on, c.received_on)::text ORDER BY c.id)
                            FILTER (WHERE (c.is_resolved OR c.is_forwarded) AND c.handled_on IS NOT NULL), '{}'),
                   COALESCE(array_agg(c.handled_on::text ORDER BY c.id)
                            FILTER (WHERE (c.is_resolved OR c.is_forwarded) AND c.handled_on IS NOT NULL), '{}')
            FROM cohort c
            -- The citizen's latest rating (an item reopened on dissatisfaction is rated again at its
            -- next publication): one row per item, so that no item counts twice.
            LEFT JOIN LATERAL (
                SELECT f.item_id, f.satisfied
                FROM feedback_ratings f
                WHERE f.item_id = c.id
                ORDER BY f.round DESC
                LIMIT 1
            ) r ON true
            """, logger: logger) { row in
            try row.decode((Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, [String], [String]).self)
        }
        guard let (received, outOfScope, resolved, forwarded, pending, overdue, unclassified, onTime, ratedSatisfied,
                   ratedTotal, starts, ends) = rows.first
        else { throw StoreError.unavailable("no row from an aggregate") }
        let days = zip(starts, ends).compactMap { start, end -> Int? in
            FeedbackTimeline(acceptedOn: CalendarDate(start), handledOn: CalendarDate(end)).workingDaysToHandle(calendar)
        }
        return FeedbackCounts(received: received, outOfScope: outOfScope, resolved: resolved, forwarded: forwarded,
                              pending: pending, overdue: overdue, overdueUnclassified: unclassified, handledOnTime: onTime,
                              ratedSatisfied: ratedSatisfied, ratedTotal: ratedTotal, daysToHandle: days)
    }

    /// `cohort`: the PAKN items received in the period (`params`, with `unitless_only`) in the scope
    /// (``scopePredicate(_:)``) by their responsible unit (assigned, else named); with the flags
    /// every PAKN count uses. Follows ``subtreeCTEs``.
    static let feedbackCohortCTE = """
        cohort AS (
            SELECT i.id,
                   i.state,
                   i.category,
                   i.received_on,
                   i.accepted_on,
                   i.due_on,
                   i.handled_on,
                   (i.state = 'resolved'
                    OR (i.state IN ('published', 'reopen_requested') AND i.resolution = 'resolved')) AS is_resolved,
                   (i.state = 'forwarded'
                    OR (i.state IN ('published', 'reopen_requested') AND i.resolution = 'forwarded')) AS is_forwarded,
                   i.state IN ('received', 'accepted', 'assigned', 'in_progress') AS is_pending
            FROM feedback_items i
            WHERE i.received_on BETWEEN (SELECT first_day FROM params) AND (SELECT last_day FROM params)
              AND \(scopePredicate("COALESCE(i.assigned_unit_id, i.unit_id)"))
        )
        """
}
