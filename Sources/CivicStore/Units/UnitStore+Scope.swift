import CivicCore
import Foundation
import Logging
import PostgresNIO

extension UnitStore {
    /// The units a set of starting points reaches, as staff scope counts it.
    public struct Reach: Sendable, Hashable {
        /// Every unit reached, the starting units included.
        public let unitIDs: Set<Int64>
        /// Whether a starting unit is a root of the tree (no parent): holders of such a grant also
        /// see items that name no unit at all.
        public let startsAtRoot: Bool

        public static let nothing = Reach(unitIDs: [], startsAtRoot: false)
    }

    /// The units within reach of the user's grants for `roles` as of `today`: each grant's unit,
    /// its descendants of any period, and the predecessors whose succession took effect by `today`
    /// (the successor inherits their history; a succession still to come gives nothing yet).
    /// Grants without a unit (admin) reach nothing here: callers treat admins separately.
    /// One recursive query, the same one ``isInScope(unitID:userID:roles:today:logger:)`` runs.
    public func reach(userID: Int64, roles: [StaffRole], today: CalendarDate, logger: Logger) async throws -> Reach {
        try await reach(Self.reachQuery(userID: userID, roles: roles, units: [], today: today), logger: logger)
    }

    /// The units unit `unitID` reaches as of `today`, by the same rule as a grant on it (see
    /// ``reach(userID:roles:today:logger:)``): the subtree a staff list filtered by that unit shows.
    public func reach(fromUnit unitID: Int64, today: CalendarDate, logger: Logger) async throws -> Reach {
        try await reach(Self.reachQuery(userID: nil, roles: [], units: [unitID], today: today), logger: logger)
    }

    /// Whether unit `unitID` is within the reach of one of the user's grants for `roles`; see
    /// ``reach(userID:roles:today:logger:)``.
    public func isInScope(unitID: Int64, userID: Int64, roles: [StaffRole], today: CalendarDate,
                          logger: Logger) async throws -> Bool {
        try await reach(userID: userID, roles: roles, today: today, logger: logger).unitIDs.contains(unitID)
    }

    private func reach(_ query: PostgresQuery, logger: Logger) async throws -> Reach {
        let rows = try await database.query(query, logger: logger) { try $0.decode((Int64, Bool).self) }
        return Reach(unitIDs: Set(rows.map(\.0)), startsAtRoot: rows.contains { $0.1 })
    }

    /// The one text of the scope walk. Edges: parent → child always; successor → predecessor once
    /// the succession took effect (`effective_on <= today`). Starting points: the user's grants for
    /// `roles` that name a unit, and `units`. Each row is a unit reached, and whether it is a
    /// starting point without a parent.
    private static func reachQuery(userID: Int64?, roles: [StaffRole], units: [Int64], today: CalendarDate) -> PostgresQuery {
        """
        WITH RECURSIVE edges (from_id, to_id) AS (
            SELECT parent_id, id
            FROM units
            WHERE parent_id IS NOT NULL
            UNION ALL
            SELECT successor_id, predecessor_id
            FROM unit_successions
            WHERE effective_on <= \(today.description)::date
        ), starts (id) AS (
            SELECT g.unit_id
            FROM grants g
            WHERE g.user_id = \(userID)::bigint
              AND g.role = ANY(\(roles.map(\.rawValue))::text[])
              AND g.unit_id IS NOT NULL
            UNION
            SELECT given.id
            FROM unnest(\(units)::bigint[]) AS given (id)
        ), reach (id, is_start) AS (
            SELECT id, true
            FROM starts
            UNION
            SELECT e.to_id, false
            FROM reach r
            JOIN edges e ON e.from_id = r.id
        )
        SELECT r.id,
               bool_or(r.is_start AND u.parent_id IS NULL)
        FROM reach r
        JOIN units u ON u.id = r.id
        GROUP BY r.id
        """
    }
}
