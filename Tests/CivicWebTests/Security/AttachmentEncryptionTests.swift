import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Issue 13: attachments are encrypted at rest like contact details, every download is audited,
/// a data subject's erasure clears them, and rows stored in plain before are sealed in place.
@Suite(.timeLimit(.minutes(3)))
struct AttachmentEncryptionTests {
    /// Bytes that would be easy to find in a dump: a PNG whose body is a sentence.
    static let marker = Array("CCCD-so-012345678901-Nguyen-Thi-Hoa".utf8)
    static let png: [UInt8] = Array(FeedbackFixtures.png.prefix(8)) + marker

    static func stored(_ database: Database, item: UUID) async throws -> [(content: Bool, ciphertext: [UInt8]?, keyID: String?)] {
        try await database.query("""
            SELECT content IS NOT NULL, ciphertext, key_id
            FROM feedback_attachments
            WHERE item_id = \(item)
            """, logger: TestDatabase.logger) { row in
            let (content, ciphertext, keyID) = try row.decode((Bool, ByteBuffer?, String?).self)
            return (content, ciphertext.map { Array(buffer: $0) }, keyID)
        }
    }

    static func send(_ client: some TestClientProtocol, contact: String) async throws -> UUID {
        let id = UUID()
        let body = #"{"id": "\#(id)", "language": "vi", "category": "administrative_procedure", "title": "Hồ sơ", "content": "Kèm bản chụp.", "unit": "LC.SVHTTDL.QLVH", "attachments": [{"fileName": "cccd.png", "contentBase64": "\#(Data(png).base64EncodedString())"}], "contact": \#(contact), "contactConsent": true}"#
        let response = try await client.execute(uri: "/api/v1/feedback", method: .post, headers: [.contentType: "application/json"],
                                                body: ByteBuffer(string: body))
        #expect(response.status == .created, "\(String(buffer: response.body))")
        return id
    }

    @Test func anAttachmentIsStoredSealedReadAuditedAndErasedWithItsSender() async throws {
        try await TestApp.withApp { client, database in
            let staff = try await StaffFeedbackAPITests.staff(database)
            let item = try await Self.send(client, contact: #"{"email": "hoa@example.vn"}"#)
            // at rest: no plaintext column, a ciphertext that does not hold the bytes, the current key
            let rows = try await Self.stored(database, item: item)
            #expect(rows.count == 1)
            #expect(rows.first?.content == false)
            #expect(rows.first?.keyID == "k2")
            let ciphertext = try #require(rows.first?.ciphertext)
            #expect(ciphertext.count == Self.png.count + 16, "AES-GCM: the bytes and a tag")
            #expect(!Data(ciphertext).contains(Data(Self.marker)))

            // read: the bytes come back, and the read is in the audit log before they do
            let attachment = try #require(try await FeedbackFixtures.attachmentIDs(database, item: item).first)
            let uri = "/api/v1/staff/feedback/\(item.uuidString.lowercased())/attachments/\(attachment.uuidString.lowercased())"
            let download = try await StaffFeedbackAPITests.get(client, uri, token: staff.lan)
            #expect(download.status == .ok)
            #expect(Array(download.body.readableBytesView) == Self.png)
            let reads = try await database.query("""
                SELECT actor_login, object_id, details->>'item'
                FROM audit_log
                WHERE action = 'attachment.read'
                """, logger: TestDatabase.logger) { try $0.decode((String, String?, String?).self) }
            #expect(reads.count == 1)
            #expect(reads.first?.0 == "lan" && reads.first?.1 == attachment.uuidString.lowercased()
                    && reads.first?.2 == item.uuidString.lowercased())

            // erased with the sender's contact details, on their request
            let vault = try ContactVault(database: database, keys: try DataKey.parseList(TestApp.dataKeys).get())
            let records = try await vault.find(email: "hoa@example.vn", logger: TestDatabase.logger)
            #expect(try await vault.erase(records.map(\.id), by: StaffFixtures.cli, logger: TestDatabase.logger) == 1)
            let after = try await Self.stored(database, item: item)
            #expect(after.first?.content == false && after.first?.ciphertext == nil && after.first?.keyID == nil)
            #expect(try await StaffFeedbackAPITests.get(client, uri, token: staff.lan).status == .notFound)
        }
    }

    @Test func attachmentsStoredInPlainBeforeAreSealedInPlace() async throws {
        try await TestApp.withApp { client, database in
            // setup: a row as 0003 stored it, bytes in `content`
            let item = try await FeedbackFixtures.createItem(client, unit: nil)
            let legacy = UUID()
            try await database.execute("""
                INSERT INTO feedback_attachments (id, item_id, file_name, media_type, size_bytes, sha256, content)
                VALUES (\(legacy), \(item), 'cu.png', 'image/png', \(Self.png.count), 'x', \(ByteBuffer(bytes: Self.png)))
                """, logger: TestDatabase.logger)
            // act: what the server does at start
            let files = try AttachmentVault(database: database, keys: try DataKey.parseList(TestApp.dataKeys).get())
            #expect(try await files.sealPlaintext(logger: TestDatabase.logger) == 1)
            #expect(try await files.sealPlaintext(logger: TestDatabase.logger) == 0, "done once")
            // validate
            let rows = try await Self.stored(database, item: item)
            #expect(rows.first?.content == false && rows.first?.keyID == "k2")
            let read = try #require(try await files.read(id: legacy, itemID: item, logger: TestDatabase.logger))
            #expect(Array(buffer: try files.open(read)) == Self.png)
        }
    }
}
