import CivicCore
import Foundation
import Logging
import PostgresNIO

/// The outbox of webhook deliveries (Migrations/0029): written by the transactions that cause
/// them (a trigger on the PAKN history, the response batch's statement), taken by the worker under
/// a lease, each attempt recorded.
///
/// Why a lease rather than holding the row lock while the receiver answers (as the email outbox
/// does): a receiver may take seconds; a transaction open that long holds a connection of the pool
/// and blocks vacuum. A worker takes a delivery for ``lease`` (in a short transaction that also
/// writes the attempt), sends outside any transaction, and records the outcome only if it still
/// holds the lease. A worker killed mid-send leaves its lease to expire; the next one sends the
/// delivery again with the same id (the receiver's idempotency key). A delivery recorded as
/// delivered is never taken again.
public struct WebhookDeliveries: Sendable {
    public let database: Database
    let subscriptions: WebhookSubscriptions
    /// How many attempts before a delivery is given up (failed).
    public let maximumAttempts: Int
    /// The wait after the first failed attempt; it doubles per attempt up to ``maximumDelay``.
    public let firstDelay: Duration
    public let maximumDelay: Duration
    /// How long a worker holds a delivery it took: longer than the request timeout.
    public let lease: Duration

    public init(subscriptions: WebhookSubscriptions, maximumAttempts: Int = 10, firstDelay: Duration = .seconds(30),
                maximumDelay: Duration = .seconds(6 * 3600), lease: Duration = .seconds(60)) {
        self.database = subscriptions.database
        self.subscriptions = subscriptions
        self.maximumAttempts = max(1, maximumAttempts)
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.lease = lease
    }

    public enum State: String, Sendable, Hashable, Codable {
        case queued, delivered, failed
    }

    /// A delivery a worker holds, with what it needs to send it.
    public struct Taken: Sendable {
        /// The idempotency key.
        public let id: UUID
        public let eventID: UUID
        public let eventType: WebhookEvent
        public let occurredAt: Date
        /// The event's data as stored (JSON, nothing personal).
        public let payload: String
        public let itemID: UUID?
        public let url: String
        public let secret: String
        public let allowsPersonalData: Bool
        /// The item's citizen's contact row (consented, not erased), only for a subscription
        /// allowed to receive personal data; read from the vault at send time.
        public let contactID: UUID?
        /// The item's language, for an SMS body.
        public let language: String?
        /// This attempt's number, from 1.
        public let attempt: Int
        let leaseToken: UUID
    }

    /// How one attempt went.
    public enum Outcome: Sendable, Equatable {
        /// A 2xx from the receiver.
        case delivered(status: Int)
        /// A failure that may pass (a 5xx, 429, a timeout, a refused connection): tried again later.
        case retry(status: Int?, reason: String)
        /// A failure that will not pass (most 4xx, an unreadable secret): not tried again.
        case failed(status: Int?, reason: String)
    }

