import CivicCore
import Foundation
import Logging
import PostgresNIO

/// The one-stop desks (`desks`, `desk_officers`, `desk_ratings`, Migrations/0021): a unit's desks,
/// the officers serving at each, and the figures of the ratings made through a desk's QR code.
/// Every change by staff is audited in its own transaction; ratings are written with their
/// response by ``ResponseBatchWriter``.
public struct DeskStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public struct Desk: Sendable, Hashable {
        public let id: Int64
        public let unitID: Int64
        public let unitCode: String
        /// What the QR code's URL carries (`?desk=`).
        public let code: String
        public let label: String
        public let createdBy: String
        public let createdAt: Date
        public let retiredAt: Date?

        public var isRetired: Bool { retiredAt != nil }
    }

    public struct Officer: Sendable, Hashable {
        public let id: Int64
        public let deskID: Int64
        public let displayName: String
        public let addedBy: String
        public let retiredAt: Date?

        public var isRetired: Bool { retiredAt != nil }
    }

    /// Characters of a desk code (RFC 4648 base32): no 0/O or 1/I to misread on a sheet.
    static let codeAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    /// Whether `text` has the shape of a desk code (the column's CHECK), before asking the database.
    public static func isDeskCode(_ text: String) -> Bool {
        text.count == 8 && text.allSatisfy { codeAlphabet.contains($0) }
    }

    /// Registers a desk of `unitID` with a new random code (audited `desk.create`).
    public func create(unitID: Int64, label: String, by actor: AuditLog.Actor, logger: Logger) async throws -> Desk {
        // 32⁸ codes: a clash is all but impossible, and the unique key would refuse it; try again then.
        for attempt in 1...3 {
            let code = String((0..<8).map { _ in Self.codeAlphabet.randomElement()! })
            do {
                let id = try await database.withTransaction(logger: logger) { connection in
                    var id: Int64?
                    let rows = try await connection.query("""
                        INSERT INTO desks (unit_id, code, label, created_by_login)
                        VALUES (\(unitID), \(code), \(label), \(actor.login))
                        RETURNING id
                        """, logger: logger)
                    for try await value in rows.decode(Int64.self) { id = value }
                    guard let id else { throw StoreError.unavailable("no id from an insert") }
                    try await AuditLog.append("desk.create", objectType: "desk", objectID: "\(id)",
                                              details: ["unit": .int(Int(unitID)), "code": .string(code), "label": .string(label)],
                                              by: actor, on: connection, logger: logger)
                    return id
                }
                guard let desk = try await desk(id: id, logger: logger) else { throw StoreError.unavailable("desk \(id) vanished") }
                return desk
            } catch StoreError.uniqueViolation where attempt < 3 {
                continue
            }
        }
        throw StoreError.conflict
    }

    public func desk(id: Int64, logger: Logger) async throws -> Desk? {
        try await desks(id: id, code: nil, unitIDs: nil, logger: logger).first
    }

    public func desk(code: String, logger: Logger) async throws -> Desk? {
        guard Self.isDeskCode(code) else { return nil }
        return try await desks(id: nil, code: code, unitIDs: nil, logger: logger).first
    }

    /// The desks of `unitIDs` (every unit when nil), by unit then as registered.
    public func desks(unitIDs: [Int64]?, logger: Logger) async throws -> [Desk] {
        try await desks(id: nil, code: nil, unitIDs: unitIDs, logger: logger)
    }

    private func desks(id: Int64?, code: String?, unitIDs: [Int64]?, logger: Logger) async throws -> [Desk] {
        try await database.query("""
            SELECT d.id,
                   d.unit_id,
                   u.code,
                   d.code,
                   d.label,
                   d.created_by_login,
                   d.created_at,
                   d.retired_at
            FROM desks d
            JOIN units u ON u.id = d.unit_id
            WHERE (\(id)::bigint IS NULL OR d.id = \(id))
              AND (\(code)::text IS NULL OR d.code = \(code))
              AND (\(unitIDs)::bigint[] IS NULL OR d.unit_id = ANY (\(unitIDs)::bigint[]))
            ORDER BY u.code, d.id
            LIMIT 1000
            """, logger: logger) { row in
            let (id, unitID, unitCode, code, label, creator, created, retired) =
                try row.decode((Int64, Int64, String, String, String, String, Date, Date?).self)
            return Desk(id: id, unitID: unitID, unitCode: unitCode, code: code, label: label, createdBy: creator,
                        createdAt: created, retiredAt: retired)
        }
    }

    /// The officers of the desk, as added (retired ones included: their figures stay).
    public func officers(deskID: Int64, logger: Logger) async throws -> [Officer] {
        try await database.query("""
            SELECT id,
                   desk_id,
                   display_name,
                   added_by_login,
                   retired_at
            FROM desk_officers
            WHERE desk_id = \(deskID)
            ORDER BY id
            """, logger: logger) { row in
            let (id, deskID, name, by, retired) = try row.decode((Int64, Int64, String, String, Date?).self)
            return Officer(id: id, deskID: deskID, displayName: name, addedBy: by, retiredAt: retired)
        }
    }

    /// Adds an officer to the desk (audited `desk.officer_add`); nil when the desk is retired or unknown.
    public func addOfficer(deskID: Int64, displayName: String, by actor: AuditLog.Actor, logger: Logger) async throws -> Int64? {
        try await database.withTransaction(logger: logger) { connection in
            var id: Int64?
            let rows = try await connection.query("""
                INSERT INTO desk_officers (desk_id, display_name, added_by_login)
                SELECT id, \(displayName), \(actor.login)
                FROM desks
                WHERE id = \(deskID) AND retired_at IS NULL
                RETURNING id
                """, logger: logger)
            for try await value in rows.decode(Int64.self) { id = value }
            guard let id else { return nil }
            try await AuditLog.append("desk.officer_add", objectType: "desk", objectID: "\(deskID)",
                                      details: ["officer": .int(Int(id)), "name": .string(displayName)],
                                      by: actor, on: connection, logger: logger)
            return id
        }
    }

    /// Retires an officer of the desk (audited `desk.officer_retire`); false when there was none
    /// serving with this id.
    public func retireOfficer(deskID: Int64, officerID: Int64, by actor: AuditLog.Actor, logger: Logger) async throws -> Bool {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query("""
                UPDATE desk_officers
                SET retired_at = now()
                WHERE id = \(officerID) AND desk_id = \(deskID) AND retired_at IS NULL
                RETURNING id
                """, logger: logger)
            var changed = false
            for try await _ in rows.decode(Int64.self) { changed = true }
            guard changed else { return false }
            try await AuditLog.append("desk.officer_retire", objectType: "desk", objectID: "\(deskID)",
                                      details: ["officer": .int(Int(officerID))], by: actor, on: connection, logger: logger)
            return true
        }
    }

    /// Takes the desk out of use (audited `desk.retire`): its QR code no longer rates.
    public func retire(deskID: Int64, by actor: AuditLog.Actor, logger: Logger) async throws -> Bool {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query("""
                UPDATE desks
                SET retired_at = now()
                WHERE id = \(deskID) AND retired_at IS NULL
                RETURNING id
                """, logger: logger)
            var changed = false
            for try await _ in rows.decode(Int64.self) { changed = true }
            guard changed else { return false }
            try await AuditLog.append("desk.retire", objectType: "desk", objectID: "\(deskID)", by: actor,
                                      on: connection, logger: logger)
            return true
        }
    }

    /// The ratings of one desk over the days `from…to`, by officer (nil: none picked): the number
    /// of ratings and the counts of their scale answers (``ClusteredCount``).
    public struct Figures: Sendable, Hashable {
        public let ratings: Int
        public let count: ClusteredCount

        public init(ratings: Int, count: ClusteredCount) {
            self.ratings = ratings
            self.count = count
        }
    }

    public func figures(deskID: Int64, from: CalendarDate, to: CalendarDate,
                        logger: Logger) async throws -> [Int64?: Figures] {
        let rows = try await database.query("""
            SELECT officer_id,
                   count(*),
                   coalesce(sum(satisfied), 0),
                   coalesce(sum(answered), 0),
                   coalesce(sum(satisfied * satisfied), 0),
                   coalesce(sum(satisfied * answered), 0),
                   coalesce(sum(answered * answered), 0),
                   count(*) FILTER (WHERE answered > 0)
            FROM desk_ratings
            WHERE desk_id = \(deskID)
              AND rated_on BETWEEN \(from.description)::date AND \(to.description)::date
            GROUP BY officer_id
            """, logger: logger) { row in
            let (officer, ratings, satisfied, answered, ss, sa, aa, clusters) =
                try row.decode((Int64?, Int, Int, Int, Int, Int, Int, Int).self)
            return (officer, Figures(ratings: ratings, count: ClusteredCount(
                satisfied: satisfied, answered: answered, satisfiedSquared: ss, satisfiedAnswered: sa,
                answeredSquared: aa, clusters: clusters)))
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }
}
