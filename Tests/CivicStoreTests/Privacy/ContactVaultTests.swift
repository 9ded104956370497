import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import PostgresNIO
import Testing

@Suite(.timeLimit(.minutes(2)))
struct ContactVaultTests {
    static let k1 = DataKey(id: "k1", material: Array(repeating: 1, count: 32))
    static let k2 = DataKey(id: "k2", material: Array(repeating: 2, count: 32))
    static let actor = AuditLog.Actor.commandLine(osUser: "test")

    static func lan() throws -> ContactDetails {
        // Decomposed on purpose: NFD input must not slip past the checks below in another spelling.
        try ContactDetails(name: "Nguye\u{302}\u{303}n Thi\u{323} Lan", phone: "+84 912 345 678",
                           email: "Lan.Nguyen@Example.VN", address: "Số 12, đường Hoàng Liên, phường Lào Cai")
    }

    /// Every row of every table, as text.
    static func dump(_ database: Database) async throws -> String {
        let tables = try await database.query("""
            SELECT table_name
            FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
            """, logger: TestDatabase.logger) { try $0.decode(String.self) }
        var text = ""
        for table in tables {
            let rows = try await database.query(
                PostgresQuery(unsafeSQL: "SELECT row_to_json(t)::text FROM \"\(table)\" t"), logger: TestDatabase.logger
            ) { try $0.decode(String.self) }
            text += rows.joined(separator: "\n") + "\n"
        }
        return text
    }

    static let plaintexts = ["Nguyễn Thị Lan", "Nguye\u{302}\u{303}n", "Lan", "lan.nguyen@example.vn", "Lan.Nguyen@Example.VN",
                             "0912345678", "912 345 678", "912345678", "Hoàng Liên", "Số 12"]

    @Test func roundTripFindEraseWithoutPlaintextInTheDatabaseOrTheLogs() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup
            let lines = CapturingLogHandler.Lines()
            let logger = CapturingLogHandler.logger(lines)
            let vault = try ContactVault(database: database, keys: [Self.k1])
            let subject = ContactVault.Subject(kind: "feedback", id: UUID())
            let consent = try #require(ContactConsent(answer: "yes", at: Date()))
            // act
            let id = try await vault.store(try Self.lan(), consent: consent, subject: subject, logger: logger)
            let other = try await vault.store(try ContactDetails(email: "someone@example.vn"), consent: consent,
                                              subject: .init(kind: "feedback", id: UUID()), logger: logger)
            // validate: found by either spelling of the email or phone, and decrypted intact
            #expect(try await vault.find(email: " LAN.NGUYEN@example.vn", logger: logger).map(\.id) == [id])
            #expect(try await vault.find(phone: "0912.345.678", logger: logger).map(\.id) == [id])
            #expect(try await vault.find(email: "nobody@example.vn", logger: logger).isEmpty)
            let opened = try #require(try await vault.decrypt(id, logger: logger))
            #expect(opened == (try Self.lan()))
            #expect(opened.name == "Nguyễn Thị Lan")
            let dump = try await Self.dump(database)
            #expect(dump.contains(id.uuidString.lowercased()), "the dump holds the contact rows")
            for text in Self.plaintexts {
                #expect(!dump.contains(text), "plaintext '\(text)' in the database")
                #expect(!lines.all.joined(separator: "\n").contains(text), "plaintext '\(text)' in the logs")
            }
            #expect(!lines.all.isEmpty, "the capture works: SQL was logged at trace level")