    /// Takes the oldest due delivery that no live worker holds, for ``lease``, and writes its
    /// attempt (started, not finished); nil when none is due.
    public func take(logger: Logger) async throws -> Taken? {
        let token = UUID()
        let leaseSeconds = Self.seconds(lease)
        let row = try await database.withTransaction(logger: logger) { connection -> Row? in
            let rows = try await connection.query("""
                WITH next AS (
                    SELECT d.id
                    FROM webhook_deliveries d
                    WHERE d.state = 'queued'
                      AND d.next_attempt_at <= now()
                      AND (d.leased_until IS NULL OR d.leased_until < now())
                    ORDER BY d.next_attempt_at, d.id
                    LIMIT 1
                    FOR UPDATE OF d SKIP LOCKED
                ), taken AS (
                    UPDATE webhook_deliveries d
                    SET lease_token  = \(token),
                        leased_until = now() + make_interval(secs => \(leaseSeconds)::float8),
                        attempts     = d.attempts + 1
                    FROM next
                    WHERE d.id = next.id
                    RETURNING d.id, d.subscription_id, d.event_id, d.event_type, d.occurred_at, d.payload, d.item_id,
                              d.attempts
                )
                SELECT t.id, t.event_id, t.event_type, t.occurred_at, t.payload::text, t.item_id, t.attempts,
                       s.id, s.url, s.allows_personal_data, s.secret_key_id, s.secret_nonce, s.secret_ciphertext,
                       i.language,
                       (SELECT c.id
                        FROM contacts c
                        WHERE s.allows_personal_data
                          AND c.subject_kind = \(FeedbackStore.contactSubjectKind)
                          AND c.subject_id = t.item_id
                          AND c.erased_at IS NULL
                        ORDER BY c.created_at DESC, c.id
                        LIMIT 1)
                FROM taken t
                JOIN webhook_subscriptions s ON s.id = t.subscription_id
                LEFT JOIN feedback_items i ON i.id = t.item_id
                """, logger: logger)
            var found: Row?
            for try await values in rows.decode(Row.Values.self) { found = Row(values: values) }
            guard let found else { return nil }
            try await connection.query("""
                INSERT INTO webhook_attempts (delivery_id, attempt)
                VALUES (\(found.values.0), \(found.values.6))
                ON CONFLICT (delivery_id, attempt) DO NOTHING
                """, logger: logger)
            return found
        }
        guard let row else { return nil }
        let v = row.values
        guard let type = WebhookEvent(rawValue: v.2) else {
            let unknown = Taken(id: v.0, eventID: v.1, eventType: .responseStored, occurredAt: v.3, payload: v.4,
                                itemID: v.5, url: v.8, secret: "", allowsPersonalData: false, contactID: nil,
                                language: nil, attempt: v.6, leaseToken: token)
            try await record(unknown, .failed(status: nil, reason: "unknown event type"), logger: logger)
            return try await take(logger: logger)
        }
        let secret: String
        do {
            secret = try subscriptions.secret(subscriptionID: v.7, keyID: v.10, nonce: v.11, ciphertext: v.12)
        } catch {
            // A key missing from DATA_KEYS: the operator must put it back; nothing is sent unsigned.
            let taken = Taken(id: v.0, eventID: v.1, eventType: type, occurredAt: v.3, payload: v.4, itemID: v.5,
                              url: v.8, secret: "", allowsPersonalData: false, contactID: nil, language: nil,
                              attempt: v.6, leaseToken: token)
            try await record(taken, .retry(status: nil, reason: "signing secret unreadable: \(error)"), logger: logger)
            return nil
        }
        return Taken(id: v.0, eventID: v.1, eventType: type, occurredAt: v.3, payload: v.4, itemID: v.5, url: v.8,
                     secret: secret, allowsPersonalData: v.9, contactID: v.9 ? v.14 : nil, language: v.13,
                     attempt: v.6, leaseToken: token)
    }

    private struct Row: Sendable {
        typealias Values = (UUID, UUID, String, Date, String, UUID?, Int, UUID, String, Bool, String, Data, Data,
                            String?, UUID?)
        let values: Values
    }

    /// Records how attempt `taken` went, when this worker still holds its lease (a worker whose
    /// lease expired and was taken over records nothing: the other worker's attempt counts).
    /// - Returns: the outcome as recorded (a retry past ``maximumAttempts`` becomes failed), or nil
    ///   when the lease was lost.
    @discardableResult
    public func record(_ taken: Taken, _ outcome: Outcome, logger: Logger) async throws -> Outcome? {
        var outcome = outcome
        if case .retry(let status, let reason) = outcome, taken.attempt >= maximumAttempts {
            outcome = .failed(status: status, reason: "gave up after \(taken.attempt) attempts: \(reason)")
        }
        let state: State
        let status: Int?
        let reason: String?
        switch outcome {
        case .delivered(let code): (state, status, reason) = (.delivered, code, nil)
        case .retry(let code, let why): (state, status, reason) = (.queued, code, Self.clipped(why))
        case .failed(let code, let why): (state, status, reason) = (.failed, code, Self.clipped(why))
        }
        // 30 s, 60 s, 120 s, … up to six hours by default.
        let delay = min(Self.seconds(maximumDelay), Self.seconds(firstDelay) * pow(2, Double(taken.attempt - 1)))
        let recorded = outcome
        return try await database.withTransaction(logger: logger) { connection -> Outcome? in
            let rows = try await connection.query("""
                UPDATE webhook_deliveries
                SET state           = \(state.rawValue),
                    last_status     = \(status),
                    last_error      = \(reason),
                    delivered_at    = CASE WHEN \(state == .delivered)::boolean THEN now() END,
                    next_attempt_at = CASE WHEN \(state == .queued)::boolean
                                           THEN now() + make_interval(secs => \(delay)::float8)
                                           ELSE next_attempt_at END,
                    lease_token     = NULL,
                    leased_until    = NULL
                WHERE id = \(taken.id) AND lease_token = \(taken.leaseToken) AND state = 'queued'
                RETURNING id
                """, logger: logger)
            var held = false
            for try await _ in rows { held = true }
            guard held else { return nil }
            try await connection.query("""
                UPDATE webhook_attempts
                SET finished_at = now(), status_code = \(status), error = \(reason)
                WHERE delivery_id = \(taken.id) AND attempt = \(taken.attempt)
                """, logger: logger)
            return recorded
        }
    }

