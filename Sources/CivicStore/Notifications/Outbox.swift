import CivicCore
import Foundation
import Logging
import PostgresNIO

/// The transactional outbox of messages to citizens and staff (Migrations/0014_outbox.sql, 0022).
///
/// Guarantees: a message is written only inside the transaction of the change that causes it
/// (``enqueue(_:itemID:parameters:on:logger:)``; a reminder stage, ``ReminderStore``), so it
/// exists exactly when that change committed; to a citizen only for an item whose contact details
/// were stored with consent and hold an email; it names the contact row or the staff account,
/// never the address. ``deliverNext(logger:_:)`` hands each due message
/// to one sender at a time across every server (`FOR UPDATE SKIP LOCKED`) and records the outcome
/// in the same transaction.
public struct Outbox: Sendable {
    public let database: Database
    /// How many times a message is tried before it is marked failed.
    public let maximumAttempts: Int
    /// The wait after the first failed attempt; it doubles after each one, up to ``maximumDelay``.
    public let firstDelay: Duration
    public let maximumDelay: Duration

    public init(database: Database, maximumAttempts: Int = 8, firstDelay: Duration = .seconds(30),
                maximumDelay: Duration = .seconds(3600)) {
        self.database = database
        self.maximumAttempts = max(1, maximumAttempts)
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
    }

    public enum State: String, Sendable, Hashable, Codable {
        case queued, sent, failed
    }

    /// A message as the worker sends it: what to say, to whom, about which item.
    public struct Message: Sendable, Hashable {
        public let id: UUID
        /// Nil for a unit's digest, which is about several.
        public let itemID: UUID?
        /// The sealed row to read the address from now: the citizen's contact, or the staff
        /// account's email; nil when the account has no email any more or is disabled.
        public let contactID: UUID?
        /// The staff account written to; nil for a citizen.
        public let recipientUserID: Int64?
        public let kind: MessageKind
        public let language: String
        /// The item's code; empty for a digest.
        public let trackingCode: String
        public let parameters: [String: String]
        /// Attempts made before this one.
        public let attempts: Int
    }

    /// What staff see of a message on the item page: never the address or the text.
    public struct Entry: Sendable, Hashable, Codable {
        public let id: UUID
        public let kind: MessageKind
        /// The staff account a reminder went to; nil for a message to the citizen.
        public let recipientLogin: String?
        public let channel: String
        public let state: State
        public let attempts: Int
        public let lastError: String?
        public let createdAt: Date
        public let nextAttemptAt: Date?
        public let sentAt: Date?
    }

    /// How one attempt went.
    public enum Delivery: Sendable, Equatable {
        case sent
        /// A failure that may pass (a connection refused, an SMTP 4xx): tried again after a backoff.
        case retry(reason: String)
        /// A failure that will not pass (an SMTP 5xx, no address any more): not tried again.
        case failed(reason: String)
    }

    /// Messages waiting and given up, for /metrics (sent ones are counted as they are sent).
    public struct Counts: Sendable, Hashable {
        public let queued: Int
        public let failed: Int
    }

    // MARK: - Writing, inside the change's transaction

