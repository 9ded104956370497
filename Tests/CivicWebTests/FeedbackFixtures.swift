import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// PAKN items for the staff tests, sent the way citizens send them (the public JSON API), so the
/// staff side is tested on what intake really stores.
enum FeedbackFixtures {
    /// A tiny PNG: the attachment policy recognises it by its signature.
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 100)

    /// Sends one item and returns its id.
    /// - Parameters:
    ///   - unit: the unit code the citizen names, or nil for none.
    ///   - attachment: the name of a PNG attachment to send with it, if any.
    ///   - contact: contact details (JSON object text) sent with consent, if any.
    @discardableResult
    static func createItem(_ client: some TestClientProtocol, unit: String?, title: String = "Hồ sơ chậm",
                           content: String = "Hồ sơ nộp từ tháng trước chưa có kết quả.",
                           category: String = "administrative_procedure", attachment: String? = nil,
                           contact: String? = nil, language: String = "vi",
                           sourceLocation: SourceLocation = #_sourceLocation) async throws -> UUID {
        let id = UUID()
        var body: [String: Any] = ["id": id.uuidString, "language": language, "category": category, "title": title,
                                   "content": content]
        if let unit { body["unit"] = unit }
        if let attachment {
            body["attachments"] = [["fileName": attachment, "contentBase64": Data(png).base64EncodedString()]]
        }
        var text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        if let contact {
            text = String(text.dropLast()) + #", "contact": \#(contact), "contactConsent": true}"#
        }
        let response = try await client.execute(uri: "/api/v1/feedback", method: .post,
                                                headers: [.contentType: "application/json"], body: ByteBuffer(string: text))
        #expect(response.status == .created, "item created: \(String(buffer: response.body))", sourceLocation: sourceLocation)
        return id
    }

    /// The ids of an item's attachments, in the order they were stored.
    static func attachmentIDs(_ database: Database, item: UUID) async throws -> [UUID] {
        try await database.query("""
            SELECT id
            FROM feedback_attachments
            WHERE item_id = \(item)
            ORDER BY created_at, id
            """, logger: TestDatabase.logger) { try $0.decode(UUID.self) }
    }

    static func json(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
    }
}
