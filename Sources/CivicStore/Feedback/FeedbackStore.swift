import CivicCore
import Foundation
import Logging
import PostgresNIO

/// Feedback items (PAKN): intake, the citizen's view, the workflow, ratings and public results.
public struct FeedbackStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// A feedback item ready to store: validated and NFC-normalised.
    public struct NewItem: Sendable {
        public var id: UUID
        public var formID: String
        public var formVersion: Int
        public var category: String
        public var title: String
        public var content: String
        public var procedureName: String?
        public var unitID: Int64?
        public var language: String
        public var channel: String
        /// Day of receipt in the service's time zone, `YYYY-MM-DD`.
        public var receivedOn: CalendarDate
        /// The random part of the tracking code, made by the caller.
        public var trackingSuffix: String
        public var contentDigest: String
        public var attachments: [NewAttachment]

        public init(id: UUID, formID: String, formVersion: Int, category: String, title: String, content: String,
                    procedureName: String?, unitID: Int64?, language: String, channel: String, receivedOn: CalendarDate,
                    trackingSuffix: String, contentDigest: String, attachments: [NewAttachment]) {
            self.id = id
            self.formID = formID
            self.formVersion = formVersion
            self.category = category
            self.title = title
            self.content = content
            self.procedureName = procedureName
            self.unitID = unitID
            self.language = language
            self.channel = channel
            self.receivedOn = receivedOn
            self.trackingSuffix = trackingSuffix
            self.contentDigest = contentDigest
            self.attachments = attachments
        }
    }

    /// A file to store with an item, already sealed (``AttachmentVault/seal(_:attachmentID:)``):
    /// no attachment is ever written in plain.
    public struct NewAttachment: Sendable {
        public var id: UUID
        public var fileName: String
        public var mediaType: String
        public var sha256: String
        public var sealed: AttachmentVault.Sealed

        public init(id: UUID, fileName: String, mediaType: String, sha256: String, sealed: AttachmentVault.Sealed) {
            self.id = id
            self.fileName = fileName
            self.mediaType = mediaType
            self.sha256 = sha256
            self.sealed = sealed
        }
    }

    /// The citizen's contact details, kept with their item only because they consented; sealed by
    /// `vault` under its current data key.
    public struct NewContact: Sendable {
        public var details: ContactDetails
        public var consent: ContactConsent
        public var vault: ContactVault

        public init(details: ContactDetails, consent: ContactConsent, vault: ContactVault) {
            self.details = details
            self.consent = consent
            self.vault = vault
        }
    }

    public enum InsertOutcome: Sendable, Equatable {
        case created(trackingCode: String)
        case replayed(trackingCode: String)
        case conflict
    }

    /// Stores a new item with its attachments, its first event and, when given, the consented
    /// contact details (sealed, under the subject ``contactSubjectKind``), in one transaction: the
    /// item and everything that belongs to it are committed together or not at all. A replay
    /// stores nothing, contact details included. With an email among those details, the receipt
    /// to the citizen is queued in the outbox in that transaction too.
    public func insert(_ item: NewItem, contact: NewContact? = nil, logger: Logger) async throws -> InsertOutcome {
        do {
            return try await insertOnce(item, contact: contact, logger: logger)
        } catch let raced as RacedReplay {
            return raced.outcome
        }
    }

    /// Thrown to roll back an insert that lost a race with the same id (giving back the sequence
    /// number it took), carrying what the winner stored.
    private struct RacedReplay: Error {
        let outcome: InsertOutcome
    }

    private func insertOnce(_ item: NewItem, contact: NewContact?, logger: Logger) async throws -> InsertOutcome {
        try await database.withTransaction(logger: logger) { connection in
            // A replay must not take a sequence number: look first, then insert under the key.
            if let existing = try await Self.digestAndCode(of: item.id, on: connection, logger: logger) {
                return existing.digest == item.contentDigest ? .replayed(trackingCode: existing.code) : .conflict
            }
            let day = item.receivedOn.description
            let sequenceRows = try await connection.query("""
                INSERT INTO feedback_daily_sequences (day, last)
                VALUES (\(day)::date, 1)
                ON CONFLICT (day) DO UPDATE SET last = feedback_daily_sequences.last + 1
                RETURNING last
                """, logger: logger)
            var sequence = 0
            for try await value in sequenceRows.decode(Int.self) { sequence = value }
            let code = TrackingCode(date: item.receivedOn, sequence: sequence, suffix: item.trackingSuffix).description
            let searchKey = VietnameseText.searchKey(item.title + "\n" + item.content)
            // The title alone too, for the duplicate search (FeedbackStore+Duplicates).
            let titleKey = VietnameseText.searchKey(item.title)
            let inserted = try await connection.query("""
                INSERT INTO feedback_items
                    (id, tracking_code, received_on, daily_sequence, form_id, form_version, category, title, content,
                     procedure_name, unit_id, language, channel, search_key, title_key, content_digest)
                VALUES
                    (\(item.id), \(code), \(day)::date, \(sequence), \(item.formID), \(item.formVersion), \(item.category),
                     \(item.title), \(item.content), \(item.procedureName), \(item.unitID), \(item.language),
                     \(item.channel), \(searchKey), \(titleKey), \(item.contentDigest))
                ON CONFLICT (id) DO NOTHING
                RETURNING tracking_code
                """, logger: logger)
            var created = false
            for try await _ in inserted { created = true }
            guard created else {
                // Another request with this id committed between our look and our insert: that row
                // answers (a new statement sees it), and this transaction rolls back.
                let winner = try await Self.digestAndCode(of: item.id, on: connection, logger: logger)
                throw RacedReplay(outcome: winner.map { $0.digest == item.contentDigest ? .replayed(trackingCode: $0.code) : .conflict }
                    ?? .conflict)
            }
            for attachment in item.attachments {
                let sealed = attachment.sealed
                try await connection.query("""
                    INSERT INTO feedback_attachments
                        (id, item_id, file_name, media_type, size_bytes, sha256, key_id, nonce, ciphertext)
                    VALUES (\(attachment.id), \(item.id), \(attachment.fileName), \(attachment.mediaType),
                            \(sealed.size), \(attachment.sha256), \(sealed.keyID), \(sealed.nonce), \(sealed.ciphertext))
                    """, logger: logger)
            }
            try await connection.query("""
                INSERT INTO feedback_events (item_id, actor_login, action, from_state, to_state)
                VALUES (\(item.id), 'citizen', 'receive', NULL, 'received')
                """, logger: logger)
            if let contact {
                _ = try await contact.vault.store(contact.details, consent: contact.consent,
                                                  subject: .init(kind: Self.contactSubjectKind, id: item.id),
                                                  on: connection, logger: logger)
            }
            // The receipt, when the citizen left an email with consent (stored just above).
            try await Outbox.enqueue(.receipt, itemID: item.id, on: connection, logger: logger)
            return .created(trackingCode: code)
        }
    }

    private static func digestAndCode(of id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> (digest: String, code: String)? {
        let rows = try await connection.query("""
            SELECT content_digest, tracking_code
            FROM feedback_items
            WHERE id = \(id)
            """, logger: logger)
        for try await (digest, code) in rows.decode((String, String).self) { return (digest, code) }
        return nil
    }
}
