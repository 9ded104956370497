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
    /// distinct dossier codes among the responses to `dossierFormID` submitted in
    /// the period (Vietnamese days) at a unit of the subtree (or at none, when the subtree covers the
    /// whole register: ``unitScope(_:)``); dissatisfied when one of its ratings
    /// answered an overall question (a scale question outside the five SIPAS elements) with a value
    /// not declared satisfied; and the dossiers resolved in the period and subtree from the imported
    /// statistics (``dossierTotals(period:convention:unitCode:logger:)``), ratio 3's denominator.
    /// See ``QD766Counts`` for what is not modelled.
    ///
    /// Cost: the PAKN part reads the period's items (small volumes); the dossier part reads the
    /// period's responses to the dossier form through `responses_form_submitted_idx`, because
    /// distinct dossiers cannot be summed from rollups. One statement.
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
        let instants = period.instantRange(convention: convention)
        let rows = try await database.query("""
            WITH RECURSIVE params (unit_code, first_day, last_day, unitless_only) AS (
                SELECT \(unitCode)::text, \(range.first.description)::date, \(range.last.description)::date,
                       \(scope.isUnitless)::boolean
            ), \(unescaped: Self.subtreeCTEs), \(unescaped: Self.feedbackCohortCTE),
            dossiers AS (
                SELECT r.dossier_code,
                       bool_or(EXISTS (
                           SELECT 1
                           FROM form_questions q
                           WHERE q.form_id = r.form_id
                             AND q.version = r.form_version
                             AND q.element IS NULL
                             AND jsonb_typeof(r.answers -> q.question_id) = 'number'
                             AND NOT COALESCE((r.answers -> q.question_id)::numeric
                                              = ANY (q.satisfied_values::numeric[]), false)
                       )) AS dissatisfied
                FROM responses r
                WHERE r.form_id = \(dossierFormID)
                  AND r.submitted_at >= \(instants.lowerBound)
                  AND r.submitted_at < \(instants.upperBound)
                  AND r.dossier_code IS NOT NULL
                  AND \(unescaped: Self.scopePredicate("r.unit_id"))
                GROUP BY r.dossier_code
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
                   (SELECT count(*) FROM dossiers),
                   (SELECT count(*) FROM dossiers WHERE dissatisfied),
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
