import CivicCore
import Foundation
import Logging
import PostgresNIO

extension AnalyticsStore {
    /// The counts behind ``QD766Score`` for `period` and `unitCode`'s subtree (nil: everything).
    ///
    /// PAKN: the cohort of ``feedbackCounts(period:convention:unitCode:today:calendar:logger:)``
    /// (received in the period, responsible unit in the subtree); in scope = not out of scope;
    /// handled on time = resolved or forwarded with `handled_on <= due_on`; dissatisfied = rated not
    /// satisfied in any round (a dissatisfied rating still counts once staff reopened the item or
    /// closed the citizen's request to reconsider it, and whatever a later round says). Dossiers:
    /// the responses to `dossierFormID` that name a dossier, submitted in the period (Vietnamese
    /// days) at a unit of the subtree (or at none, when the subtree covers the whole register:
    /// ``unitScope(_:)``): a dossier is rated once per form version (Migrations/0012), so this is
    /// the number of rated dossiers, a dossier rated under two versions counting once per version;
    /// dissatisfied when its rating answered an overall question (a scale question outside the five
    /// SIPAS elements) with a value not declared satisfied; and the dossiers resolved in the period and subtree from the imported
    /// statistics (``dossierTotals(period:convention:unitCode:logger:)``), ratio 3's denominator.
    /// See ``QD766Counts`` for what is not modelled.
    ///
    /// Cost: the PAKN part reads the period's items (small volumes); the dossier part reads the
    /// summary rollups (Migrations/0026) like the satisfaction figures, at most 24 rows per unit and
    /// form version for a year, whatever the number of ratings. One statement.
    /// Items still open count in the denominators as they are (not on time, not rated): the ratios
    /// describe the cohort as of the report, like ``FeedbackMetrics``.
    /// - Throws: ``AnalyticsQueryError/unknownUnit(_:)``.
    public func qd766Counts(period: ReportingPeriod, convention: ReportingPeriod.Convention = .calendar,
                            unitCode: String? = nil, dossierFormID: String = "dossier-rating",
                            logger: Logger) async throws -> QD766Counts {
        try await qd766Counts(period: period, convention: convention, scope: UnitScope(unitCode: unitCode),
                              dossierFormID: dossierFormID, logger: logger)
    }

    /// The same for any ``UnitScope``.
    public func qd766Counts(period: ReportingPeriod, convention: ReportingPeriod.Convention = .calendar,
                            scope: UnitScope, dossierFormID: String = "dossier-rating",
                            logger: Logger) async throws -> QD766Counts {
        let unitCode = scope.unitCode
        try await requireUnit(unitCode, logger: logger)
        let range = period.dateRange(convention: convention)
        let window = CountsWindow(first: range.first, last: range.last)
        // Instants known when the statement is planned, so that only the period's months are read.
        let instants = period.instantRange(convention: convention)
        let rows = try await database.query("""
            WITH RECURSIVE params (unit_code, first_day, last_day, unitless_only) AS (
                SELECT \(unitCode)::text, \(range.first.description)::date, \(range.last.description)::date,
                       \(scope.isUnitless)::boolean
            ), \(unescaped: Self.subtreeCTEs), \(unescaped: Self.feedbackCohortCTE),
            dossier_rows (unit_id, dossiers, dossiers_dissatisfied) AS (
                -- The summary rollups (Migrations/0026) for the whole half-months and the ragged
                -- ends, plus the responses still queued for them, as the satisfaction figures read.
                SELECT h.unit_id, h.dossiers, h.dossiers_dissatisfied
                FROM summary_halfmonthly h
                WHERE h.form_id = \(dossierFormID)
                  AND h.half_start BETWEEN \(window.halfStarts?.lowerBound.description)::date
                                       AND \(window.halfStarts?.upperBound.description)::date
                UNION ALL
                SELECT d.unit_id, d.dossiers, d.dossiers_dissatisfied
                FROM summary_daily d
                WHERE d.form_id = \(dossierFormID)
                  AND (d.day BETWEEN \(window.leadingDays?.lowerBound.description)::date
                                 AND \(window.leadingDays?.upperBound.description)::date
                       OR d.day BETWEEN \(window.trailingDays?.lowerBound.description)::date
                                    AND \(window.trailingDays?.upperBound.description)::date)
                UNION ALL
                SELECT s.unit_id, s.dossiers, s.dossiers_dissatisfied
                FROM response_summaries s
                WHERE s.response_id = ANY (ARRAY (
                          SELECT q.response_id
                          FROM response_count_queue q
                          WHERE q.submitted_at >= \(instants.lowerBound) AND q.submitted_at < \(instants.upperBound)))
                  AND s.submitted_at >= \(instants.lowerBound) AND s.submitted_at < \(instants.upperBound)
                  AND s.form_id = \(dossierFormID)
            ), dossiers (rated, dissatisfied) AS (
                SELECT COALESCE(sum(x.dossiers), 0)::int8, COALESCE(sum(x.dossiers_dissatisfied), 0)::int8
                FROM dossier_rows x
                WHERE \(unescaped: Self.scopePredicate("x.unit_id"))
            ), statistics (row_count, resolved) AS (
                SELECT count(*)::int8, COALESCE(sum(s.resolved), 0)::int8
                FROM dossier_statistics s
                WHERE s.last_day BETWEEN (SELECT first_day FROM params) AND (SELECT last_day FROM params)
                  AND \(unescaped: Self.scopePredicate("s.unit_id"))
            )
            SELECT (SELECT count(*) FROM cohort WHERE state <> 'out_of_scope'),
                   (SELECT count(*) FROM cohort
                    WHERE (is_resolved OR is_forwarded) AND handled_on <= due_on),
                   (SELECT count(*) FROM cohort c
                    WHERE c.state <> 'out_of_scope'
                      AND EXISTS (SELECT 1 FROM feedback_ratings f WHERE f.item_id = c.id AND NOT f.satisfied)),
                   (SELECT rated FROM dossiers),
                   (SELECT dissatisfied FROM dossiers),
                   (SELECT row_count FROM statistics),
                   (SELECT resolved FROM statistics)
            """, logger: logger) { row in
            try row.decode((Int, Int, Int, Int, Int, Int, Int).self)
        }
        guard let (inScope, onTime, dissatisfied, dossiers, dossiersDissatisfied, statisticsRows, resolved) = rows.first
        else { throw StoreError.unavailable("no row from an aggregate") }
        return QD766Counts(paknInScope: inScope, paknHandledOnTime: onTime, pakn: inScope,
                           paknDissatisfiedOrComplained: dissatisfied, dossiers: dossiers,
                           dossiersDissatisfiedOrComplained: dossiersDissatisfied,
                           dossiersResolved: statisticsRows > 0 ? resolved : nil)
    }
}
