import CivicCore
import Foundation
import Logging
import PostgresNIO

/// The values of PAR plan targets that the unit responsible enters (`plan_values`): append-only,
/// the latest entry of a target and period counts, every entry audited (`plan.value_enter`).
public struct PlanValueStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// One entered value.
    public struct Entry: Sendable, Hashable, Codable {
        public let id: Int64
        public let targetID: String
        public let value: Double
        public let note: String
        public let evidenceURL: String?
        public let enteredBy: String
        public let enteredAt: Date
    }

    /// Stores a value with its audit entry, in one transaction.
    /// - Parameters:
    ///   - planID: a plan of the catalog; `targetID` one of its entered targets; `period` its
    ///     canonical spelling (`2022-Q3`), one of the plan's reporting periods. The caller checks
    ///     these against the plan, and `value` against the target's measure.
    ///   - note: NFC text, 1…4000 characters; `evidenceURL`: http(s), at most 2000 characters.
    public func enter(planID: String, targetID: String, period: String, value: Double, note: String, evidenceURL: String?,
                      by actor: AuditLog.Actor, logger: Logger) async throws -> Entry {
        try await database.withTransaction(logger: logger) { connection in
            var stored: Entry?
            let rows = try await connection.query("""
                INSERT INTO plan_values
                    (plan_id, target_id, period, value, note, evidence_url, actor_user_id, actor_login)
                VALUES (\(planID), \(targetID), \(period), \(value)::float8::numeric, \(note), \(evidenceURL),
                        \(actor.userID), \(actor.login))
                RETURNING id,
                          value::float8,
                          entered_at
                """, logger: logger)
            for try await (id, storedValue, at) in rows.decode((Int64, Double, Date).self) {
                stored = Entry(id: id, targetID: targetID, value: storedValue, note: note, evidenceURL: evidenceURL,
                               enteredBy: actor.login, enteredAt: at)
            }
            guard let stored else { throw StoreError.unavailable("no id from an insert") }
            try await AuditLog.append("plan.value_enter", objectType: "plan_value", objectID: "\(stored.id)",
                                      details: ["plan": .string(planID), "target": .string(targetID),
                                                "period": .string(period), "value": .string("\(value)"),
                                                "evidence": .int(evidenceURL == nil ? 0 : 1)],
                                      by: actor, on: connection, logger: logger)
            return stored
        }
    }

    /// The latest entry of each target of `planID` for `period`, by target id.
    public func latest(planID: String, period: String, logger: Logger) async throws -> [String: Entry] {
        let entries = try await database.query("""
            SELECT DISTINCT ON (target_id)
                   id,
                   target_id,
                   value::float8,
                   note,
                   evidence_url,
                   actor_login,
                   entered_at
            FROM plan_values
            WHERE plan_id = \(planID) AND period = \(period)
            ORDER BY target_id, id DESC
            """, logger: logger) { row in
            let (id, target, value, note, evidence, login, at) =
                try row.decode((Int64, String, Double, String, String?, String, Date).self)
            return Entry(id: id, targetID: target, value: value, note: note, evidenceURL: evidence, enteredBy: login,
                         enteredAt: at)
        }
        return Dictionary(entries.map { ($0.targetID, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
