import CivicCore
import Foundation
import Logging
import PostgresNIO

/// Contact details at rest: encrypted with AES-GCM under the current data key, found again by
/// blind index, erasable without touching anything else.
///
/// Guarantees: no plaintext contact detail is sent to the database (not even as a query value)
/// nor logged; each row records the id of the key that sealed it, so older keys keep decrypting
/// until ``rotate(by:logger:)`` has re-sealed their rows under the current key.
public struct ContactVault: Sendable {
    public let database: Database
    let ring: DataKeyRing

    /// - Throws: ``ContactVaultError/noDataKeys`` when `keys` is empty.
    public init(database: Database, keys: [DataKey]) throws(ContactVaultError) {
        self.database = database
        self.ring = try DataKeyRing(keys)
    }

    /// What the details belong to, e.g. `feedback` and the feedback item's id.
    public struct Subject: Sendable, Hashable, Codable {
        public let kind: String
        public let id: UUID

        public init(kind: String, id: UUID) {
            self.kind = kind
            self.id = id
        }
    }

    /// A stored row, without its content.
    public struct Record: Sendable, Hashable {
        public let id: UUID
        public let subject: Subject
        /// Nil once erased.
        public let keyID: String?
        public let consentedAt: Date
        public let createdAt: Date
        public let erasedAt: Date?
    }

    // MARK: - Storing

    /// Seals and stores `details` inside the caller's transaction (the PAKN item and its contact
    /// commit together, ``FeedbackStore/insert(_:contact:logger:)``). A ``ContactConsent`` is
    /// required: there is no way to store without one.
    func store(_ details: ContactDetails, consent: ContactConsent, subject: Subject, id: UUID = UUID(),
                      on connection: PostgresConnection, logger: Logger) async throws -> UUID {
        let sealed = try ring.seal(details, contactID: id)
        let emailIndex = details.email.flatMap { ring.blindIndex($0, field: .email) }
        let phoneIndex = details.phone.flatMap { ring.blindIndex($0, field: .phone) }
        try await connection.query("""
            INSERT INTO contacts
                (id, subject_kind, subject_id, key_id, nonce, ciphertext, email_blind_index, phone_blind_index, consented_at)
            VALUES
                (\(id), \(subject.kind), \(subject.id), \(sealed.keyID), \(sealed.nonce), \(sealed.ciphertext),
                 \(emailIndex), \(phoneIndex), \(consent.givenAt))
            """, logger: logger)
        return id
    }

    /// Seals and stores `details` in a transaction of its own.
    public func store(_ details: ContactDetails, consent: ContactConsent, subject: Subject, id: UUID = UUID(),
                      logger: Logger) async throws -> UUID {
        try await database.withTransaction(logger: logger) { connection in
            try await store(details, consent: consent, subject: subject, id: id, on: connection, logger: logger)
        }
    }

    // MARK: - Finding and reading

    /// The records (erased ones excluded) whose email is `email` once normalised; none for an
    /// address that is not valid.
    public func find(email: String, logger: Logger) async throws -> [Record] {
        guard let normalized = ContactDetails.normalizedEmail(email) else { return [] }
        return try await find(ring.blindIndexes(normalized, field: .email), field: .email, logger: logger)
    }

    /// The records (erased ones excluded) whose phone is `phone` once normalised.
    public func find(phone: String, logger: Logger) async throws -> [Record] {
        guard let normalized = ContactDetails.normalizedPhone(phone) else { return [] }
        return try await find(ring.blindIndexes(normalized, field: .phone), field: .phone, logger: logger)
    }

    /// Rows whose blind index for `field` is one of `indexes` (one per configured key). Erased
    /// rows have no blind index left, so they are never found.
    private func find(_ indexes: [Data], field: DataKeyRing.Field, logger: Logger) async throws -> [Record] {
        let buffers = indexes.map { ByteBuffer(data: $0) }
        let emailIndexes = field == .email ? buffers : []
        let phoneIndexes = field == .phone ? buffers : []
        return try await database.query("""
            SELECT id, subject_kind, subject_id, key_id, consented_at, created_at, erased_at
            FROM contacts
            WHERE email_blind_index = ANY(\(emailIndexes)) OR phone_blind_index = ANY(\(phoneIndexes))
            ORDER BY created_at, id
            """, logger: logger, decode: Self.decodeRecord)
    }

    /// The decrypted details of contact `id`; nil when there is no such row or it was erased.
    /// - Throws: ``ContactVaultError`` when its key is not configured or the ciphertext was altered.
    public func decrypt(_ id: UUID, logger: Logger) async throws -> ContactDetails? {
        let rows = try await database.query("""
            SELECT key_id, nonce, ciphertext
            FROM contacts
            WHERE id = \(id) AND erased_at IS NULL
            """, logger: logger) { try $0.decode((String, Data, Data).self) }
        guard let (keyID, nonce, ciphertext) = rows.first else { return nil }
        return try ring.open(.init(keyID: keyID, nonce: nonce, ciphertext: ciphertext), contactID: id)
    }

    /// Records an export of the given records' details for the data subject (the caller decrypts
    /// and hands them over); the audit entry names the contact ids, never their content.
    /// - Parameter request: what the request was (its kind, the day it was received), audited with it.
    public func recordExport(_ ids: [UUID], request: [String: AuditLog.Value] = [:], by actor: AuditLog.Actor,
                             logger: Logger) async throws {
        try await database.withConnection { connection in
            try await AuditLog.append("privacy.export", objectType: "contacts", objectID: nil,
                                      details: request.merging(["contacts": .strings(ids.map { $0.uuidString.lowercased() }),
                                                                "count": .int(ids.count)]) { $1 },
                                      by: actor, on: connection, logger: logger)
        }
    }

