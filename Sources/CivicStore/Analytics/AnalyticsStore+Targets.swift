import CivicCore
import Foundation
import Logging
import PostgresNIO

extension AnalyticsStore {
    /// One row of `metric_targets`: the rate a unit (nil: every unit) is held to for a form (nil:
    /// every form).
    public struct TargetSetting: Sendable, Hashable, Codable {
        public let unitCode: String?
        public let formID: String?
        public let target: Double
    }

    /// The satisfaction target for `unitCode` and `formID`: the nearest setting, looking first at the
    /// unit, then at its parent and so on up to the root, then at the default (no unit); at each
    /// level a setting for the form beats one for every form. 90% (``RateReport/satisfactionTarget``)
    /// when nothing applies. A unit that does not exist gets the default.
    public func target(unitCode: String?, formID: String?, logger: Logger) async throws -> Double {
        let all = try await targetsByCode(unitCodes: unitCode.map { [$0] } ?? [], formID: formID, logger: logger)
        return (unitCode.flatMap { all.units[$0] }) ?? all.fallback
    }

    /// ``target(unitCode:formID:logger:)`` for several units in one query (the rows of a breakdown by
    /// unit); every code asked for has an entry.
    public func targets(unitCodes: [String], formID: String?, logger: Logger) async throws -> [String: Double] {
        let all = try await targetsByCode(unitCodes: unitCodes, formID: formID, logger: logger)
        return Dictionary(unitCodes.map { ($0, all.units[$0] ?? all.fallback) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every setting, the defaults (no unit) first, then by unit code and form.
    public func targetSettings(logger: Logger) async throws -> [TargetSetting] {
        try await database.query("""
            SELECT u.code,
                   t.form_id,
                   t.target::float8
            FROM metric_targets t
            LEFT JOIN units u ON u.id = t.unit_id
            ORDER BY u.code NULLS FIRST, t.form_id NULLS FIRST
            """, logger: logger) { row in
            let (code, form, target) = try row.decode((String?, String?, Double).self)
            return TargetSetting(unitCode: code, formID: form, target: target)
        }
    }

    /// Sets (or with nil, removes) the target of `unitCode` (nil: the default) for `formID` (nil:
    /// every form), recorded in the audit log as `targets.set` in the same transaction.
    /// - Throws: ``AnalyticsQueryError`` for a target outside 0…1, an unknown unit or form.
    public func setTarget(_ target: Double?, unitCode: String?, formID: String?, by actor: AuditLog.Actor,
                          logger: Logger) async throws {
        if let target, !(target.isFinite && (0...1).contains(target)) {
            throw AnalyticsQueryError.targetOutOfRange(target)
        }
        // numeric(5,4): the stored value is the text of the rounded number, not a binary double.
        let text = target.map { String(format: "%.4f", $0) }
        try await database.withTransaction(logger: logger) { connection in
            var unitID: Int64?
            if let unitCode {
                for try await id in try await connection.query("""
                    SELECT id
                    FROM units
                    WHERE code = \(unitCode)
                    """, logger: logger).decode(Int64.self) {
                    unitID = id
                }
                guard unitID != nil else { throw AnalyticsQueryError.unknownUnit(unitCode) }
            }
            if let formID {
                var found = false
                for try await _ in try await connection.query("""
                    SELECT id
                    FROM forms
                    WHERE id = \(formID)
                    """, logger: logger) {
                    found = true
                }
                guard found else { throw AnalyticsQueryError.unknownForm(formID) }
            }
            if let text {
                try await connection.query("""
                    INSERT INTO metric_targets (unit_id, form_id, target)
                    VALUES (\(unitID), \(formID), \(text)::numeric)
                    ON CONFLICT ON CONSTRAINT metric_targets_key DO UPDATE
                    SET target = excluded.target,
                        updated_at = now()
                    """, logger: logger)
            } else {
                try await connection.query("""
                    DELETE FROM metric_targets
                    WHERE unit_id IS NOT DISTINCT FROM \(unitID)::bigint
                      AND form_id IS NOT DISTINCT FROM \(formID)::text
                    """, logger: logger)
            }
            try await AuditLog.append("targets.set", objectType: "metric_target",
                                      objectID: "\(unitCode ?? "*")/\(formID ?? "*")",
                                      details: ["target": .string(text ?? "removed")],
                                      by: actor, on: connection, logger: logger)
        }
    }

    /// The nearest setting for each code, and the default's (for no unit, or a code not found).
    /// One recursive query up the parent chain.
    private func targetsByCode(unitCodes: [String], formID: String?,
                               logger: Logger) async throws -> (units: [String: Double], fallback: Double) {
        let rows = try await database.query("""
            WITH RECURSIVE wanted (code) AS (
                SELECT unnest(\(unitCodes)::text[])
                UNION ALL
                SELECT NULL::text
            ), levels (code, unit_id, depth) AS (
                SELECT w.code, u.id, 0
                FROM wanted w
                JOIN units u ON u.code = w.code
                UNION ALL
                SELECT l.code, u.parent_id, l.depth + 1
                FROM levels l
                JOIN units u ON u.id = l.unit_id
                WHERE u.parent_id IS NOT NULL
                  AND l.depth < 64
            ), candidates (code, unit_id, depth) AS (
                SELECT code, unit_id, depth
                FROM levels
                UNION ALL
                SELECT code, NULL::bigint, 2147483647
                FROM wanted
            )
            SELECT DISTINCT ON (c.code)
                   c.code,
                   t.target::float8
            FROM candidates c
            JOIN metric_targets t
              ON t.unit_id IS NOT DISTINCT FROM c.unit_id
             AND (t.form_id IS NULL OR t.form_id = \(formID)::text)
            ORDER BY c.code, c.depth, t.form_id IS NULL
            """, logger: logger) { try $0.decode((String?, Double).self) }
        var units: [String: Double] = [:]
        var fallback = RateReport.satisfactionTarget
        for (code, target) in rows {
            if let code { units[code] = target } else { fallback = target }
        }
        return (units, fallback)
    }
}