    /// Writes a message of `kind` about item `itemID` in the caller's transaction, when the item has
    /// consented contact details with an email that were not erased; otherwise writes nothing.
    /// - Returns: whether a message was written.
    @discardableResult
    public static func enqueue(_ kind: MessageKind, itemID: UUID, parameters: [String: String] = [:],
                               on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let parametersJSON = String(decoding: try JSONEncoder().encode(parameters), as: UTF8.self)
        let rows = try await connection.query("""
            INSERT INTO outbox_messages (id, item_id, contact_id, kind, language, parameters)
            SELECT gen_random_uuid(), i.id, c.id, \(kind.rawValue), i.language, \(parametersJSON)::jsonb
            FROM feedback_items i
            JOIN contacts c
              ON c.subject_kind = \(FeedbackStore.contactSubjectKind)
             AND c.subject_id = i.id
             AND c.erased_at IS NULL
             AND c.email_blind_index IS NOT NULL
            WHERE i.id = \(itemID)
            ORDER BY c.created_at DESC, c.id
            LIMIT 1
            RETURNING id
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// Writes a message of `kind` to each of the staff accounts `userIDs`, in Vietnamese, in the
    /// caller's transaction (a reminder stage's, ``ReminderStore``).
    /// - Parameter itemID: the item it is about; nil for a digest.
    static func enqueue(_ kind: MessageKind, itemID: UUID?, toUsers userIDs: [Int64], parameters: [String: String],
                        on connection: PostgresConnection, logger: Logger) async throws {
        let parametersJSON = String(decoding: try JSONEncoder().encode(parameters), as: UTF8.self)
        try await connection.query("""
            INSERT INTO outbox_messages (id, item_id, recipient_user_id, kind, language, parameters)
            SELECT gen_random_uuid(), \(itemID), u.id, \(kind.rawValue), \(LanguageChain.baseLanguage), \(parametersJSON)::jsonb
            FROM unnest(\(userIDs)::bigint[]) AS u (id)
            """, logger: logger)
    }

    // MARK: - Sending

    /// Takes the oldest due message no other sender holds, runs `send` with it while its row stays
    /// locked, then records the outcome in the same transaction: sent; or queued again after a
    /// backoff of ``firstDelay`` doubling per attempt; or failed with its reason once
    /// ``maximumAttempts`` is reached or the failure is permanent.
    /// - Returns: the outcome, or nil when no message was due.
    public func deliverNext(
        logger: Logger,
        _ send: @escaping @Sendable (Message) async throws -> Delivery
    ) async throws -> Delivery? {
        let maximumAttempts = maximumAttempts
        let firstDelay = Self.seconds(firstDelay)
        let maximumDelay = Self.seconds(maximumDelay)
        return try await database.withTransaction(logger: logger) { connection in
            // A staff account's address is the one on the account now, and none once it is disabled.
            let rows = try await connection.query("""
                SELECT m.id,
                       m.item_id,
                       COALESCE(m.contact_id, CASE WHEN u.disabled_at IS NULL THEN u.email_contact_id END),
                       m.recipient_user_id,
                       m.kind,
                       m.language,
                       COALESCE(i.tracking_code, ''),
                       m.parameters::text,
                       m.attempts
                FROM outbox_messages m
                LEFT JOIN feedback_items i ON i.id = m.item_id
                LEFT JOIN users u ON u.id = m.recipient_user_id
                WHERE m.state = 'queued' AND m.next_attempt_at <= now()
                ORDER BY m.next_attempt_at, m.id
                LIMIT 1
                FOR UPDATE OF m SKIP LOCKED
                """, logger: logger)
            var found: Message?
            for try await (id, item, contact, user, kind, language, code, parameters, attempts)
                in rows.decode((UUID, UUID?, UUID?, Int64?, String, String, String, String, Int).self) {
                guard let kind = MessageKind(rawValue: kind) else { continue }
                let values = (try? JSONDecoder().decode([String: String].self, from: Data(parameters.utf8))) ?? [:]
                found = Message(id: id, itemID: item, contactID: contact, recipientUserID: user, kind: kind,
                                language: language, trackingCode: code, parameters: values, attempts: attempts)
            }
            guard let message = found else { return nil }
            var outcome: Delivery
            do {
                outcome = try await send(message)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                outcome = .retry(reason: "\(type(of: error))")
            }
            let attempts = message.attempts + 1
            if case .retry(let reason) = outcome, attempts >= maximumAttempts {
                outcome = .failed(reason: "gave up after \(attempts) attempts: \(reason)")
            }
            switch outcome {
            case .sent:
                try await connection.query("""
                    UPDATE outbox_messages
                    SET state = 'sent', attempts = \(attempts), sent_at = now(), updated_at = now()
                    WHERE id = \(message.id)
                    """, logger: logger)
            case .retry(let reason):
                // 30 s, 60 s, 120 s, … up to an hour by default.
                let delay = min(maximumDelay, firstDelay * pow(2, Double(attempts - 1)))
                try await connection.query("""
                    UPDATE outbox_messages
                    SET attempts = \(attempts),
                        last_error = \(Self.clipped(reason)),
                        next_attempt_at = now() + make_interval(secs => \(delay)::float8),
                        updated_at = now()
                    WHERE id = \(message.id)
                    """, logger: logger)
            case .failed(let reason):
                try await connection.query("""
                    UPDATE outbox_messages
                    SET state = 'failed', attempts = \(attempts), last_error = \(Self.clipped(reason)), updated_at = now()
                    WHERE id = \(message.id)
                    """, logger: logger)
            }
            return outcome
        }
    }

    // MARK: - Reading

    /// The messages of one item, to its citizen and to staff, oldest first, for the staff item page.
    public func entries(itemID: UUID, logger: Logger) async throws -> [Entry] {
        try await database.query("""
            SELECT m.id, m.kind, u.login, m.channel, m.state, m.attempts, m.last_error, m.created_at, m.next_attempt_at, m.sent_at
            FROM outbox_messages m
            LEFT JOIN users u ON u.id = m.recipient_user_id
            WHERE m.item_id = \(itemID)
            ORDER BY m.created_at, m.id
            """, logger: logger) { row in
            let (id, kind, login, channel, state, attempts, error, created, next, sent) =
                try row.decode((UUID, String, String?, String, String, Int, String?, Date, Date, Date?).self)
            let parsedState = State(rawValue: state) ?? .queued
            return Entry(id: id, kind: MessageKind(rawValue: kind) ?? .receipt, recipientLogin: login, channel: channel,
                         state: parsedState,
                         attempts: attempts, lastError: error, createdAt: created,
                         nextAttemptAt: parsedState == .queued ? next : nil, sentAt: sent)
        }
    }

    /// How many messages are queued and failed (the partial index keeps this off the sent ones).
    public func counts(logger: Logger) async throws -> Counts {
        let rows = try await database.query("""
            SELECT count(*) FILTER (WHERE state = 'queued'),
                   count(*) FILTER (WHERE state = 'failed')
            FROM outbox_messages
            WHERE state <> 'sent'
            """, logger: logger) { try $0.decode((Int, Int).self) }
        let (queued, failed) = rows.first ?? (0, 0)
        return Counts(queued: queued, failed: failed)
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    private static func clipped(_ reason: String) -> String {
        String(reason.prefix(500))
    }
}
