import CivicCore
import Crypto
import Foundation
import Logging
import PostgresNIO

/// Webhook subscriptions (Migrations/0029): created with a secret shown once, listed, deactivated.
///
/// Guarantees: the secret is stored only sealed under DATA_KEYS (bound to the subscription's id)
/// and leaves the store in clear only at creation (to show the admin once) and to the worker
/// that signs with it; every change is audited with the admin as actor, never with the secret.
public struct WebhookSubscriptions: Sendable {
    public let database: Database
    let ring: DataKeyRing

    /// - Throws: ``ContactVaultError/noDataKeys`` when `keys` is empty.
    public init(database: Database, keys: [DataKey]) throws(ContactVaultError) {
        self.database = database
        self.ring = try DataKeyRing(keys)
    }

    public struct Subscription: Sendable, Hashable, Codable {
        public let id: UUID
        public let name: String
        public let url: String
        public let events: [WebhookEvent]
        public let allowsPersonalData: Bool
        public let active: Bool
        public let createdAt: Date
        public let deactivatedAt: Date?
    }

    /// A subscription as just created, with its secret in clear: shown once, never again.
    public struct Created: Sendable {
        public let subscription: Subscription
        public let secret: String
    }

    /// A new random secret: 32 bytes, hex, prefixed so it is recognisable in a receiver's config.
    public static func newSecret() -> String {
        let key = SymmetricKey(size: .bits256)
        return "whsec_" + key.withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() }
    }

    public func create(name: String, endpoint: WebhookEndpoint, events: [WebhookEvent], allowsPersonalData: Bool,
                       by actor: AuditLog.Actor, logger: Logger) async throws -> Created {
        let id = UUID()
        let secret = Self.newSecret()
        let sealed = try ring.sealWebhookSecret(secret, subscriptionID: id)
        let eventNames = Self.ordered(events).map(\.rawValue)
        let cleanName = VietnameseText.nfc(name.trimmingCharacters(in: .whitespacesAndNewlines))
        let subscription = try await database.withTransaction(logger: logger) { connection -> Subscription in
            let rows = try await connection.query("""
                INSERT INTO webhook_subscriptions
                    (id, name, url, events, allows_personal_data, secret_key_id, secret_nonce, secret_ciphertext, created_by)
                VALUES
                    (\(id), \(cleanName), \(endpoint.url), \(eventNames)::text[], \(allowsPersonalData),
                     \(sealed.keyID), \(sealed.nonce), \(sealed.ciphertext), \(actor.userID))
                RETURNING id, name, url, events, allows_personal_data, active, created_at, deactivated_at
                """, logger: logger)
            var created: Subscription?
            for try await row in rows { created = try Self.decode(row) }
            try await AuditLog.append("webhook.create", objectType: "webhook_subscription",
                                      objectID: id.uuidString.lowercased(),
                                      details: ["url": .string(endpoint.url), "events": .strings(eventNames),
                                                "allowsPersonalData": .string(allowsPersonalData ? "true" : "false")],
                                      by: actor, on: connection, logger: logger)
            return created!
        }
        return Created(subscription: subscription, secret: secret)
    }

    /// Every subscription, active ones first, newest first.
    public func list(logger: Logger) async throws -> [Subscription] {
        try await database.query("""
            SELECT id, name, url, events, allows_personal_data, active, created_at, deactivated_at
            FROM webhook_subscriptions
            ORDER BY active DESC, created_at DESC, id
            """, logger: logger) { try Self.decode($0) }
    }

    public func find(_ id: UUID, logger: Logger) async throws -> Subscription? {
        try await database.query("""
            SELECT id, name, url, events, allows_personal_data, active, created_at, deactivated_at
            FROM webhook_subscriptions
            WHERE id = \(id)
            """, logger: logger) { try Self.decode($0) }.first
    }

    /// Stops new deliveries to the subscription; those queued are given up (failed) at once, so
    /// nothing more reaches a receiver the admin turned off.
    /// - Returns: false when there is no such subscription; true also when it was already inactive.
    public func deactivate(_ id: UUID, by actor: AuditLog.Actor, logger: Logger) async throws -> Bool {
        try await database.withTransaction(logger: logger) { connection -> Bool in
            let rows = try await connection.query("""
                UPDATE webhook_subscriptions
                SET active = false, deactivated_at = COALESCE(deactivated_at, now())
                WHERE id = \(id)
                RETURNING id
                """, logger: logger)
            var found = false
            for try await _ in rows { found = true }
            guard found else { return false }
            try await connection.query("""
                UPDATE webhook_deliveries
                SET state = 'failed', last_error = 'the subscription was deactivated', lease_token = NULL,
                    leased_until = NULL
                WHERE subscription_id = \(id) AND state = 'queued'
                """, logger: logger)
            try await AuditLog.append("webhook.deactivate", objectType: "webhook_subscription",
                                      objectID: id.uuidString.lowercased(), by: actor, on: connection, logger: logger)
            return true
        }
    }

    /// The subscription's signing secret, for the worker.
    func secret(subscriptionID: UUID, keyID: String, nonce: Data, ciphertext: Data) throws -> String {
        try ring.openWebhookSecret(.init(keyID: keyID, nonce: nonce, ciphertext: ciphertext), subscriptionID: subscriptionID)
    }

    static func ordered(_ events: [WebhookEvent]) -> [WebhookEvent] {
        WebhookEvent.allCases.filter(Set(events).contains)
    }

    static func decode(_ row: PostgresRow) throws -> Subscription {
        let (id, name, url, events, personal, active, created, deactivated) =
            try row.decode((UUID, String, String, [String], Bool, Bool, Date, Date?).self)
        return Subscription(id: id, name: name, url: url, events: events.compactMap(WebhookEvent.init(rawValue:)),
                            allowsPersonalData: personal, active: active, createdAt: created, deactivatedAt: deactivated)
    }
}
