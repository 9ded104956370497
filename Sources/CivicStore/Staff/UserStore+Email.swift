import CivicCore
import Foundation
import Logging
import PostgresNIO

/// A staff account's work email, where reminders go (Migrations/0022).
///
/// Guarantees: the address is personal data and is kept as citizens' contact details are: sealed
/// in a `contacts` row under DATA_KEYS (subject kind ``emailSubjectKind``), which the account
/// names; never stored or logged in clear, never in an audit entry. A changed or removed address
/// erases its old row in the same transaction.
extension UserStore {
    /// The `contacts.subject_kind` of staff emails; the subject id is the row's own id (accounts
    /// have numeric ids: `users.email_contact_id` is the link).
    public static let emailSubjectKind = "staff_user"

    /// The account's email, opened from its sealed row; nil when it has none.
    /// - Throws: ``ContactVaultError`` when the row's key is not configured or it was altered.
    public func email(userID: Int64, vault: ContactVault, logger: Logger) async throws -> String? {
        let rows = try await database.query("""
            SELECT email_contact_id
            FROM users
            WHERE id = \(userID)
            """, logger: logger) { try $0.decode(UUID?.self) }
        guard let contactID = rows.first ?? nil else { return nil }
        return try await vault.decrypt(contactID, logger: logger)?.email
    }

    /// Sets the account's email, or removes it (`email` nil), audited as `user.email` with whether
    /// one is set now (never the address).
    /// - Parameter email: validated and normalised (``ContactDetails``: NFC, trimmed, lower-case).
    /// - Returns: false when nothing changed (the same address, or none and none asked).
    /// - Throws: ``AccountError/unknownUser(_:)``.
    public func setEmail(login: String, email: ContactDetails?, vault: ContactVault, now: Date, by actor: AuditLog.Actor,
                         logger: Logger) async throws -> Bool {
        let userID = try await database.withConnection { connection in
            try await Self.userID(login: login, on: connection, logger: logger)
        }
        let current = try await self.email(userID: userID, vault: vault, logger: logger)
        guard current != email?.email else { return false }
        return try await database.withTransaction(logger: logger) { connection in
            // The account's row, locked: two changes at once replace one another in turn.
            let rows = try await connection.query("""
                SELECT email_contact_id
                FROM users
                WHERE id = \(userID)
                FOR UPDATE
                """, logger: logger)
            var old: UUID?
            for try await id in rows.decode(UUID?.self) { old = id }
            var new: UUID?
            if let email, let consent = ContactConsent(answer: ContactConsent.affirmativeAnswer, at: now) {
                // The id is the subject too: the row belongs to the account that names it.
                let id = UUID()
                new = try await vault.store(email, consent: consent, subject: .init(kind: Self.emailSubjectKind, id: id), id: id,
                                            on: connection, logger: logger)
            }
            try await connection.query("""
                UPDATE users
                SET email_contact_id = \(new)
                WHERE id = \(userID)
                """, logger: logger)
            if let old { _ = try await ContactVault.clear([old], on: connection, logger: logger) }
            try await AuditLog.append("user.email", objectType: "user", objectID: login,
                                      details: ["email": .string(new == nil ? "removed" : "set")],
                                      by: actor, on: connection, logger: logger)
            return true
        }
    }
}
