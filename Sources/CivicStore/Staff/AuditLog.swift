import CivicCore
import Foundation
import Logging
import PostgresNIO

/// The append-only record of staff actions: who, what, when, on which object.
///
/// Rows are only ever inserted, in the same transaction as the change they record (so a change
/// without its row, or a row without its change, cannot be committed); the database refuses
/// UPDATE, DELETE and TRUNCATE on the table (0002_staff.sql). Details hold ids and counts only.
public struct AuditLog: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Who acted: a signed-in user, or an operator at the command line.
    public struct Actor: Sendable, Hashable {
        public let userID: Int64?
        public let login: String

        public static func user(id: Int64, login: String) -> Actor { Actor(userID: id, login: login) }

        /// `cli:<os user>`: a command run on the server.
        public static func commandLine(osUser: String) -> Actor { Actor(userID: nil, login: "cli:\(osUser)") }

        /// `client:<key>`: someone not signed in (a failed sign-in), named by the keyed hash of
        /// their address that the limits use, never by the address.
        public static func client(_ key: String) -> Actor { Actor(userID: nil, login: "client:\(key)") }

        /// `kiosk:<id>`: a registered kiosk device at a one-stop desk, resending what it took offline.
        public static func kiosk(id: Int64) -> Actor { Actor(userID: nil, login: "kiosk:\(id)") }
    }

    /// A value in an entry's details.
    public enum Value: Sendable, Hashable, Codable {
        case string(String)
        case int(Int)
        case strings([String])

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Int.self) {
                self = .int(value)
            } else if let value = try? container.decode([String].self) {
                self = .strings(value)
            } else {
                self = .string(try container.decode(String.self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let value): try container.encode(value)
            case .int(let value): try container.encode(value)
            case .strings(let value): try container.encode(value)
            }
        }
    }

    public struct Entry: Sendable, Hashable, Codable {
        public let id: Int64
        public let at: Date
        public let actorUserID: Int64?
        public let actorLogin: String
        /// `user.create`, `grant.add`, `token.revoke`, `units.import`, `privacy.erase`, …
        public let action: String
        public let objectType: String
        public let objectID: String?
        public let details: [String: Value]
    }

    /// Appends one entry inside the caller's transaction.
    public static func append(
        _ action: String, objectType: String, objectID: String?, details: [String: Value] = [:],
        by actor: Actor, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(details), as: UTF8.self)
        try await connection.query("""
            INSERT INTO audit_log (actor_user_id, actor_login, action, object_type, object_id, details)
            VALUES (\(actor.userID), \(actor.login), \(action), \(objectType), \(objectID), \(json)::jsonb)
            """, logger: logger)
    }

    /// Appends one entry on its own (for events that change nothing else, such as a sign-in).
    public func append(_ action: String, objectType: String, objectID: String?, details: [String: Value] = [:],
                       by actor: Actor, logger: Logger) async throws {
        try await database.withConnection { connection in
            try await Self.append(action, objectType: objectType, objectID: objectID, details: details,
                                  by: actor, on: connection, logger: logger)
        }
    }

    /// What the console's audit page filters by; every part is optional.
    public struct Filter: Sendable, Hashable {
        /// The actor's login (`cli:root` for a command), exactly.
        public var actor: String?
        /// An action (`user.create`), or its prefix up to a dot (`user.`).
        public var action: String?
        /// The object's id (a login, a unit code, a feedback item's id), or its type, exactly.
        public var object: String?
        /// Days in Vietnam, both included.
        public var from: CalendarDate?
        public var to: CalendarDate?
        /// Entries older than this id (the next page).
        public var before: Int64?
        public var limit = 50

        public init() {}
    }

    /// The entries matching `filter`, newest first, at most `filter.limit`.
    public func search(_ filter: Filter, logger: Logger) async throws -> [Entry] {
        let actionPrefix = filter.action.map { $0.hasSuffix(".") ? $0 : nil } ?? nil
        let actionExact = filter.action.flatMap { $0.hasSuffix(".") ? nil : $0 }
        return try await database.query("""
            SELECT id, at, actor_user_id, actor_login, action, object_type, object_id, details::text
            FROM audit_log
            WHERE (\(filter.before)::bigint IS NULL OR id < \(filter.before))
              AND (\(filter.actor)::text IS NULL OR actor_login = \(filter.actor))
              AND (\(actionExact)::text IS NULL OR action = \(actionExact))
              AND (\(actionPrefix)::text IS NULL OR starts_with(action, \(actionPrefix)))
              AND (\(filter.object)::text IS NULL OR object_id = \(filter.object) OR object_type = \(filter.object))
              AND (\(filter.from?.description)::date IS NULL
                   OR at >= (\(filter.from?.description)::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')
              AND (\(filter.to?.description)::date IS NULL
                   OR at < (\(filter.to?.description)::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')
            ORDER BY id DESC
            LIMIT \(filter.limit)
            """, logger: logger, decode: Self.decodeEntry)
    }

    /// The newest entries first, at most `limit`, older than entry `before` when given.
    public func recent(limit: Int, before: Int64? = nil, logger: Logger) async throws -> [Entry] {
        try await database.query("""
            SELECT id, at, actor_user_id, actor_login, action, object_type, object_id, details::text
            FROM audit_log
            WHERE \(before)::bigint IS NULL OR id < \(before)
            ORDER BY id DESC
            LIMIT \(limit)
            """, logger: logger, decode: Self.decodeEntry)
    }

    static func decodeEntry(_ row: PostgresRow) throws -> Entry {
        let (id, at, userID, login, action, objectType, objectID, details) =
            try row.decode((Int64, Date, Int64?, String, String, String, String?, String).self)
        let decoded = (try? JSONDecoder().decode([String: Value].self, from: Data(details.utf8))) ?? [:]
        return Entry(id: id, at: at, actorUserID: userID, actorLogin: login, action: action,
                     objectType: objectType, objectID: objectID, details: decoded)
    }
}
