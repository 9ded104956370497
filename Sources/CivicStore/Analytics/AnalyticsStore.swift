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
        )
        """

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
