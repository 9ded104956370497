import CivicCore
import Foundation
import Logging
import PostgresNIO

/// The kiosk devices of the one-stop desks (`kiosks`, Migrations/0028): a tablet bound to one desk,
/// known by the SHA-256 of its token only. Registering and revoking are audited on the desk, in
/// the transaction of the change, like the desk's other changes (``DeskStore``).
public struct KioskStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public struct Kiosk: Sendable, Hashable {
        public let id: Int64
        public let deskID: Int64
        public let label: String
        public let createdBy: String
        public let createdAt: Date
        public let lastSeenAt: Date?
        public let revokedAt: Date?
        public let revokedBy: String?

        public var isRevoked: Bool { revokedAt != nil }
    }

    /// Registers a kiosk on the desk under the hash of its token (audited `desk.kiosk_register`);
    /// nil when the desk is unknown or out of use: a retired desk takes no more ratings.
    public func register(deskID: Int64, label: String, tokenHash: String, by actor: AuditLog.Actor,
                         logger: Logger) async throws -> Int64? {
        try await database.withTransaction(logger: logger) { connection in
            var id: Int64?
            let rows = try await connection.query("""
                INSERT INTO kiosks (desk_id, label, token_hash, created_by_login)
                SELECT id, \(label), \(tokenHash), \(actor.login)
                FROM desks
                WHERE id = \(deskID) AND retired_at IS NULL
                RETURNING id
                """, logger: logger)
            for try await value in rows.decode(Int64.self) { id = value }
            guard let id else { return nil }
            try await AuditLog.append("desk.kiosk_register", objectType: "desk", objectID: "\(deskID)",
                                      details: ["kiosk": .int(Int(id)), "label": .string(label)],
                                      by: actor, on: connection, logger: logger)
            return id
        }
    }

    /// The desk's kiosks, as registered (revoked ones included: staff see what was cut off and when).
    public func kiosks(deskID: Int64, logger: Logger) async throws -> [Kiosk] {
        try await kiosks(deskID: deskID, tokenHash: nil, logger: logger)
    }

    /// The kiosk holding the token of this hash, revoked or not (the caller refuses a revoked one,
    /// and says so, rather than treating it as a stranger).
    public func kiosk(tokenHash: String, logger: Logger) async throws -> Kiosk? {
        try await kiosks(deskID: nil, tokenHash: tokenHash, logger: logger).first
    }

    private func kiosks(deskID: Int64?, tokenHash: String?, logger: Logger) async throws -> [Kiosk] {
        try await database.query("""
            SELECT id,
                   desk_id,
                   label,
                   created_by_login,
                   created_at,
                   last_seen_at,
                   revoked_at,
                   revoked_by_login
            FROM kiosks
            WHERE (\(deskID)::bigint IS NULL OR desk_id = \(deskID))
              AND (\(tokenHash)::text IS NULL OR token_hash = \(tokenHash))
            ORDER BY id
            LIMIT 200
            """, logger: logger) { row in
            let (id, desk, label, by, created, seen, revoked, revokedBy) =
                try row.decode((Int64, Int64, String, String, Date, Date?, Date?, String?).self)
            return Kiosk(id: id, deskID: desk, label: label, createdBy: by, createdAt: created, lastSeenAt: seen,
                         revokedAt: revoked, revokedBy: revokedBy)
        }
    }

    /// Revokes the desk's kiosk (audited `desk.kiosk_revoke`); false when the desk has no kiosk in
    /// use with this id.
    public func revoke(deskID: Int64, kioskID: Int64, by actor: AuditLog.Actor, logger: Logger) async throws -> Bool {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query("""
                UPDATE kiosks
                SET revoked_at = now(),
                    revoked_by_login = \(actor.login)
                WHERE id = \(kioskID) AND desk_id = \(deskID) AND revoked_at IS NULL
                RETURNING id
                """, logger: logger)
            var changed = false
            for try await _ in rows.decode(Int64.self) { changed = true }
            guard changed else { return false }
            try await AuditLog.append("desk.kiosk_revoke", objectType: "desk", objectID: "\(deskID)",
                                      details: ["kiosk": .int(Int(kioskID))], by: actor, on: connection, logger: logger)
            return true
        }
    }

    /// Notes that the kiosk was heard from. At most one write a minute per kiosk: a kiosk in use
    /// opens a page every few seconds, and the console only needs to know it is alive.
    public func seen(kioskID: Int64, logger: Logger) async throws {
        try await database.execute("""
            UPDATE kiosks
            SET last_seen_at = now()
            WHERE id = \(kioskID)
              AND revoked_at IS NULL
              AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')
            """, logger: logger)
    }
}