    // MARK: - Erasing and rotating

    /// Erases the contact details of the given records: ciphertext, nonce, key id and blind
    /// indexes are cleared, the row and its subject stay (answers and statistics do not change).
    /// The attachments of the feedback items they belong to are erased with them, in the same
    /// transaction: a scan of an ID card is as personal as the phone number beside it.
    /// - Returns: how many records were erased now (already erased ones are not counted).
    /// - Parameter request: what the request was (its kind, the day it was received), audited with it.
    public func erase(_ ids: [UUID], request: [String: AuditLog.Value] = [:], by actor: AuditLog.Actor,
                      logger: Logger) async throws -> Int {
        try await database.withTransaction(logger: logger) { connection in
            var erased: [UUID] = []
            var items: [UUID] = []
            for (id, subject) in try await Self.clear(ids, on: connection, logger: logger) {
                erased.append(id)
                if subject.kind == FeedbackStore.contactSubjectKind { items.append(subject.id) }
            }
            let files = try await connection.query("""
                UPDATE feedback_attachments
                SET erased_at = now(),
                    file_name = 'erased',
                    content = NULL,
                    key_id = NULL,
                    nonce = NULL,
                    ciphertext = NULL
                WHERE item_id = ANY(\(items)) AND erased_at IS NULL
                RETURNING id
                """, logger: logger)
            var attachments: [String] = []
            for try await id in files.decode(UUID.self) { attachments.append(id.uuidString.lowercased()) }
            try await AuditLog.append("privacy.erase", objectType: "contacts", objectID: nil,
                                      details: request.merging(["contacts": .strings(erased.map { $0.uuidString.lowercased() }),
                                                                "count": .int(erased.count),
                                                                "attachments": .strings(attachments)]) { $1 },
                                      by: actor, on: connection, logger: logger)
            return erased.count
        }
    }

    /// Clears the personal content of the given rows in the caller's transaction (ciphertext,
    /// nonce, key id, blind indexes), keeping the rows.
    /// - Returns: the rows erased now, with their subjects (already erased ones are left out).
    static func clear(_ ids: [UUID], on connection: PostgresConnection, logger: Logger) async throws -> [(UUID, Subject)] {
        let rows = try await connection.query("""
            UPDATE contacts
            SET erased_at = now(),
                key_id = NULL,
                nonce = NULL,
                ciphertext = NULL,
                email_blind_index = NULL,
                phone_blind_index = NULL
            WHERE id = ANY(\(ids)) AND erased_at IS NULL
            RETURNING id, subject_kind, subject_id
            """, logger: logger)
        var erased: [(UUID, Subject)] = []
        for try await (id, kind, subject) in rows.decode((UUID, String, UUID).self) {
            erased.append((id, Subject(kind: kind, id: subject)))
        }
        return erased
    }

    /// Re-seals every row written under an older key with the current key (and recomputes its
    /// blind indexes), a batch per transaction, so an old key can then be removed from DATA_KEYS.
    /// - Returns: how many rows were re-sealed.
    /// - Throws: ``ContactVaultError/unknownKey(_:)`` when a row's key is no longer configured
    ///   (rows of earlier batches stay re-sealed; running again continues).
    public func rotate(by actor: AuditLog.Actor, batchSize: Int = 200, logger: Logger) async throws -> Int {
        let ring = self.ring
        var total = 0
        while true {
            let count = try await database.withTransaction(logger: logger) { connection in
                let rows = try await connection.query("""
                    SELECT id, key_id, nonce, ciphertext
                    FROM contacts
                    WHERE erased_at IS NULL AND key_id <> \(ring.currentID)
                    ORDER BY id
                    LIMIT \(batchSize)
                    FOR UPDATE SKIP LOCKED
                    """, logger: logger)
                var batch: [(UUID, DataKeyRing.Sealed)] = []
                for try await (id, keyID, nonce, ciphertext) in rows.decode((UUID, String, Data, Data).self) {
                    batch.append((id, .init(keyID: keyID, nonce: nonce, ciphertext: ciphertext)))
                }
                for (id, sealed) in batch {
                    let details = try ring.open(sealed, contactID: id)
                    let resealed = try ring.seal(details, contactID: id)
                    let emailIndex = details.email.flatMap { ring.blindIndex($0, field: .email) }
                    let phoneIndex = details.phone.flatMap { ring.blindIndex($0, field: .phone) }
                    try await connection.query("""
                        UPDATE contacts
                        SET key_id = \(resealed.keyID),
                            nonce = \(resealed.nonce),
                            ciphertext = \(resealed.ciphertext),
                            email_blind_index = \(emailIndex),
                            phone_blind_index = \(phoneIndex)
                        WHERE id = \(id)
                        """, logger: logger)
                }
                if !batch.isEmpty {
                    try await AuditLog.append("privacy.rotate", objectType: "contacts", objectID: nil,
                                              details: ["count": .int(batch.count), "key": .string(ring.currentID)],
                                              by: actor, on: connection, logger: logger)
                }
                return batch.count
            }
            total += count
            if count < batchSize { return total }
        }
    }

    static func decodeRecord(_ row: PostgresRow) throws -> Record {
        let (id, kind, subjectID, keyID, consentedAt, createdAt, erasedAt) =
            try row.decode((UUID, String, UUID, String?, Date, Date, Date?).self)
        return Record(id: id, subject: Subject(kind: kind, id: subjectID), keyID: keyID, consentedAt: consentedAt,
                      createdAt: createdAt, erasedAt: erasedAt)
    }
}
