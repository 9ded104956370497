import CivicCore
import Foundation
import Logging
import PostgresNIO

/// Survey responses: stored once per client-made id, acknowledged only after COMMIT.
public struct ResponseStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// A response ready to store: validated, NFC-normalised, with its content digest.
    public struct NewResponse: Sendable {
        public var id: UUID
        public var formID: String
        public var formVersion: Int
        public var unitID: Int64?
        public var language: String
        public var channel: String
        public var dossierCode: String?
        /// The answers as a JSON object (see `responses.answers` in 0001_init.sql).
        public var answersJSON: String
        /// SHA-256 of the submitted content, to tell a replay from a different submission.
        public var contentDigest: String

        public init(id: UUID, formID: String, formVersion: Int, unitID: Int64?, language: String, channel: String,
                    dossierCode: String?, answersJSON: String, contentDigest: String) {
            self.id = id
            self.formID = formID
            self.formVersion = formVersion
            self.unitID = unitID
            self.language = language
            self.channel = channel
            self.dossierCode = dossierCode
            self.answersJSON = answersJSON
            self.contentDigest = contentDigest
        }
    }

    public enum InsertOutcome: Sendable, Equatable {
        /// Stored now, committed.
        case created
        /// The same id with the same content was stored before: nothing changed.
        case replayed
        /// The same id was stored before with other content: nothing changed.
        case conflict
    }

    /// Stores `response` unless its id is already taken.
    ///
    /// Concurrent submissions of one id are settled by the primary key: `ON CONFLICT DO NOTHING`
    /// waits for the first to commit, then the digest of what was stored decides between replay and
    /// conflict (read in a second statement, whose snapshot sees the committed row).
    public func insert(_ response: NewResponse, logger: Logger) async throws -> InsertOutcome {
        try await database.withTransaction(logger: logger) { connection in
            let inserted = try await connection.query("""
                INSERT INTO responses
                    (id, form_id, form_version, unit_id, language, channel, dossier_code, answers, content_digest)
                VALUES
                    (\(response.id), \(response.formID), \(response.formVersion), \(response.unitID),
                     \(response.language), \(response.channel), \(response.dossierCode),
                     \(response.answersJSON)::jsonb, \(response.contentDigest))
                ON CONFLICT (id) DO NOTHING
                RETURNING id
                """, logger: logger)
            for try await _ in inserted { return .created }
            let existing = try await connection.query("""
                SELECT content_digest
                FROM responses
                WHERE id = \(response.id)
                """, logger: logger)
            for try await digest in existing.decode(String.self) {
                return digest == response.contentDigest ? .replayed : .conflict
            }
            // Unreachable in practice: the conflicting row cannot vanish (responses are never deleted
            // by the service); treat it as a lost race and let the client retry.
            throw StoreError.conflict
        }
    }

    /// The number of stored responses to a form (tests and the demo loader use it).
    public func count(formID: String? = nil, logger: Logger) async throws -> Int {
        try await database.query("""
            SELECT count(*)
            FROM responses
            WHERE \(formID)::text IS NULL OR form_id = \(formID)
            """, logger: logger) { try $0.decode(Int.self) }.first ?? 0
    }
}
