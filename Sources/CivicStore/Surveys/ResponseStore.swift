import CivicCore
import Foundation
import Logging
import PostgresNIO

/// Survey responses: stored once per client-made id, acknowledged only after COMMIT.
public struct ResponseStore: Sendable {
    public let database: Database
    /// Shared by every copy: concurrent submissions through one store commit together.
    private let writer: ResponseBatchWriter

    public init(database: Database) {
        self.database = database
        self.writer = ResponseBatchWriter(database: database)
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
        /// When the citizen answered, for forms entered after the fact (paper forms typed in later,
        /// imports); nil for now, the database's clock.
        public var submittedAt: Date?
        /// The one-stop desk the rating was made through (its QR code), if any: stored in
        /// `desk_ratings` by the same statement as the response.
        public var desk: DeskRating?

        public init(id: UUID, formID: String, formVersion: Int, unitID: Int64?, language: String, channel: String,
                    dossierCode: String?, answersJSON: String, contentDigest: String, submittedAt: Date? = nil,
                    desk: DeskRating? = nil) {
            self.id = id
            self.formID = formID
            self.formVersion = formVersion
            self.unitID = unitID
            self.language = language
            self.channel = channel
            self.dossierCode = dossierCode
            self.answersJSON = answersJSON
            self.contentDigest = contentDigest
            self.submittedAt = submittedAt
            self.desk = desk
        }
    }

    /// A rating's link to the desk it was made through: the desk, the officer the citizen picked
    /// from the desk's list (if any), and the response's scale answers counted top-2 box, so that
    /// the desk's figures are sums (Migrations/0021). Nothing about the citizen.
    public struct DeskRating: Sendable, Hashable {
        public let deskID: Int64
        public let officerID: Int64?
        public let satisfied: Int
        public let answered: Int

        /// - Precondition: `0 <= satisfied <= answered`.
        public init(deskID: Int64, officerID: Int64?, satisfied: Int, answered: Int) {
            precondition(0 <= satisfied && satisfied <= answered, "need 0 <= satisfied <= answered")
            self.deskID = deskID
            self.officerID = officerID
            self.satisfied = satisfied
            self.answered = answered
        }
    }

    public enum InsertOutcome: Sendable, Equatable {
        /// Stored now, committed.
        case created
        /// The same id with the same content was stored before: nothing changed.
        case replayed
        /// The same id was stored before with other content: nothing changed.
        case conflict
        /// Another response already rated this dossier code under this form version
        /// (`dossier_ratings`, Migrations/0012): nothing changed.
        case dossierAlreadyRated
    }

    /// Stores `response` unless its id is already taken, and queues it for the satisfaction counts.
    ///
    /// One statement: the response and its id in `response_count_queue` are inserted together or
    /// not at all, so a response is counted exactly once (``CountsCompactor`` moves queued ids into the
    /// rollups; reports add up what is still queued). Nothing is updated here, so concurrent
    /// submissions never wait on a shared counter row: the queue has no index, and an insert into it
    /// is one heap tuple.
    ///
    /// Concurrent submissions share that statement and its commit (``ResponseBatchWriter``), and each
    /// outcome is returned only after COMMIT.
    ///
    /// Submissions of one id, concurrent or months apart, are settled by the key of `response_ids`
    /// (every id ever stored, whatever the month it went into: Migrations/0025): `ON CONFLICT DO
    /// NOTHING` waits for the first to commit and then inserts nothing (and queues nothing); the
    /// digest stored with the id decides between replay and conflict (read in a second statement,
    /// whose snapshot sees the committed row).
    public func insert(_ response: NewResponse, logger: Logger) async throws -> InsertOutcome {
        try await writer.insert(response, logger: logger)
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
