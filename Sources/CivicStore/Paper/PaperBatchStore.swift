import CivicCore
import Foundation
import Logging
import PostgresNIO

/// Stacks of paper forms typed in at the one-stop desk (`paper_batches`, `paper_entries`): a
/// batch is opened with the stack's survey, unit, day and number of forms; clerks type its forms
/// (a second pass by another clerk for double entry); the batch is counted once, when its forms
/// have become responses. Every change is audited in the same transaction.
public struct PaperBatchStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public struct Batch: Sendable, Hashable {
        public let id: Int64
        public let formID: String
        public let formVersion: Int
        public let unitID: Int64
        public let unitCode: String
        /// The day written on the paper: the responses count on it.
        public let paperDate: CalendarDate
        /// How many forms the stack holds, as the clerk counted them by hand.
        public let declaredCount: Int
        public let doubleEntry: Bool
        public let label: String
        public let createdBy: String
        public let createdAt: Date
        public let countedAt: Date?
        public let countedBy: String?

        public var isCounted: Bool { countedAt != nil }
    }

    /// One typed form of a batch.
    public struct Entry: Sendable, Hashable {
        public let pass: Int
        public let position: Int
        /// The validated answers as sorted JSON (``AnswerValue/sortedJSON(_:)``).
        public let answersJSON: String
        public let responseID: UUID
        public let enteredByID: Int64?
        public let enteredBy: String
        public let enteredAt: Date
    }

    public struct NewBatch: Sendable {
        public let formID: String
        public let formVersion: Int
        public let unitID: Int64
        public let paperDate: CalendarDate
        public let declaredCount: Int
        public let doubleEntry: Bool
        public let label: String

        public init(formID: String, formVersion: Int, unitID: Int64, paperDate: CalendarDate, declaredCount: Int,
                    doubleEntry: Bool, label: String) {
            self.formID = formID
            self.formVersion = formVersion
            self.unitID = unitID
            self.paperDate = paperDate
            self.declaredCount = declaredCount
            self.doubleEntry = doubleEntry
            self.label = label
        }
    }

    /// Opens a batch (audited `paper.batch_open`) and returns its id.
    public func open(_ batch: NewBatch, by actor: AuditLog.Actor, logger: Logger) async throws -> Int64 {
        try await database.withTransaction(logger: logger) { connection in
            var id: Int64?
            let rows = try await connection.query("""
                INSERT INTO paper_batches
                    (form_id, form_version, unit_id, paper_date, declared_count, double_entry, label,
                     created_by_id, created_by_login)
                VALUES (\(batch.formID), \(batch.formVersion), \(batch.unitID), \(batch.paperDate.description)::date,
                        \(batch.declaredCount), \(batch.doubleEntry), \(batch.label), \(actor.userID), \(actor.login))
                RETURNING id
                """, logger: logger)
            for try await value in rows.decode(Int64.self) { id = value }
            guard let id else { throw StoreError.unavailable("no id from an insert") }
            try await AuditLog.append("paper.batch_open", objectType: "paper_batch", objectID: "\(id)",
                                      details: ["form": .string(batch.formID), "version": .int(batch.formVersion),
                                                "unit": .int(Int(batch.unitID)), "paperDate": .string(batch.paperDate.description),
                                                "count": .int(batch.declaredCount), "doubleEntry": .int(batch.doubleEntry ? 1 : 0)],
                                      by: actor, on: connection, logger: logger)
            return id
        }
    }

    /// The batch, or nil when there is none with this id.
    public func batch(id: Int64, logger: Logger) async throws -> Batch? {
        try await batches(id: id, unitIDs: nil, openOnly: false, logger: logger).first
    }

    /// The open batches of `unitIDs` (every unit when nil), newest first.
    public func openBatches(unitIDs: [Int64]?, logger: Logger) async throws -> [Batch] {
        try await batches(id: nil, unitIDs: unitIDs, openOnly: true, logger: logger)
    }

    private func batches(id: Int64?, unitIDs: [Int64]?, openOnly: Bool, logger: Logger) async throws -> [Batch] {
        try await database.query("""
            SELECT b.id,
                   b.form_id,
                   b.form_version,
                   b.unit_id,
                   u.code,
                   b.paper_date::text,
                   b.declared_count,
                   b.double_entry,
                   b.label,
                   b.created_by_login,
                   b.created_at,
                   b.counted_at,
                   b.counted_by_login
            FROM paper_batches b
            JOIN units u ON u.id = b.unit_id
            WHERE (\(id)::bigint IS NULL OR b.id = \(id))
              AND (\(unitIDs)::bigint[] IS NULL OR b.unit_id = ANY (\(unitIDs)::bigint[]))
              AND (NOT \(openOnly) OR b.counted_at IS NULL)
            ORDER BY b.id DESC
            LIMIT 200
            """, logger: logger) { row in
            let (id, form, version, unitID, unitCode, day, count, double, label, creator, created, counted, counter) =
                try row.decode((Int64, String, Int, Int64, String, String, Int, Bool, String, String, Date, Date?, String?).self)
            guard let paperDate = CalendarDate(day) else { throw StoreError.unavailable("paper_date \(day) unreadable") }
            return Batch(id: id, formID: form, formVersion: version, unitID: unitID, unitCode: unitCode, paperDate: paperDate,
                         declaredCount: count, doubleEntry: double, label: label, createdBy: creator, createdAt: created,
                         countedAt: counted, countedBy: counter)
        }
    }

    /// Every typed form of the batch, by pass and place.
    public func entries(batchID: Int64, logger: Logger) async throws -> [Entry] {
        try await database.query("""
            SELECT pass,
                   position,
                   answers::text,
                   response_id,
                   entered_by_id,
                   entered_by_login,
                   entered_at
            FROM paper_entries
            WHERE batch_id = \(batchID)
            ORDER BY pass, position
            """, logger: logger) { row in
            let (pass, position, answers, responseID, byID, by, at) =
                try row.decode((Int, Int, String, UUID, Int64?, String, Date).self)
            return Entry(pass: pass, position: position, answersJSON: answers, responseID: responseID, enteredByID: byID,
                         enteredBy: by, enteredAt: at)
        }
    }

    public enum EntryOutcome: Sendable, Hashable {
        /// Stored; `replaced` when the place had been typed before in this pass.
        case stored(replaced: Bool)
        /// The batch was counted meanwhile: nothing changes any more.
        case batchCounted
    }

    /// Stores the answers typed for one place of one pass (replacing what was typed there
    /// before), audited `paper.entry`, unless the batch has been counted.
    public func enter(batchID: Int64, pass: Int, position: Int, answersJSON: String, by actor: AuditLog.Actor,
                      logger: Logger) async throws -> EntryOutcome {
        try await database.withTransaction(logger: logger) { connection in
            // The batch row is locked so that counting, which takes the same lock, sees every entry.
            let open = try await connection.query("""
                SELECT counted_at IS NULL
                FROM paper_batches
                WHERE id = \(batchID)
                FOR UPDATE
                """, logger: logger)
            var isOpen = false
            for try await value in open.decode(Bool.self) { isOpen = value }
            guard isOpen else { return .batchCounted }
            let rows = try await connection.query("""
                INSERT INTO paper_entries
                    (batch_id, pass, position, answers, response_id, entered_by_id, entered_by_login)
                VALUES (\(batchID), \(pass), \(position), \(answersJSON)::jsonb, \(UUID()), \(actor.userID), \(actor.login))
                ON CONFLICT (batch_id, pass, position) DO UPDATE
                    SET answers = EXCLUDED.answers,
                        entered_by_id = EXCLUDED.entered_by_id,
                        entered_by_login = EXCLUDED.entered_by_login,
                        entered_at = now()
                RETURNING (xmax::text <> '0')
                """, logger: logger)
            var replaced = false
            for try await value in rows.decode(Bool.self) { replaced = value }
            try await AuditLog.append("paper.entry", objectType: "paper_batch", objectID: "\(batchID)",
                                      details: ["pass": .int(pass), "position": .int(position),
                                                "replaced": .int(replaced ? 1 : 0)],
                                      by: actor, on: connection, logger: logger)
            return .stored(replaced: replaced)
        }
    }

    /// Marks the batch counted (audited `paper.batch_count`) once its responses are stored; false
    /// when it already was.
    public func markCounted(batchID: Int64, responses: Int, by actor: AuditLog.Actor, logger: Logger) async throws -> Bool {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query("""
                UPDATE paper_batches
                SET counted_at = now(),
                    counted_by_login = \(actor.login)
                WHERE id = \(batchID) AND counted_at IS NULL
                RETURNING id
                """, logger: logger)
            var counted = false
            for try await _ in rows.decode(Int64.self) { counted = true }
            guard counted else { return false }
            try await AuditLog.append("paper.batch_count", objectType: "paper_batch", objectID: "\(batchID)",
                                      details: ["responses": .int(responses)], by: actor, on: connection, logger: logger)
            return true
        }
    }
}
