import CivicCore
import Foundation
import Logging
import PostgresNIO

extension AnalyticsStore {
    /// The imported dossier statistics for `period` and `unitCode`'s subtree (nil: every unit),
    /// summed. A row counts in the period that holds its last day: a day row on its day, a month row
    /// in the period where the month ends (under the cut-off convention, a month counts in the
    /// period of the 14th-to-14th window holding its last day). The subtree is the satisfaction
    /// figures' (``subtreeCTEs``), predecessors merged in included. One statement, through
    /// `dossier_statistics_unit_last_day_idx`.
    /// - Throws: ``AnalyticsQueryError/unknownUnit(_:)``.
    public func dossierTotals(period: ReportingPeriod, convention: ReportingPeriod.Convention = .calendar,
                              unitCode: String? = nil, logger: Logger) async throws -> DossierTotals {
        try await dossierTotals(period: period, convention: convention, scope: UnitScope(unitCode: unitCode),
                                logger: logger)
    }

    /// The same for any ``UnitScope``: statistics are imported per unit, so `.unitless` has none.
    public func dossierTotals(period: ReportingPeriod, convention: ReportingPeriod.Convention = .calendar,
                              scope: UnitScope, logger: Logger) async throws -> DossierTotals {
        let unitCode = scope.unitCode
        try await requireUnit(unitCode, logger: logger)
        let range = period.dateRange(convention: convention)
        let rows = try await database.query("""
            WITH RECURSIVE params (unit_code, first_day, last_day, unitless_only) AS (
                SELECT \(unitCode)::text, \(range.first.description)::date, \(range.last.description)::date,
                       \(scope.isUnitless)::boolean
            ), \(unescaped: Self.subtreeCTEs)
            \(unescaped: Self.dossierTotalsSelect)
            """, logger: logger) { row in
            try row.decode((Int, Int, Int, Int, Int, Int, Int, Int, Int).self)
        }
        guard let (count, received, resolved, onTime, late, apologies, online, byPost, returnedByPost) = rows.first
        else { throw StoreError.unavailable("no row from an aggregate") }
        return DossierTotals(counts: DossierCounts(received: received, resolved: resolved, resolvedOnTime: onTime,
                                                   resolvedLate: late, apologiesSent: apologies, online: online,
                                                   receivedByPost: byPost, returnedByPost: returnedByPost),
                             rowsCounted: count)
    }

    /// The rows counted and the eight sums, over `params` (with `unitless_only`) and `tree`.
    static let dossierTotalsSelect = """
        SELECT count(*)::int8,
               COALESCE(sum(s.received), 0)::int8,
               COALESCE(sum(s.resolved), 0)::int8,
               COALESCE(sum(s.resolved_on_time), 0)::int8,
               COALESCE(sum(s.resolved_late), 0)::int8,
               COALESCE(sum(s.apologies_sent), 0)::int8,
               COALESCE(sum(s.online), 0)::int8,
               COALESCE(sum(s.received_by_post), 0)::int8,
               COALESCE(sum(s.returned_by_post), 0)::int8
        FROM dossier_statistics s
        WHERE s.last_day BETWEEN (SELECT first_day FROM params) AND (SELECT last_day FROM params)
          AND \(scopePredicate("s.unit_id"))
        """
}
