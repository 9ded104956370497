import CivicCore
import Crypto
import Foundation
import Logging
import PostgresNIO

/// Dossier statistics imported from the one-stop system (Migrations/0007): imports all or nothing,
/// each replacing what it covers, audited; the list of imports for the admin page.
/// Reports read the statistics through ``AnalyticsStore/dossierTotals(period:convention:unitCode:logger:)``.
public struct DossierStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// What an import did.
    public struct ImportSummary: Sendable, Hashable, Codable {
        public let importID: Int64
        public let rows: Int
        /// Stored rows removed because the file covers their days again.
        public let replaced: Int
        public let units: Int
        public let firstDay: CalendarDate
        public let lastDay: CalendarDate
        /// The file's counts added up.
        public let total: DossierCounts
    }

    /// One import, as the admin page lists it.
    public struct ImportRecord: Sendable, Hashable, Codable {
        public let id: Int64
        public let importedAt: Date
        public let actorLogin: String
        public let fileName: String
        public let format: String
        public let rows: Int
        public let replaced: Int
        public let firstDay: CalendarDate
        public let lastDay: CalendarDate
    }

    /// Stores every row of `plan`, in one transaction with its audit entry (`dossiers.import`): for
    /// each unit of the file, the stored rows that share a day with the days the file covers for that
    /// unit (``DossierStatisticsImport/spans``) are deleted first, so importing a period again
    /// replaces it. Imports are serialised by a table lock, and the units are checked against the
    /// register (locked against imports of units) in the same transaction.
    /// - Parameters:
    ///   - fileName: the name the file came with, for the list of imports (not a path on the server).
    ///   - contents: the file's bytes: their SHA-256 is kept, so an import can be matched to its file.
    /// - Throws: ``FormValidationErrors`` when a row names a unit that does not exist, or did not
    ///   exist during the row's period (nothing is changed then).
    public func importStatistics(_ plan: DossierStatisticsImport, fileName: String, contents: Data,
                                 by actor: AuditLog.Actor, logger: Logger) async throws -> ImportSummary {
        let digest = SHA256.hash(data: contents).hexadecimal
        let name = String(fileName.suffix(255))
        let spans = plan.spans
        let first = spans.values.map(\.lowerBound).min()!, last = spans.values.map(\.upperBound).max()!
        return try await database.withTransaction(logger: logger) { connection in
            try await connection.query("LOCK TABLE dossier_statistics IN SHARE ROW EXCLUSIVE MODE", logger: logger)
            try await connection.query("LOCK TABLE units IN SHARE MODE", logger: logger)
            let unitRows = try await connection.query("""
                SELECT id, code, to_char(effective_from, 'YYYY-MM-DD'), to_char(effective_to, 'YYYY-MM-DD')
                FROM units
                WHERE code = ANY(\(Array(spans.keys)))
                """, logger: logger)
            var existing: [UnitImport.ExistingUnit] = []
            var ids: [String: Int64] = [:]
            for try await (id, code, from, to) in unitRows.decode((Int64, String, String, String?).self) {
                guard let effectiveFrom = CalendarDate(from) else { throw StoreError.unavailable("unreadable date \(from)") }
                existing.append(.init(code: code, parent: nil, effectiveFrom: effectiveFrom,
                                      effectiveTo: to.flatMap(CalendarDate.init)))
                ids[code] = id
            }
            let problems = plan.problems(against: existing)
            guard problems.isEmpty else { throw FormValidationErrors(problems) }

            var replaced = 0
            for (code, span) in spans.sorted(by: { $0.key < $1.key }) {
                let deleted = try await connection.query("""
                    DELETE FROM dossier_statistics
                    WHERE unit_id = \(ids[code]!)
                      AND first_day <= \(span.upperBound.description)::date
                      AND last_day >= \(span.lowerBound.description)::date
                    RETURNING id
                    """, logger: logger)
                for try await _ in deleted { replaced += 1 }
            }
            var importID: Int64?
            for try await id in try await connection.query("""
                INSERT INTO dossier_imports
                    (actor_user_id, actor_login, file_name, format, sha256, row_count, replaced, first_day, last_day)
                VALUES (\(actor.userID), \(actor.login), \(name), \(plan.format.rawValue), \(digest), \(plan.rows.count),
                        \(replaced), \(first.description)::date, \(last.description)::date)
                RETURNING id
                """, logger: logger).decode(Int64.self) {
                importID = id
            }
            guard let importID else { throw StoreError.unavailable("no id from an insert") }
            let rows = plan.rows
            func column(_ keyPath: KeyPath<DossierCounts, Int>) -> [Int] { rows.map { $0.counts[keyPath: keyPath] } }
            try await connection.query("""
                INSERT INTO dossier_statistics
                    (import_id, unit_id, granularity, first_day, last_day, procedure, received, resolved,
                     resolved_on_time, resolved_late, apologies_sent, online, received_by_post, returned_by_post)
                SELECT \(importID), x.unit_id, x.granularity, x.first_day::date, x.last_day::date, NULLIF(x.procedure, ''),
                       x.received, x.resolved, x.resolved_on_time, x.resolved_late, x.apologies_sent, x.online,
                       x.received_by_post, x.returned_by_post
                FROM unnest(\(rows.map { ids[$0.unitCode]! })::int8[], \(rows.map(\.period.granularity))::text[],
                            \(rows.map(\.period.firstDay.description))::text[],
                            \(rows.map(\.period.lastDay.description))::text[], \(rows.map { $0.procedure ?? "" })::text[],
                            \(column(\.received))::int4[], \(column(\.resolved))::int4[],
                            \(column(\.resolvedOnTime))::int4[], \(column(\.resolvedLate))::int4[],
                            \(column(\.apologiesSent))::int4[], \(column(\.online))::int4[],
                            \(column(\.receivedByPost))::int4[], \(column(\.returnedByPost))::int4[])
                     AS x (unit_id, granularity, first_day, last_day, procedure, received, resolved, resolved_on_time,
                           resolved_late, apologies_sent, online, received_by_post, returned_by_post)
                """, logger: logger)
            try await AuditLog.append("dossiers.import", objectType: "dossier_import", objectID: String(importID),
                                      details: ["file": .string(name), "format": .string(plan.format.rawValue),
                                                "rows": .int(rows.count), "replaced": .int(replaced),
                                                "units": .int(spans.count), "firstDay": .string(first.description),
                                                "lastDay": .string(last.description), "sha256": .string(digest)],
                                      by: actor, on: connection, logger: logger)
            return ImportSummary(importID: importID, rows: rows.count, replaced: replaced, units: spans.count,
                                 firstDay: first, lastDay: last, total: plan.total)
        }
    }

    /// The most recent imports, newest first.
    public func imports(limit: Int = 50, logger: Logger) async throws -> [ImportRecord] {
        try await database.query("""
            SELECT id,
                   imported_at,
                   actor_login,
                   file_name,
                   format,
                   row_count,
                   replaced,
                   to_char(first_day, 'YYYY-MM-DD'),
                   to_char(last_day, 'YYYY-MM-DD')
            FROM dossier_imports
            ORDER BY id DESC
            LIMIT \(limit)
            """, logger: logger) { row in
            let (id, at, actor, file, format, rows, replaced, first, last) =
                try row.decode((Int64, Date, String, String, String, Int, Int, String, String).self)
            guard let firstDay = CalendarDate(first), let lastDay = CalendarDate(last) else {
                throw StoreError.unavailable("unreadable date in dossier_imports")
            }
            return ImportRecord(id: id, importedAt: at, actorLogin: actor, fileName: file, format: format, rows: rows,
                                replaced: replaced, firstDay: firstDay, lastDay: lastDay)
        }
    }
}
