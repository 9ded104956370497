import CivicCore
import Foundation
import Logging
import PostgresNIO

/// Counts for analytics, made in SQL and never computed into rates here: the maths (rates, Wilson
/// intervals, Yamane, targets met, QĐ 766 points) is CivicCore's (``RateReport``,
/// ``SatisfactionSummary``, ``FeedbackMetrics``, ``QD766Score``).
///
/// Satisfaction is read from rollups kept up to date as responses arrive (Migrations/0004, 0005), not by
/// scanning responses, so a year for a whole province costs about the same at ten thousand responses
/// as at ten million. Each report is one statement: the unit's subtree (a recursive CTE), the
/// rollups and the responses still queued for them, in one snapshot, so the counts are exact.
///
/// Facets: `+Satisfaction`, `+Feedback`, `+QD766`, `+Targets`, `+Export`, `+Verification`.
public struct AnalyticsStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The unit subtree a report on a unit counts, as CTEs over a `params (unit_code, first_day,
    /// last_day)` CTE the query defines first:
    /// - `edges`: parent → child always; successor → predecessor when the succession has taken effect
    ///   (today in Vietnam, the rule of staff scope, ``UnitStore/isInScope(unitID:userID:roles:today:logger:)``:
    ///   before a merger the successor's analysts may not read the predecessor's answers) and took
    ///   effect after the period's first day, i.e. when the predecessor still existed during the period, so
    ///   that a report on a merged unit adds up its predecessors' responses for the days before the
    ///   merger (a 2024 report on a unit made in 2025 counts its predecessors' 2024 responses). A
    ///   split's predecessor counts in full for each successor: the register does not say which part
    ///   went where.
    /// - `tree (id)`: the unit `params.unit_code` and every unit the edges reach from it.
    /// - `whole (covers_all)`: whether the tree holds every root unit in effect at some time during
    ///   the period: a figure on such a unit covers the whole register, so the responses and PAKN
    ///   items that name no unit count in it, at the root of the tree (``unitScope(_:)``). With
    ///   several disjoint roots no single unit covers everything; those count in the whole
    ///   service's figure (no unit) only, so each is counted once.
    ///
    /// Unlike ``UnitStore/subtree(of:on:logger:)`` no unit is dropped for not existing on a given
    /// day: a response counts in the period it was made in, and a unit that ended during the period
    /// (merged into another) still has its responses from before the end. The same walk as
    /// UnitStore's, with that one difference.
    static let subtreeCTEs = """
        edges (from_id, to_id) AS (
            SELECT parent_id, id
            FROM units
            WHERE parent_id IS NOT NULL
            UNION ALL
            SELECT successor_id, predecessor_id
            FROM unit_successions
            WHERE effective_on > (SELECT first_day FROM params)
              AND effective_on <= (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
        ), tree (id) AS (
            SELECT id
            FROM units
            WHERE code = (SELECT unit_code FROM params)
            UNION
            SELECT e.to_id
            FROM tree t
            JOIN edges e ON e.from_id = t.id
        ), whole (covers_all) AS (
            SELECT NOT EXISTS (
                SELECT 1
                FROM units r
                WHERE r.parent_id IS NULL
                  AND r.effective_from <= (SELECT last_day FROM params)
                  AND (r.effective_to IS NULL OR r.effective_to > (SELECT first_day FROM params))
                  AND r.id NOT IN (SELECT id FROM tree)
            )
        )
        """

    /// Whether a row whose unit is `column` counts in a figure on `params.unit_code`: its unit is in
    /// `tree`, or it names no unit and the tree covers the whole register (`whole`). Callers that
    /// count everything when no unit is given test `params.unit_code IS NULL` first.
    static func unitScope(_ column: String) -> String {
        "(\(column) IN (SELECT id FROM tree) OR (\(column) IS NULL AND (SELECT covers_all FROM whole)))"
    }

    /// Whether a row whose unit is `column` is in the scope of a query whose `params` CTE has
    /// `unit_code` and `unitless_only` (``UnitScope``): only unit-less rows for `.unitless`,
    /// everything without a unit code, else ``unitScope(_:)``.
    static func scopePredicate(_ column: String) -> String {
        """
        (CASE WHEN (SELECT unitless_only FROM params) THEN \(column) IS NULL
              WHEN (SELECT unit_code FROM params) IS NULL THEN true
              ELSE \(unitScope(column)) END)
        """
    }

    /// Whether a figure on `unitCode` over `first … last` covers the whole register, so that it
    /// counts what names no unit (true for nil: the whole service).
    /// - Throws: ``AnalyticsQueryError/unknownUnit(_:)``.
    public func coversRegister(unitCode: String?, first: CalendarDate, last: CalendarDate,
                               logger: Logger) async throws -> Bool {
        guard let unitCode else { return true }
        try await requireUnit(unitCode, logger: logger)
        return try await database.query("""
            WITH RECURSIVE params (unit_code, first_day, last_day) AS (
                SELECT \(unitCode)::text, \(first.description)::date, \(last.description)::date
            ), \(unescaped: Self.subtreeCTEs)
            SELECT covers_all
            FROM whole
            """, logger: logger) { try $0.decode(Bool.self) }.first ?? false
    }

    /// Whether unit `code` exists.
    func unitExists(_ code: String, logger: Logger) async throws -> Bool {
        try await database.query("""
            SELECT EXISTS (SELECT 1 FROM units WHERE code = \(code))
            """, logger: logger) { try $0.decode(Bool.self) }.first ?? false
    }

    /// Throws ``AnalyticsQueryError/unknownUnit(_:)`` unless `code` is nil or a unit's code.
    func requireUnit(_ code: String?, logger: Logger) async throws {
        if let code, try await !unitExists(code, logger: logger) {
            throw AnalyticsQueryError.unknownUnit(code)
        }
    }
}
