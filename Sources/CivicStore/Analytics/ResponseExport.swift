import Foundation
import PostgresNIO

/// One stored response as the export writes it. No personal data beyond what the form asked for:
/// responses hold no contact details and no address.
public struct ResponseExportRow: Sendable, Hashable {
    public let id: UUID
    public let submittedAt: Date
    public let formVersion: Int
    /// The unit's code; nil when the response names no unit.
    public let unitCode: String?
    public let language: String
    public let channel: String
    public let dossierCode: String?
    /// The answers object as PostgreSQL renders the stored jsonb.
    public let answersJSON: String

    public init(id: UUID, submittedAt: Date, formVersion: Int, unitCode: String?, language: String, channel: String,
                dossierCode: String?, answersJSON: String) {
        self.id = id
        self.submittedAt = submittedAt
        self.formVersion = formVersion
        self.unitCode = unitCode
        self.language = language
        self.channel = channel
        self.dossierCode = dossierCode
        self.answersJSON = answersJSON
    }

    init(_ row: PostgresRow) throws {
        let (id, submittedAt, version, unit, language, channel, dossier, answers) =
            try row.decode((UUID, Date, Int, String?, String, String, String?, String).self)
        self.init(id: id, submittedAt: submittedAt, formVersion: version, unitCode: unit, language: language,
                  channel: channel, dossierCode: dossier, answersJSON: answers)
    }
}

/// The rows of an export, streamed from PostgreSQL as they are read: PostgresNIO asks the server for
/// more only as the consumer takes rows (backpressure), so memory stays constant however many rows
/// there are. The pooled connection is returned when the sequence ends, fails or is dropped.
///
/// Iterate it once: it wraps one query's result. Sendable, so it can be handed to a response body
/// writer on another task.
public struct ResponseExport: AsyncSequence, Sendable {
    public typealias Element = ResponseExportRow

    let rows: PostgresRowSequence

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: PostgresRowSequence.AsyncIterator

        public mutating func next() async throws -> ResponseExportRow? {
            guard let row = try await base.next() else { return nil }
            return try ResponseExportRow(row)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: rows.makeAsyncIterator())
    }
}
