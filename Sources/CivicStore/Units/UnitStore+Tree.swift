import CivicCore
import Foundation
import Logging
import PostgresNIO

extension UnitStore {
    /// A unit with its place in the tree and its period.
    public struct Unit: Sendable, Hashable {
        public let id: Int64
        public let code: String
        public let parentCode: String?
        public let kind: String
        /// Names per language tag; always has `vi`.
        public let names: [String: String]
        public let effectiveFrom: CalendarDate
        /// Exclusive: the first day the unit no longer exists.
        public let effectiveTo: CalendarDate?
        /// Codes of the units it passed into (mergers, splits, renames).
        public let successors: [String]
    }

    /// The edges a subtree walk follows: parent → child always; successor → predecessor only for
    /// a day before the succession took effect (`$day < effective_on`), so that a report on a
    /// merged unit for a day before the merger adds up its predecessors, and one for a day after
    /// does not. A split's predecessor counts in full for each successor: the register does not
    /// say which part went where.
    static let selectColumns = """
        u.id, u.code, p.code, u.kind, u.names::text,
        to_char(u.effective_from, 'YYYY-MM-DD'), to_char(u.effective_to, 'YYYY-MM-DD'),
        ARRAY(SELECT s2.code FROM unit_successions us JOIN units s2 ON s2.id = us.successor_id
              WHERE us.predecessor_id = u.id ORDER BY s2.code)
        """

    /// Unit `code` and everything under it in effect on `day`: its descendants, and for a day
    /// before a merger or split, the predecessors it took over with their descendants. One
    /// recursive query. Ordered by code.
    /// - Returns: nil when no unit has this code; an empty list when none of the subtree existed on `day`.
    public func subtree(of code: String, on day: CalendarDate, logger: Logger) async throws -> [Unit]? {
        guard try await unit(code: code, logger: logger) != nil else { return nil }
        return try await database.query("""
            WITH RECURSIVE edges (from_id, to_id) AS (
                SELECT parent_id, id
                FROM units
                WHERE parent_id IS NOT NULL
                UNION ALL
                SELECT successor_id, predecessor_id
                FROM unit_successions
                WHERE \(day.description)::date < effective_on
            ), tree (id) AS (
                SELECT id
                FROM units
                WHERE code = \(code)
                UNION
                SELECT e.to_id
                FROM tree t
                JOIN edges e ON e.from_id = t.id
            )
            SELECT \(unescaped: Self.selectColumns)
            FROM tree
            JOIN units u ON u.id = tree.id
            LEFT JOIN units p ON p.id = u.parent_id
            WHERE u.effective_from <= \(day.description)::date
              AND (u.effective_to IS NULL OR u.effective_to > \(day.description)::date)
            ORDER BY u.code
            """, logger: logger, decode: Self.decodeUnit)
    }

    /// Every unit, or those in effect on `day`, by code.
    public func units(on day: CalendarDate? = nil, logger: Logger) async throws -> [Unit] {
        try await database.query("""
            SELECT \(unescaped: Self.selectColumns)
            FROM units u
            LEFT JOIN units p ON p.id = u.parent_id
            WHERE \(day?.description)::date IS NULL
               OR (u.effective_from <= \(day?.description)::date
                   AND (u.effective_to IS NULL OR u.effective_to > \(day?.description)::date))
            ORDER BY u.code
            """, logger: logger, decode: Self.decodeUnit)
    }

    public func unit(code: String, logger: Logger) async throws -> Unit? {
        try await database.query("""
            SELECT \(unescaped: Self.selectColumns)
            FROM units u
            LEFT JOIN units p ON p.id = u.parent_id
            WHERE u.code = \(code)
            """, logger: logger, decode: Self.decodeUnit).first
    }

    static func decodeUnit(_ row: PostgresRow) throws -> Unit {
        let (id, code, parent, kind, namesJSON, from, to, successors) =
            try row.decode((Int64, String, String?, String, String, String, String?, [String]).self)
        let names = (try? JSONDecoder().decode([String: String].self, from: Data(namesJSON.utf8))) ?? [:]
        guard let effectiveFrom = CalendarDate(from) else { throw UnexpectedDate(text: from) }
        return Unit(id: id, code: code, parentCode: parent, kind: kind, names: names, effectiveFrom: effectiveFrom,
                    effectiveTo: to.flatMap(CalendarDate.init), successors: successors)
    }
}

/// to_char(…, 'YYYY-MM-DD') gave something else: only a corrupt row could cause it.
struct UnexpectedDate: Error {
    let text: String
}