            // erase: the details go, the row and the other person's stay
            let found = try await vault.find(email: "lan.nguyen@example.vn", logger: logger).map(\.id)
            #expect(try await vault.erase(found, by: Self.actor, logger: logger) == 1)
            #expect(try await vault.erase(found, by: Self.actor, logger: logger) == 0)
            #expect(try await vault.decrypt(id, logger: logger) == nil)
            #expect(try await vault.find(email: "lan.nguyen@example.vn", logger: logger).isEmpty)
            #expect(try await vault.decrypt(other, logger: logger)?.email == "someone@example.vn")
            let remaining = try await database.query("""
                SELECT subject_id, ciphertext IS NULL, email_blind_index IS NULL, erased_at IS NOT NULL
                FROM contacts
                WHERE id = \(id)
                """, logger: logger) { try $0.decode((UUID, Bool, Bool, Bool).self) }
            #expect(remaining.first?.0 == subject.id)
            #expect(remaining.first?.1 == true)
            #expect(remaining.first?.2 == true)
            #expect(remaining.first?.3 == true)
            // Both requests are on record, the second having found nothing left to erase.
            let audit = try await AuditLog(database: database).recent(limit: 5, logger: logger)
            #expect(audit.map(\.action) == ["privacy.erase", "privacy.erase"])
            #expect(audit.map { $0.details["count"] } == [.int(0), .int(1)])
            #expect(audit.last?.details["contacts"] == .strings([id.uuidString.lowercased()]))
        }
    }

    @Test func rotationReSealsOldRowsUnderTheCurrentKey() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup: a row written when k1 was current
            let consent = try #require(ContactConsent(answer: "yes", at: Date()))
            let old = try ContactVault(database: database, keys: [Self.k1])
            let id = try await old.store(try Self.lan(), consent: consent, subject: .init(kind: "feedback", id: UUID()),
                                         logger: TestDatabase.logger)
            // act: k2 becomes current, k1 still decrypts
            let vault = try ContactVault(database: database, keys: [Self.k2, Self.k1])
            #expect(try await vault.find(email: "lan.nguyen@example.vn", logger: TestDatabase.logger).first?.keyID == "k1")
            #expect(try await vault.decrypt(id, logger: TestDatabase.logger) == (try Self.lan()))
            let before = try await Self.ciphertext(database, id)
            #expect(try await vault.rotate(by: Self.actor, logger: TestDatabase.logger) == 1)
            #expect(try await vault.rotate(by: Self.actor, logger: TestDatabase.logger) == 0)
            // validate: re-sealed under k2, readable and findable without k1
            #expect(try await Self.ciphertext(database, id) != before)
            let k2Only = try ContactVault(database: database, keys: [Self.k2])
            #expect(try await k2Only.decrypt(id, logger: TestDatabase.logger) == (try Self.lan()))
            #expect(try await k2Only.find(phone: "0912345678", logger: TestDatabase.logger).map(\.keyID) == ["k2"])
            // and k1 alone can no longer read it
            let k1Only = try ContactVault(database: database, keys: [Self.k1])
            await #expect(throws: ContactVaultError.unknownKey("k2")) {
                _ = try await k1Only.decrypt(id, logger: TestDatabase.logger)
            }
        }
    }

    @Test func aCiphertextMovedToAnotherRowFailsToOpen() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let consent = try #require(ContactConsent(answer: "yes", at: Date()))
            let vault = try ContactVault(database: database, keys: [Self.k1])
            let a = try await vault.store(try Self.lan(), consent: consent, subject: .init(kind: "feedback", id: UUID()),
                                          logger: TestDatabase.logger)
            let b = try await vault.store(try ContactDetails(name: "B"), consent: consent,
                                          subject: .init(kind: "feedback", id: UUID()), logger: TestDatabase.logger)
            try await database.execute("""
                UPDATE contacts
                SET nonce = (SELECT nonce FROM contacts WHERE id = \(a)),
                    ciphertext = (SELECT ciphertext FROM contacts WHERE id = \(a))
                WHERE id = \(b)
                """, logger: TestDatabase.logger)
            await #expect(throws: ContactVaultError.corrupt(b)) {
                _ = try await vault.decrypt(b, logger: TestDatabase.logger)
            }
        }
    }

    @Test func erasureLeavesAnswersAndCountsAlone() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup: one stored response and a contact linked to it
            try await database.execute("""
                INSERT INTO forms (id, kind) VALUES ('f', 'feedback')
                """, logger: TestDatabase.logger)
            try await database.execute("""
                INSERT INTO form_versions (form_id, version, definition, digest) VALUES ('f', 1, '{}'::jsonb, 'x')
                """, logger: TestDatabase.logger)
            let responseID = UUID()
            try await database.execute("""
                INSERT INTO responses (id, form_id, form_version, language, channel, answers, content_digest)
                VALUES (\(responseID), 'f', 1, 'vi', 'web', '{"overall": 5}'::jsonb, 'd')
                """, logger: TestDatabase.logger)
            let vault = try ContactVault(database: database, keys: [Self.k1])
            let consent = try #require(ContactConsent(answer: "yes", at: Date()))
            let id = try await vault.store(try Self.lan(), consent: consent,
                                           subject: .init(kind: "response", id: responseID), logger: TestDatabase.logger)
            // act
            #expect(try await vault.erase([id], by: Self.actor, logger: TestDatabase.logger) == 1)
            // validate
            let answers = try await database.query("""
                SELECT answers->>'overall'
                FROM responses
                WHERE id = \(responseID)
                """, logger: TestDatabase.logger) { try $0.decode(String.self) }
            #expect(answers == ["5"])
            #expect(try await ResponseStore(database: database).count(logger: TestDatabase.logger) == 1)
        }
    }

    static func ciphertext(_ database: Database, _ id: UUID) async throws -> Data? {
        try await database.query("""
            SELECT ciphertext
            FROM contacts
            WHERE id = \(id)
            """, logger: TestDatabase.logger) { try $0.decode(Data.self) }.first
    }
}
