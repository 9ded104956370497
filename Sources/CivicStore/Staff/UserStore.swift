import CivicCore
import Foundation
import Logging
import PostgresNIO

/// Staff accounts and their grants. Every change is audited in its own transaction.
public struct UserStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public struct User: Sendable, Hashable {
        public let id: Int64
        public let login: String
        public let displayName: String
        /// Part of every session cookie; bumped by logout and disable, which ends every session.
        public let sessionEpoch: Int
        public let disabledAt: Date?
        public let createdAt: Date
        /// Set for an account given a one-time password: it must choose its own before anything else.
        public let passwordMustChange: Bool

        public var isDisabled: Bool { disabledAt != nil }
    }

    public struct Grant: Sendable, Hashable {
        public let role: StaffRole
        public let unitID: Int64?
        public let unitCode: String?
    }

    /// What signing in needs: the hash to verify, and whether the account may sign in at all.
    public struct Credentials: Sendable {
        public let user: User
        public let passwordHash: String
    }

    // MARK: - Reading

    public func user(login: String, logger: Logger) async throws -> User? {
        try await credentials(login: login, logger: logger)?.user
    }

    public func user(id: Int64, logger: Logger) async throws -> User? {
        try await database.query("""
            SELECT id, login, display_name, session_epoch, disabled_at, created_at, password_must_change
            FROM users
            WHERE id = \(id)
            """, logger: logger, decode: Self.decodeUser).first
    }

    public func credentials(login: String, logger: Logger) async throws -> Credentials? {
        try await database.query("""
            SELECT id, login, display_name, session_epoch, disabled_at, created_at, password_must_change, password_hash
            FROM users
            WHERE login = \(login)
            """, logger: logger) { row in
            let (id, login, name, epoch, disabledAt, createdAt, mustChange, hash) =
                try row.decode((Int64, String, String, Int, Date?, Date, Bool, String).self)
            return Credentials(user: User(id: id, login: login, displayName: name, sessionEpoch: epoch,
                                          disabledAt: disabledAt, createdAt: createdAt, passwordMustChange: mustChange),
                               passwordHash: hash)
        }.first
    }

    /// The user's grants, admin first, then by unit code.
    public func grants(userID: Int64, logger: Logger) async throws -> [Grant] {
        try await database.query("""
            SELECT g.role, g.unit_id, u.code
            FROM grants g
            LEFT JOIN units u ON u.id = g.unit_id
            WHERE g.user_id = \(userID)
            ORDER BY g.role, u.code
            """, logger: logger) { row in
            let (role, unitID, code) = try row.decode((String, Int64?, String?).self)
            return Grant(role: StaffRole(rawValue: role) ?? .handler, unitID: unitID, unitCode: code)
        }
    }

    /// Every account with its grants, by login.
    public func list(logger: Logger) async throws -> [(User, [Grant])] {
        let users = try await database.query("""
            SELECT id, login, display_name, session_epoch, disabled_at, created_at, password_must_change
            FROM users
            ORDER BY login
            """, logger: logger, decode: Self.decodeUser)
        let grants = try await database.query("""
            SELECT g.user_id, g.role, g.unit_id, u.code
            FROM grants g
            LEFT JOIN units u ON u.id = g.unit_id
            ORDER BY g.role, u.code
            """, logger: logger) { row in
            let (userID, role, unitID, code) = try row.decode((Int64, String, Int64?, String?).self)
            return (userID, Grant(role: StaffRole(rawValue: role) ?? .handler, unitID: unitID, unitCode: code))
        }
        let byUser = Dictionary(grouping: grants, by: \.0)
        return users.map { user in (user, byUser[user.id]?.map(\.1) ?? []) }
    }

    /// An account that can be given a unit's feedback items.
    public struct Handler: Sendable, Hashable {
        public let login: String
        public let displayName: String
        /// The unit of the grant that reaches the unit asked about.
        public let grantUnitCode: String
    }

    /// The enabled accounts with a handler grant whose reach includes unit `unitID` on `today`:
    /// a grant on the unit, on an ancestor, or on a successor whose succession took effect (the
    /// reverse of ``UnitStore/reach(userID:roles:today:logger:)``'s walk). By login.
    public func handlers(coveringUnitID unitID: Int64, today: CalendarDate, logger: Logger) async throws -> [Handler] {
        try await database.query("""
            WITH RECURSIVE edges (from_id, to_id) AS (
                SELECT id, parent_id
                FROM units
                WHERE parent_id IS NOT NULL
                UNION ALL
                SELECT predecessor_id, successor_id
                FROM unit_successions
                WHERE effective_on <= \(today.description)::date
            ), covering (id) AS (
                SELECT \(unitID)::bigint
                UNION
                SELECT e.to_id
                FROM covering c
                JOIN edges e ON e.from_id = c.id
            )
            SELECT DISTINCT ON (u.login)
                   u.login,
                   u.display_name,
                   gu.code
            FROM grants g
            JOIN users u ON u.id = g.user_id
            JOIN units gu ON gu.id = g.unit_id
            WHERE g.role = 'handler'
              AND g.unit_id IN (SELECT id FROM covering)
              AND u.disabled_at IS NULL
            ORDER BY u.login, gu.code
            """, logger: logger) { row in
            let (login, name, code) = try row.decode((String, String, String).self)
            return Handler(login: login, displayName: name, grantUnitCode: code)
        }
    }

    // MARK: - Changing

    /// Creates an account with its first grant.
    /// - Throws: ``AccountError/loginTaken(_:)``, ``AccountError/unknownUnit(_:)``,
    ///   ``AccountError/unitRequired(_:)``.
    /// - Parameter mustChange: a one-time password: the account must choose its own at its first sign-in.
    public func create(login: String, displayName: String, passwordHash: String, role: StaffRole, unitCode: String?,
                       mustChange: Bool = false, by actor: AuditLog.Actor, logger: Logger) async throws -> User {
        if role.isScoped, unitCode == nil { throw AccountError.unitRequired(role) }
        do {
            return try await database.withTransaction(logger: logger) { connection in
                let rows = try await connection.query("""
                    INSERT INTO users (login, display_name, password_hash, password_must_change)
                    VALUES (\(login), \(displayName), \(passwordHash), \(mustChange))
                    RETURNING id, login, display_name, session_epoch, disabled_at, created_at, password_must_change
                    """, logger: logger)
                var created: User?
                for try await row in rows { created = try Self.decodeUser(row) }
                guard let user = created else { throw AccountError.unknownUser(login) }
                let unitID = try await Self.unitID(code: unitCode, on: connection, logger: logger)
                try await connection.query("""
                    INSERT INTO grants (user_id, role, unit_id)
                    VALUES (\(user.id), \(role.rawValue), \(unitID))
                    """, logger: logger)
                try await AuditLog.append("user.create", objectType: "user", objectID: login,
                                          details: ["role": .string(role.rawValue), "unit": .string(unitCode ?? "")],
                                          by: actor, on: connection, logger: logger)
                return user
            }
        } catch StoreError.uniqueViolation {
            throw AccountError.loginTaken(login)
        }
    }

    /// Adds a grant. - Returns: false when the user already had it (nothing changes then).
    public func addGrant(login: String, role: StaffRole, unitCode: String?, by actor: AuditLog.Actor,
                         logger: Logger) async throws -> Bool {
        if role.isScoped, unitCode == nil { throw AccountError.unitRequired(role) }
        return try await change(login: login, audited: "grant.add", details: Self.grantDetails(role, unitCode), by: actor,
                                logger: logger) { connection, userID in
            let unitID = try await Self.unitID(code: unitCode, on: connection, logger: logger)
            return """
                INSERT INTO grants (user_id, role, unit_id)
                VALUES (\(userID), \(role.rawValue), \(unitID))
                ON CONFLICT DO NOTHING
                RETURNING user_id
                """
        }
    }

    /// Removes a grant. - Returns: false when the user did not have it (nothing changes then).
    public func revokeGrant(login: String, role: StaffRole, unitCode: String?, by actor: AuditLog.Actor,
                            logger: Logger) async throws -> Bool {
        try await change(login: login, audited: "grant.revoke", details: Self.grantDetails(role, unitCode), by: actor,
                         logger: logger) { connection, userID in
            let unitID = try await Self.unitID(code: unitCode, on: connection, logger: logger)
            return """
                DELETE FROM grants
                WHERE user_id = \(userID)
                  AND role = \(role.rawValue)
                  AND unit_id IS NOT DISTINCT FROM \(unitID)::bigint
                RETURNING user_id
                """
        }
    }

    /// Disables an account and ends its sessions; its tokens stop working with it.
    /// - Returns: false when it was already disabled.
    public func disable(login: String, by actor: AuditLog.Actor, logger: Logger) async throws -> Bool {
        try await change(login: login, audited: "user.disable", by: actor, logger: logger) { _, userID in
            """
            UPDATE users
            SET disabled_at = now(), session_epoch = session_epoch + 1
            WHERE id = \(userID) AND disabled_at IS NULL
            RETURNING id
            """
        }
    }

    /// Enables a disabled account again (its old sessions stay ended).
    /// - Returns: false when it was not disabled.
    public func enable(login: String, by actor: AuditLog.Actor, logger: Logger) async throws -> Bool {
        try await change(login: login, audited: "user.enable", by: actor, logger: logger) { _, userID in
            """
            UPDATE users
            SET disabled_at = NULL
            WHERE id = \(userID) AND disabled_at IS NOT NULL
            RETURNING id
            """
        }
    }

    /// An account change that may find nothing to do (a grant already there, an account already
    /// disabled): in one transaction, finds the account (``AccountError/unknownUser``), runs the
    /// statement `make` returns for its id (one that returns a row for each row it changed), and
    /// audits `action` only when a row changed.
    /// - Returns: whether anything changed.
    private func change(login: String, audited action: String, details: [String: AuditLog.Value] = [:],
                        by actor: AuditLog.Actor, logger: Logger,
                        _ make: @escaping @Sendable (PostgresConnection, Int64) async throws -> PostgresQuery) async throws -> Bool {
        try await database.withTransaction(logger: logger) { connection in
            let userID = try await Self.userID(login: login, on: connection, logger: logger)
            let rows = try await connection.query(try await make(connection, userID), logger: logger)
            var changed = false
            for try await _ in rows { changed = true }
            if changed {
                try await AuditLog.append(action, objectType: "user", objectID: login, details: details,
                                          by: actor, on: connection, logger: logger)
            }
            return changed
        }
    }

    private static func grantDetails(_ role: StaffRole, _ unitCode: String?) -> [String: AuditLog.Value] {
        ["role": .string(role.rawValue), "unit": .string(unitCode ?? "")]
    }

    /// Ends every session of another account (an admin's forced sign-out), audited as `session.revoke`.
    public func endSessions(login: String, by actor: AuditLog.Actor, logger: Logger) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let userID = try await Self.userID(login: login, on: connection, logger: logger)
            try await connection.query("""
                UPDATE users
                SET session_epoch = session_epoch + 1
                WHERE id = \(userID)
                """, logger: logger)
            try await AuditLog.append("session.revoke", objectType: "user", objectID: login,
                                      by: actor, on: connection, logger: logger)
        }
    }

    /// Replaces the account's password (a bcrypt hash), clears the one-time flag and ends every
    /// session, audited as `password.change` by `actor`.
    /// - Returns: the account as it is now (its new session epoch, for the caller's new cookie).
    public func setPassword(userID: Int64, passwordHash: String, by actor: AuditLog.Actor,
                            logger: Logger) async throws -> User? {
        try await database.withTransaction(logger: logger) { connection in
            try await Self.setPassword(userID: userID, passwordHash: passwordHash, action: "password.change", by: actor,
                                       on: connection, logger: logger)
        }
    }

    static func setPassword(userID: Int64, passwordHash: String, action: String, by actor: AuditLog.Actor,
                            on connection: PostgresConnection, logger: Logger) async throws -> User? {
        let rows = try await connection.query("""
            UPDATE users
            SET password_hash = \(passwordHash),
                password_must_change = false,
                session_epoch = session_epoch + 1
            WHERE id = \(userID)
            RETURNING id, login, display_name, session_epoch, disabled_at, created_at, password_must_change
            """, logger: logger)
        var user: User?
        for try await row in rows { user = try decodeUser(row) }
        if let user {
            try await AuditLog.append(action, objectType: "user", objectID: user.login, by: actor, on: connection,
                                      logger: logger)
        }
        return user
    }

    /// Ends every session of the user (signing out ends them on every device: cookies are stateless).
    public func endSessions(userID: Int64, by actor: AuditLog.Actor, logger: Logger) async throws {
        try await database.withTransaction(logger: logger) { connection in
            try await connection.query("""
                UPDATE users
                SET session_epoch = session_epoch + 1
                WHERE id = \(userID)
                """, logger: logger)
            try await AuditLog.append("session.logout", objectType: "user", objectID: actor.login,
                                      by: actor, on: connection, logger: logger)
        }
    }

    // MARK: - Helpers

    static func decodeUser(_ row: PostgresRow) throws -> User {
        let (id, login, name, epoch, disabledAt, createdAt, mustChange) =
            try row.decode((Int64, String, String, Int, Date?, Date, Bool).self)
        return User(id: id, login: login, displayName: name, sessionEpoch: epoch, disabledAt: disabledAt, createdAt: createdAt,
                    passwordMustChange: mustChange)
    }

    static func userID(login: String, on connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        let rows = try await connection.query("""
            SELECT id
            FROM users
            WHERE login = \(login)
            """, logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw AccountError.unknownUser(login)
    }

    static func unitID(code: String?, on connection: PostgresConnection, logger: Logger) async throws -> Int64? {
        guard let code else { return nil }
        let rows = try await connection.query("""
            SELECT id
            FROM units
            WHERE code = \(code)
            """, logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw AccountError.unknownUnit(code)
    }
}
