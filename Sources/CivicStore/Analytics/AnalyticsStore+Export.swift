import CivicCore
import Foundation
import Logging
import PostgresNIO

extension AnalyticsStore {
    /// The responses to `formID` (one `version`, or every one) submitted on the Vietnamese days
    /// `from … to` (inclusive), at a unit of `unitCode`'s subtree for those days (and those naming
    /// no unit when the subtree covers the whole register, as the figures count them; nil: every
    /// response), oldest first (`submitted_at`, then id).
    ///
    /// Streams (see ``ResponseExport``): the HTTP export and `civicvoice export` write each row as it
    /// arrives. No deadline applies once the query has started: a long export is not a stuck one.
    /// - Throws: ``AnalyticsQueryError/unknownUnit(_:)``; errors of the query while it starts.
    public func exportRows(formID: String, version: Int? = nil, from: CalendarDate, to: CalendarDate,
                           unitCode: String? = nil, logger: Logger) async throws -> ResponseExport {
        try await requireUnit(unitCode, logger: logger)
        let lower = from.startInVietnam
        let upper = to.adding(days: 1).startInVietnam
        let rows = try await database.client.query("""
            WITH RECURSIVE params (unit_code, first_day, last_day) AS (
                SELECT \(unitCode)::text, \(from.description)::date, \(to.description)::date
            ), \(unescaped: Self.subtreeCTEs)
            SELECT r.id,
                   r.submitted_at,
                   r.form_version,
                   u.code,
                   r.language,
                   r.channel,
                   r.dossier_code,
                   r.answers::text
            FROM responses r
            LEFT JOIN units u ON u.id = r.unit_id
            WHERE r.form_id = \(formID)
              AND (\(version)::integer IS NULL OR r.form_version = \(version)::integer)
              AND r.submitted_at >= \(lower)
              AND r.submitted_at < \(upper)
              AND (\(unitCode)::text IS NULL OR \(unescaped: Self.unitScope("r.unit_id")))
            ORDER BY r.submitted_at, r.id
            """, logger: logger)
        return ResponseExport(rows: rows)
    }

    /// How many rows ``exportRows(formID:version:from:to:unitCode:logger:)`` would give now: a
    /// background export's progress is told against it.
    public func exportRowCount(formID: String, version: Int? = nil, from: CalendarDate, to: CalendarDate,
                               unitCode: String? = nil, logger: Logger) async throws -> Int {
        try await requireUnit(unitCode, logger: logger)
        let lower = from.startInVietnam
        let upper = to.adding(days: 1).startInVietnam
        return try await database.query("""
            WITH RECURSIVE params (unit_code, first_day, last_day) AS (
                SELECT \(unitCode)::text, \(from.description)::date, \(to.description)::date
            ), \(unescaped: Self.subtreeCTEs)
            SELECT count(*)
            FROM responses r
            WHERE r.form_id = \(formID)
              AND (\(version)::integer IS NULL OR r.form_version = \(version)::integer)
              AND r.submitted_at >= \(lower)
              AND r.submitted_at < \(upper)
              AND (\(unitCode)::text IS NULL OR r.unit_id IN (SELECT id FROM tree))
            """, logger: logger) { try $0.decode(Int.self) }.first ?? 0
    }
}
