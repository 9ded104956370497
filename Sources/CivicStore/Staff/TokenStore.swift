import CivicCore
import Foundation
import Logging
import PostgresNIO

/// API tokens, stored as their SHA-256 only: the database never holds a usable token.
public struct TokenStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// What a token may do.
    public enum Scope: String, Sendable, Hashable, CaseIterable, Codable {
        /// Everything its user's grants allow.
        case full
        /// Reading metrics, reports and exports only (and `GET /api/v1/me`).
        case readMetrics = "read_metrics"
    }

    public struct Token: Sendable, Hashable {
        public let id: Int64
        public let login: String
        public let label: String
        public let scope: Scope
        public let expiresAt: Date
        public let revokedAt: Date?
        public let createdAt: Date
        public let lastUsedAt: Date?
    }

    /// A token that authenticated a request.
    public struct Holder: Sendable, Hashable {
        public let tokenID: Int64
        public let userID: Int64
        public let scope: Scope
    }

    /// Stores a new token for `login`.
    /// - Throws: ``AccountError/unknownUser(_:)``.
    public func create(login: String, tokenHash: String, label: String, scope: Scope = .full, expiresAt: Date,
                       by actor: AuditLog.Actor, logger: Logger) async throws -> Token {
        try await database.withTransaction(logger: logger) { connection in
            let userID = try await UserStore.userID(login: login, on: connection, logger: logger)
            let rows = try await connection.query("""
                INSERT INTO api_tokens (user_id, token_hash, label, scope, expires_at)
                VALUES (\(userID), \(tokenHash), \(label), \(scope.rawValue), \(expiresAt))
                RETURNING id, created_at
                """, logger: logger)
            var token: Token?
            for try await (id, createdAt) in rows.decode((Int64, Date).self) {
                token = Token(id: id, login: login, label: label, scope: scope, expiresAt: expiresAt, revokedAt: nil,
                              createdAt: createdAt, lastUsedAt: nil)
            }
            guard let token else { throw AccountError.unknownToken }
            try await AuditLog.append("token.create", objectType: "api_token", objectID: "\(token.id)",
                                      details: ["user": .string(login), "label": .string(label), "scope": .string(scope.rawValue),
                                                "expires_at": .string(ISO8601DateFormatter().string(from: expiresAt))],
                                      by: actor, on: connection, logger: logger)
            return token
        }
    }

    /// Revokes the token with this id or hash.
    /// - Returns: the token, or nil when it was already revoked.
    /// - Throws: ``AccountError/unknownToken`` when there is no such token.
    /// - Parameter ownerID: when given, only a token of this account is found (a user revoking
    ///   their own token from the browser); another's is as unknown as a missing one.
    public func revoke(id: Int64?, tokenHash: String?, ownerID: Int64? = nil, by actor: AuditLog.Actor,
                       logger: Logger) async throws -> Token? {
        try await database.withTransaction(logger: logger) { connection in
            let found = try await connection.query("""
                SELECT t.id
                FROM api_tokens t
                WHERE (t.id = \(id) OR t.token_hash = \(tokenHash))
                  AND (\(ownerID)::bigint IS NULL OR t.user_id = \(ownerID))
                """, logger: logger)
            var tokenID: Int64?
            for try await value in found.decode(Int64.self) { tokenID = value }
            guard let tokenID else { throw AccountError.unknownToken }
            let rows = try await connection.query("""
                UPDATE api_tokens t
                SET revoked_at = now()
                FROM users u
                WHERE t.id = \(tokenID) AND t.revoked_at IS NULL AND u.id = t.user_id
                RETURNING t.id, u.login, t.label, t.scope, t.expires_at, t.revoked_at, t.created_at, t.last_used_at
                """, logger: logger)
            var revoked: Token?
            for try await row in rows { revoked = try Self.decodeToken(row) }
            if let revoked {
                try await AuditLog.append("token.revoke", objectType: "api_token", objectID: "\(revoked.id)",
                                          details: ["user": .string(revoked.login)], by: actor, on: connection, logger: logger)
            }
            return revoked
        }
    }

    /// The user's tokens, newest first (revoked and expired ones included, to be seen as such).
    public func list(login: String, logger: Logger) async throws -> [Token] {
        try await database.query("""
            SELECT t.id, u.login, t.label, t.scope, t.expires_at, t.revoked_at, t.created_at, t.last_used_at
            FROM api_tokens t
            JOIN users u ON u.id = t.user_id
            WHERE u.login = \(login)
            ORDER BY t.id DESC
            """, logger: logger, decode: Self.decodeToken)
    }

    /// The holder of a token that is neither revoked nor expired at `now` and whose account is
    /// enabled; nil otherwise. Records the use (at most once a minute per token, to spare writes).
    public func authenticate(tokenHash: String, now: Date, logger: Logger) async throws -> Holder? {
        let holders = try await database.query("""
            SELECT t.id, t.user_id, t.scope, t.last_used_at IS NULL OR t.last_used_at < \(now) - interval '1 minute'
            FROM api_tokens t
            JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = \(tokenHash)
              AND t.revoked_at IS NULL
              AND t.expires_at > \(now)
              AND u.disabled_at IS NULL
            """, logger: logger) { try $0.decode((Int64, Int64, String, Bool).self) }
        guard let (tokenID, userID, scope, stale) = holders.first else { return nil }
        if stale {
            try await database.execute("""
                UPDATE api_tokens
                SET last_used_at = \(now)
                WHERE id = \(tokenID)
                """, logger: logger)
        }
        // An unknown scope (a newer server's) grants the least.
        return Holder(tokenID: tokenID, userID: userID, scope: Scope(rawValue: scope) ?? .readMetrics)
    }

    static func decodeToken(_ row: PostgresRow) throws -> Token {
        let (id, login, label, scope, expiresAt, revokedAt, createdAt, lastUsedAt) =
            try row.decode((Int64, String, String, String, Date, Date?, Date, Date?).self)
        return Token(id: id, login: login, label: label, scope: Scope(rawValue: scope) ?? .readMetrics,
                     expiresAt: expiresAt, revokedAt: revokedAt,
                     createdAt: createdAt, lastUsedAt: lastUsedAt)
    }
}
