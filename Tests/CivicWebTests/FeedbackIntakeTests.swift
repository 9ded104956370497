import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(2)))
struct FeedbackIntakeTests {
    static func body(id: UUID = UUID(), title: String = "Hồ sơ đất đai chậm", extra: String = "") -> String {
        """
        {"id": "\(id.uuidString)", "language": "vi", "category": "administrative_procedure",
         "title": "\(title)", "content": "Hồ sơ nộp ở Hà Nội từ tháng trước chưa có kết quả."\(extra)}
        """
    }

    func post(_ client: some TestClientProtocol, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/feedback", method: .post, headers: [.contentType: "application/json"],
                                 body: ByteBuffer(string: body))
    }

    func json(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
    }

    @Test func apiIntakeIsIdempotentAndGivesATrackingCode() async throws {
        try await TestApp.withApp { client, database in
            let id = UUID()
            let created = try await post(client, Self.body(id: id))
            #expect(created.status == .created)
            let code = try #require(try json(created)["trackingCode"] as? String)
            let parsed = try #require(TrackingCode(parsing: code))
            #expect(parsed.sequence == 1)
            #expect(code.hasPrefix("PAKN."))
            let replay = try await post(client, Self.body(id: id))
            #expect(replay.status == .ok)
            #expect(try json(replay)["trackingCode"] as? String == code)
            let conflict = try await post(client, Self.body(id: id, title: "Khác"))
            #expect(conflict.status == .conflict)
            // A second item the same day takes the next number.
            let second = try await post(client, Self.body())
            #expect(TrackingCode(parsing: try json(second)["trackingCode"] as? String ?? "")?.sequence == 2)

            let status = try await client.execute(uri: "/api/v1/feedback/\(code.lowercased())", method: .get)
            #expect(status.status == .ok)
            #expect(try json(status)["state"] as? String == "received")
            let events = try await database.query("SELECT count(*) FROM feedback_events", logger: TestDatabase.logger) {
                try $0.decode(Int.self)
            }
            #expect(events == [2])
        }
    }

    @Test func anItemIsReceivedOnTheClocksDayInVietnam() async throws {
        // 17:30 UTC on 14 March is already 00:30 on 15 March in Vietnam.
        let clock = ServiceClock.fixed(at: try #require(ISO8601DateFormatter().date(from: "2026-03-14T17:30:00Z")))
        try await TestApp.withApp(clock: clock) { client, database in
            let created = try await post(client, Self.body())
            #expect(created.status == .created)
            let code = try #require(try json(created)["trackingCode"] as? String)
            #expect(code.hasPrefix("PAKN.20260315."), "\(code)")
            let days = try await database.query("SELECT received_on::text FROM feedback_items", logger: TestDatabase.logger) {
                try $0.decode(String.self)
            }
            #expect(days == ["2026-03-15"])
        }
    }

    @Test func concurrentReplaysStoreOneItem() async throws {
        try await TestApp.withApp { client, database in
            let id = UUID()
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<20 { group.addTask { try await post(client, Self.body(id: id)).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1)
            #expect(statuses.filter { $0 == .ok }.count == 19)
            let rows = try await database.query("SELECT count(*), max(daily_sequence) FROM feedback_items", logger: TestDatabase.logger) {
                try $0.decode((Int, Int).self)
            }
            #expect(rows.first?.0 == 1)
            #expect(rows.first?.1 == 1, "losing replays give their sequence number back")
        }
    }

    @Test func invalidFeedbackListsEveryError() async throws {
        try await TestApp.withApp { client, _ in
            let body = """
                {"id": "\(UUID().uuidString)", "category": "weather", "title": "", "colour": 1,
                 "contact": {"email": "not-an-email"}, "attachments": [{"fileName": "../../etc/passwd", "contentBase64": "cm9vdDp4OjA6MA=="}]}
                """
            let response = try await post(client, body)
            #expect(response.status == .unprocessableContent)
            let errors = (try json(response)["errors"] as? [[String: String]] ?? []).map { "\($0["field"] ?? ""):\($0["code"] ?? "")" }
            #expect(errors.contains("colour:unknown_field"))
            #expect(errors.contains("category:unknown_option"))
            #expect(errors.contains("title:required"))
            #expect(errors.contains("content:required"))
            #expect(errors.contains("contact.email:invalid_email"))
            #expect(errors.contains("attachments:attachment_type"))
        }
    }

    @Test func contactDetailsNeedConsentAndAreStoredEncrypted() async throws {
        try await TestApp.withApp { client, database in
            let contact = #", "contact": {"name": "Nguyễn Thị Hoa", "email": "hoa.nguyen@example.vn", "phone": "0912 345 678"}"#
            let refused = try await post(client, Self.body(extra: contact))
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("contact_consent"))

            let created = try await post(client, Self.body(extra: contact + #", "contactConsent": true"#))
            #expect(created.status == .created)
            let code = try #require(try json(created)["trackingCode"] as? String)
            let dump = try await database.query(
                "SELECT coalesce(string_agg(row_to_json(c)::text, '\n'), '') FROM contacts c", logger: TestDatabase.logger
            ) { try $0.decode(String.self) }.joined()
            #expect(!dump.isEmpty)
            // Whole values only: a four-digit fragment such as "0912" turns up by chance in the
            // hexadecimal of random nonces and ciphertexts (once in a few hundred runs).
            for plain in ["Nguyễn Thị Hoa", "hoa.nguyen", "0912345678", "912345678", "0912 345 678"] {
                #expect(!dump.contains(plain), "plaintext \(plain) in the contacts table")
            }
            // The citizen's status page never shows contact details.
            let page = String(buffer: try await client.execute(uri: "/pakn/\(code)?lang=vi", method: .get).body)
            #expect(page.contains(code))
            #expect(!page.contains("Hoa") && !page.contains("912345678") && !page.contains("example.vn"))
        }
    }

    @Test func webFormTakesAttachmentsAndRedirectsToTheStatusPage() async throws {
        try await TestApp.withApp { client, database in
            var browser = BrowserSession()
            let page = try await browser.get(client, "/pakn/new?lang=en")
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("enctype=\"multipart/form-data\""))
            #expect(html.contains("name=\"contact_consent\" value=\"yes\">"), "consent is never pre-ticked")
            let csrf = try #require(BrowserSession.hiddenField("csrf", in: html))
            let sid = try #require(BrowserSession.hiddenField("sid", in: html))
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 100)
            let response = try await browser.postMultipart(client, "/pakn/new", fields: [
                ("csrf", csrf), ("sid", sid), ("lang", "en"), ("category", "regulation"),
                ("title", "Biểu mẫu khó hiểu"), ("content", "Mẫu tờ khai mới khó điền."),
            ], files: [("attachments", "..\\..\\photo.png", png)])
            #expect(response.status == .seeOther)
            let location = try #require(response.headers[.location])
            #expect(location.hasPrefix("/pakn/PAKN."))
            let stored = try await database.query(
                "SELECT file_name, media_type, size_bytes FROM feedback_attachments", logger: TestDatabase.logger
            ) { try $0.decode((String, String, Int).self) }
            #expect(stored.first?.0 == "photo.png")
            #expect(stored.first?.1 == "image/png")
            #expect(stored.first?.2 == png.count)
            let status = try await browser.get(client, location)
            #expect(status.status == .ok)
            #expect(String(buffer: status.body).contains("Received"))
        }
    }

    @Test func oversizedAndUnknownAttachmentsAreRefusedWithTheAnswersKept() async throws {
        try await TestApp.withApp { client, database in
            var browser = BrowserSession()
            let html = String(buffer: try await browser.get(client, "/pakn/new?lang=vi").body)
            let csrf = try #require(BrowserSession.hiddenField("csrf", in: html))
            let big = [UInt8]("%PDF-1.7\n".utf8) + Array(repeating: 0x20, count: 2 * 1024 * 1024 + 1)
            let response = try await browser.postMultipart(client, "/pakn/new", fields: [
                ("csrf", csrf), ("lang", "vi"), ("category", "other"), ("title", "Giữ lại tiêu đề"), ("content", "Nội dung"),
            ], files: [("attachments", "big.pdf", big), ("attachments", "run.exe", [0x4D, 0x5A, 0x90, 0x00])])
            #expect(response.status == .unprocessableContent)
            let page = String(buffer: response.body)
            #expect(page.contains("value=\"Giữ lại tiêu đề\""))
            #expect(page.contains("id=\"e-attachments\""))
            let count = try await database.query("SELECT count(*) FROM feedback_items", logger: TestDatabase.logger) {
                try $0.decode(Int.self)
            }
            #expect(count == [0])
        }
    }

    @Test func unknownTrackingCodesAreNotFound() async throws {
        try await TestApp.withApp { client, _ in
            for uri in ["/pakn/PAKN.20261127.0001-ABCDEF", "/pakn/garbage", "/api/v1/feedback/PAKN.20261127.0001-ABCDEF"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .notFound, "\(uri)")
            }
        }
    }
}
