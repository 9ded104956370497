import CivicCore
import Foundation
import Logging
import PostgresNIO

/// One-time links that set a new account's password or reset a forgotten one. Only the SHA-256
/// of a link's secret is stored; a link works once, before it expires, and using it ends every
/// session of the account.
public struct PasswordLinkStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public enum Purpose: String, Sendable, Hashable, CaseIterable {
        /// A new account's first password.
        case set
        /// An admin's reset of someone's password.
        case reset
    }

    /// A link that can still be used.
    public struct Link: Sendable, Hashable {
        public let id: Int64
        public let user: UserStore.User
        public let purpose: Purpose
        public let expiresAt: Date
    }

    /// Stores a link for `login`, audited as `password.link` (with its purpose and expiry, never
    /// the secret); the older unused links of the account stop working.
    /// - Throws: ``AccountError/unknownUser(_:)``.
    public func create(login: String, tokenHash: String, purpose: Purpose, expiresAt: Date, by actor: AuditLog.Actor,
                       logger: Logger) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let userID = try await UserStore.userID(login: login, on: connection, logger: logger)
            try await Self.create(userID: userID, login: login, tokenHash: tokenHash, purpose: purpose, expiresAt: expiresAt,
                                  by: actor, on: connection, logger: logger)
        }
    }

    static func create(userID: Int64, login: String, tokenHash: String, purpose: Purpose, expiresAt: Date,
                       by actor: AuditLog.Actor, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            UPDATE password_links
            SET used_at = now()
            WHERE user_id = \(userID) AND used_at IS NULL
            """, logger: logger)
        try await connection.query("""
            INSERT INTO password_links (user_id, token_hash, purpose, expires_at, created_by)
            VALUES (\(userID), \(tokenHash), \(purpose.rawValue), \(expiresAt), \(actor.login))
            """, logger: logger)
        try await AuditLog.append("password.link", objectType: "user", objectID: login,
                                  details: ["purpose": .string(purpose.rawValue),
                                            "expires_at": .string(ISO8601DateFormatter().string(from: expiresAt))],
                                  by: actor, on: connection, logger: logger)
    }

    /// The unused, unexpired link with this hash whose account is enabled; nil otherwise.
    public func link(tokenHash: String, now: Date, logger: Logger) async throws -> Link? {
        try await database.query("""
            SELECT l.id, l.purpose, l.expires_at,
                   u.id, u.login, u.display_name, u.session_epoch, u.disabled_at, u.created_at, u.password_must_change
            FROM password_links l
            JOIN users u ON u.id = l.user_id
            WHERE l.token_hash = \(tokenHash)
              AND l.used_at IS NULL
              AND l.expires_at > \(now)
              AND u.disabled_at IS NULL
            """, logger: logger) { row in
            let (id, purpose, expiresAt, userID, login, name, epoch, disabledAt, createdAt, mustChange) =
                try row.decode((Int64, String, Date, Int64, String, String, Int, Date?, Date, Bool).self)
            return Link(id: id,
                        user: UserStore.User(id: userID, login: login, displayName: name, sessionEpoch: epoch,
                                             disabledAt: disabledAt, createdAt: createdAt, passwordMustChange: mustChange),
                        purpose: Purpose(rawValue: purpose) ?? .reset, expiresAt: expiresAt)
        }.first
    }

    /// Uses the link: sets the password, marks the link used and ends the account's sessions, in
    /// one transaction, audited as `password.set` by the account itself. Two uses at once cannot
    /// both succeed (the row is claimed by its update).
    /// - Returns: the account, or nil when the link is used, expired or unknown.
    public func use(tokenHash: String, passwordHash: String, now: Date, logger: Logger) async throws -> UserStore.User? {
        try await database.withTransaction(logger: logger) { connection in
            let claimed = try await connection.query("""
                UPDATE password_links l
                SET used_at = now()
                FROM users u
                WHERE l.token_hash = \(tokenHash)
                  AND l.used_at IS NULL
                  AND l.expires_at > \(now)
                  AND u.id = l.user_id
                  AND u.disabled_at IS NULL
                RETURNING u.id, u.login
                """, logger: logger)
            var holder: (Int64, String)?
            for try await row in claimed.decode((Int64, String).self) { holder = row }
            guard let (userID, login) = holder else { return nil }
            return try await UserStore.setPassword(userID: userID, passwordHash: passwordHash, action: "password.set",
                                                   by: .user(id: userID, login: login), on: connection, logger: logger)
        }
    }
}
