import CivicCore
import Foundation
import PostgresNIO

/// One background export (Migrations/0027_export_jobs.sql): what to export, and how far it has got.
public struct ExportJob: Sendable, Hashable {
    public enum State: String, Sendable, CaseIterable {
        case queued, running, done, failed
    }

    public let id: UUID
    public let requestedBy: Int64
    public let requestedLogin: String
    public let formID: String
    /// One version, or nil for every version.
    public let formVersion: Int?
    public let unitCode: String
    public let firstDay: CalendarDate
    public let lastDay: CalendarDate
    /// `csv` or `ndjson`.
    public let format: String
    /// The language of the labels (CSV header, yes/no).
    public let language: String
    public let state: State
    /// The respondents the counts hold for the same filters when the job was made; nil if unknown.
    public let rowsExpected: Int?
    public let rowsWritten: Int
    public let bytesWritten: Int
    /// How many times a server has taken the job (more than one: a server stopped during it).
    public let attempt: Int
    /// Why it failed, in words that hold no personal data.
    public let failure: String?
    public let createdAt: Date
    public let finishedAt: Date?
    /// When the file is deleted.
    public let expiresAt: Date?

    /// The share done, 0…1 (1 once done); nil when nothing tells.
    public var progress: Double? {
        if state == .done { return 1 }
        guard let expected = rowsExpected, expected > 0 else { return nil }
        return min(1, Double(rowsWritten) / Double(expected))
    }

    /// The columns ``init(_:)`` decodes, in its order.
    static let columns = """
        id, requested_by, requested_login, form_id, form_version, unit_code, first_day::text, last_day::text,
        format, language, state, rows_expected, rows_written, bytes_written, attempt, failure, created_at,
        finished_at, expires_at
        """

    init(_ row: PostgresRow) throws {
        let columns = try row.decode((UUID, Int64, String, String, Int?, String, String, String, String, String, String,
                                      Int?, Int, Int, Int, String?, Date, Date?, Date?).self)
        guard let first = CalendarDate(columns.6), let last = CalendarDate(columns.7),
              let state = State(rawValue: columns.10)
        else { throw ExportJobStoreError.malformedRow(columns.0) }
        id = columns.0
        requestedBy = columns.1
        requestedLogin = columns.2
        formID = columns.3
        formVersion = columns.4
        unitCode = columns.5
        firstDay = first
        lastDay = last
        format = columns.8
        language = columns.9
        self.state = state
        rowsExpected = columns.11
        rowsWritten = columns.12
        bytesWritten = columns.13
        attempt = columns.14
        failure = columns.15
        createdAt = columns.16
        finishedAt = columns.17
        expiresAt = columns.18
    }
}
