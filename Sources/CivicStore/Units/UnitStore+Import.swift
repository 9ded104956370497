import CivicCore
import Foundation
import Logging
import PostgresNIO

extension UnitStore {
    /// What an import changed.
    public struct ImportSummary: Sendable, Hashable, Codable {
        public let created: Int
        public let updated: Int
        public let unchanged: Int
        /// Succession links now stored for the imported units.
        public let successions: Int
        /// The codes created and changed, in the file's order.
        public let createdCodes: [String]
        public let updatedCodes: [String]
        /// Each succession stored, `YB → LC (merger)`.
        public let successionLinks: [String]
    }

    /// Ends a dry run's transaction with a rollback, carrying what the import would have done.
    private struct DryRun: Error {
        let summary: ImportSummary
    }

    /// Creates or updates every unit of `plan` by code, and replaces the successions of each
    /// imported unit with those listed, all in one transaction (with its audit entry): either the
    /// whole file is applied or nothing is. Imports are serialised by a table lock, so the checks
    /// against stored units see a settled register.
    /// - Throws: ``FormValidationErrors`` when the file refers to units that do not exist, or
    ///   breaks the tree's rules together with the stored units (nothing is changed then).
    /// - Parameter dryRun: make every change and check, then roll back: what the import would do
    ///   (the console's preview before an admin confirms), with the same errors.
    public func importUnits(_ plan: UnitImport, dryRun: Bool = false, by actor: AuditLog.Actor,
                            logger: Logger) async throws -> ImportSummary {
        do {
            return try await apply(plan, dryRun: dryRun, by: actor, logger: logger)
        } catch let run as DryRun {
            return run.summary
        }
    }

    private func apply(_ plan: UnitImport, dryRun: Bool, by actor: AuditLog.Actor, logger: Logger) async throws -> ImportSummary {
        try await database.withTransaction(logger: logger) { connection in
            try await connection.query("LOCK TABLE units IN SHARE ROW EXCLUSIVE MODE", logger: logger)
            let rows = try await connection.query("""
                SELECT u.code, p.code, to_char(u.effective_from, 'YYYY-MM-DD'), to_char(u.effective_to, 'YYYY-MM-DD')
                FROM units u
                LEFT JOIN units p ON p.id = u.parent_id
                """, logger: logger)
            var existing: [UnitImport.ExistingUnit] = []
            for try await (code, parent, from, to) in rows.decode((String, String?, String, String?).self) {
                guard let effectiveFrom = CalendarDate(from) else { throw UnexpectedDate(text: from) }
                existing.append(.init(code: code, parent: parent, effectiveFrom: effectiveFrom,
                                      effectiveTo: to.flatMap(CalendarDate.init)))
            }
            let problems = plan.problems(against: existing)
            guard problems.isEmpty else { throw FormValidationErrors(problems) }

            var created = 0, updated = 0, unchanged = 0
            var createdCodes: [String] = [], updatedCodes: [String] = [], links: [String] = []
            for unit in plan.units {
                let names = String(decoding: try JSONEncoder.sorted.encode(unit.names), as: UTF8.self)
                // RETURNING gives no row when nothing changed (the WHERE of DO UPDATE), and
                // xmax = 0 tells a fresh insert from an update.
                let result = try await connection.query("""
                    INSERT INTO units (code, parent_id, kind, names, effective_from, effective_to)
                    VALUES (\(unit.code), (SELECT id FROM units WHERE code = \(unit.parent)), \(unit.kind.rawValue),
                            \(names)::jsonb, \(unit.effectiveFrom.description)::date, \(unit.effectiveTo?.description)::date)
                    ON CONFLICT (code) DO UPDATE
                    SET parent_id = EXCLUDED.parent_id,
                        kind = EXCLUDED.kind,
                        names = EXCLUDED.names,
                        effective_from = EXCLUDED.effective_from,
                        effective_to = EXCLUDED.effective_to
                    WHERE (units.parent_id, units.kind, units.names, units.effective_from, units.effective_to)
                          IS DISTINCT FROM
                          (EXCLUDED.parent_id, EXCLUDED.kind, EXCLUDED.names, EXCLUDED.effective_from, EXCLUDED.effective_to)
                    RETURNING xmax = 0
                    """, logger: logger)
                var outcome: Bool?
                for try await inserted in result.decode(Bool.self) { outcome = inserted }
                switch outcome {
                case true?:
                    created += 1
                    createdCodes.append(unit.code)
                case false?:
                    updated += 1
                    updatedCodes.append(unit.code)
                case nil: unchanged += 1
                }
            }
            // Successors may come later in the file than their predecessors, so links go in last.
            var successions = 0
            for unit in plan.units {
                try await connection.query("""
                    DELETE FROM unit_successions
                    WHERE predecessor_id = (SELECT id FROM units WHERE code = \(unit.code))
                      AND successor_id NOT IN (SELECT id FROM units WHERE code = ANY(\(unit.successors)))
                    """, logger: logger)
                for successor in unit.successors {
                    try await connection.query("""
                        INSERT INTO unit_successions (predecessor_id, successor_id, kind, effective_on)
                        SELECT p.id, s.id, \(unit.succession.rawValue), \(unit.effectiveTo?.description)::date
                        FROM units p, units s
                        WHERE p.code = \(unit.code) AND s.code = \(successor)
                        ON CONFLICT (predecessor_id, successor_id) DO UPDATE
                        SET kind = EXCLUDED.kind, effective_on = EXCLUDED.effective_on
                        """, logger: logger)
                    successions += 1
                    links.append("\(unit.code) → \(successor) (\(unit.succession.rawValue))")
                }
            }
            let summary = ImportSummary(created: created, updated: updated, unchanged: unchanged, successions: successions,
                                        createdCodes: createdCodes, updatedCodes: updatedCodes, successionLinks: links)
            if dryRun { throw DryRun(summary: summary) }
            try await AuditLog.append("units.import", objectType: "units", objectID: nil,
                                      details: ["source": .string(plan.file), "created": .int(created),
                                                "updated": .int(updated), "unchanged": .int(unchanged),
                                                "successions": .int(successions)],
                                      by: actor, on: connection, logger: logger)
            return summary
        }
    }
}

extension JSONEncoder {
    /// Sorted keys, so equal content gives equal text (and an unchanged unit stays unchanged).
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