    // MARK: - Reading, for the console and the API

    public struct Attempt: Sendable, Hashable, Codable {
        public let attempt: Int
        public let startedAt: Date
        /// Nil when the worker stopped mid-send (its lease expired).
        public let finishedAt: Date?
        public let statusCode: Int?
        public let error: String?
    }

    public struct Entry: Sendable, Hashable, Codable {
        public let id: UUID
        public let eventID: UUID
        public let eventType: String
        public let occurredAt: Date
        public let state: State
        public let attempts: Int
        public let lastStatus: Int?
        public let lastError: String?
        public let nextAttemptAt: Date?
        public let deliveredAt: Date?
        public let attemptLog: [Attempt]
    }

    /// The latest `limit` deliveries of a subscription, newest first, each with its attempts.
    public func recent(subscriptionID: UUID, limit: Int = 50, logger: Logger) async throws -> [Entry] {
        let limit = min(max(limit, 1), 500)
        typealias Head = (UUID, UUID, String, Date, String, Int, Int?, String?, Date, Date?)
        let heads: [Head] = try await database.query("""
            SELECT id, event_id, event_type, occurred_at, state, attempts, last_status, last_error, next_attempt_at,
                   delivered_at
            FROM webhook_deliveries
            WHERE subscription_id = \(subscriptionID)
            ORDER BY occurred_at DESC, id
            LIMIT \(limit)
            """, logger: logger) { try $0.decode(Head.self) }
        guard !heads.isEmpty else { return [] }
        let attempts = try await database.query("""
            SELECT delivery_id, attempt, started_at, finished_at, status_code, error
            FROM webhook_attempts
            WHERE delivery_id = ANY(\(heads.map(\.0))::uuid[])
            ORDER BY delivery_id, attempt
            """, logger: logger) { row in
            let (id, attempt, started, finished, status, error) =
                try row.decode((UUID, Int, Date, Date?, Int?, String?).self)
            return (id, Attempt(attempt: attempt, startedAt: started, finishedAt: finished, statusCode: status, error: error))
        }
        let byDelivery = Dictionary(grouping: attempts, by: \.0).mapValues { $0.map(\.1) }
        return heads.map { head in
            let state = State(rawValue: head.4) ?? .queued
            return Entry(id: head.0, eventID: head.1, eventType: head.2, occurredAt: head.3, state: state, attempts: head.5,
                         lastStatus: head.6, lastError: head.7, nextAttemptAt: state == .queued ? head.8 : nil,
                         deliveredAt: head.9, attemptLog: byDelivery[head.0] ?? [])
        }
    }

    /// Deliveries waiting and given up, for /metrics.
    public func counts(logger: Logger) async throws -> (queued: Int, failed: Int) {
        let rows = try await database.query("""
            SELECT count(*) FILTER (WHERE state = 'queued'),
                   count(*) FILTER (WHERE state = 'failed')
            FROM webhook_deliveries
            WHERE state <> 'delivered'
            """, logger: logger) { try $0.decode((Int, Int).self) }
        return rows.first ?? (0, 0)
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    private static func clipped(_ reason: String) -> String {
        String(reason.prefix(500))
    }
}
