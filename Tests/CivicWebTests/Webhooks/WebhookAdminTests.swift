import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import CivicWeb

/// The admin API and console pages of webhook subscriptions: problem+json naming each bad field,
/// the secret shown once, deactivation, and response.stored written by the submission's statement.
@Suite(.timeLimit(.minutes(3)))
struct WebhookAdminTests {
    /// The admin API's JSON calls, as AdminAPITests makes them.
    func call(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String,
              body: String? = nil) async throws -> (TestResponse, [String: Any]) {
        try await AdminAPITests().call(client, method, uri, token: token, body: body)
    }

    @Test func theAPIRefusesBadInputWithProblemsAndShowsTheSecretOnce() async throws {
        try await TestApp.withApp { client, database in
            try await StaffFixtures.addUser(database, "root", role: .admin)
            let token = try await StaffFixtures.token(database, "root")

            // bad input: each problem named, nothing stored, never a 5xx
            let (bad, problem) = try await call(client, .post, "/api/v1/admin/webhooks", token: token, body: """
                {"name": "x", "url": "javascript:alert(1)", "events": ["feedback.received", "feedback.deleted"], "colour": 1}
                """)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.headers[.contentType] == "application/problem+json")
            let codes = (problem["errors"] as? [[String: String]] ?? []).map { "\($0["field"] ?? ""):\($0["code"] ?? "")" }
            #expect(Set(codes) == ["colour:unknown_field", "url:invalid_url", "events:unknown_event"])
            for body in ["", "[]", "{\"name\": 1, \"url\": [], \"events\": \"all\", \"allowsPersonalData\": \"yes\"}", "{", "\u{0}"] {
                let (response, _) = try await call(client, .post, "/api/v1/admin/webhooks", token: token, body: body)
                #expect((400..<500).contains(response.status.code), "\(body): \(response.status)")
            }
            let (unknown, _) = try await call(client, .get, "/api/v1/admin/webhooks/not-a-uuid", token: token)
            #expect(unknown.status == .notFound)
            let (absent, _) = try await call(client, .post, "/api/v1/admin/webhooks/\(UUID().uuidString)/deactivate", token: token)
            #expect(absent.status == .notFound)

            // create: 201 with the secret; the list never shows it
            let (created, answer) = try await call(client, .post, "/api/v1/admin/webhooks", token: token, body: """
                {"name": "Nền tảng tích hợp", "url": "http://127.0.0.1:9/hook", "events": ["response.stored", "feedback.received"]}
                """)
            #expect(created.status == .created)
            let secret = try #require(answer["secret"] as? String)
            #expect(secret.hasPrefix("whsec_") && secret.count == 70)
            let webhook = try #require(answer["webhook"] as? [String: Any])
            #expect(webhook["events"] as? [String] == ["feedback.received", "response.stored"])
            #expect(webhook["allowsPersonalData"] as? Bool == false)
            let id = try #require(webhook["id"] as? String)
            let (listed, list) = try await call(client, .get, "/api/v1/admin/webhooks", token: token)
            #expect(listed.status == .ok)
            #expect((list["webhooks"] as? [[String: Any]])?.count == 1)
            #expect(!String(buffer: listed.body).contains(secret))

            // a response stored is a delivery, written by the submission's own statement
            let response = try await client.execute(uri: "/api/v1/responses", method: .post, headers: [.contentType: "application/json"],
                                                    body: ByteBuffer(string: ResponsesAPITests.body()))
            #expect(response.status == .created)
            let payloads = try await database.query("""
                SELECT event_type, payload ->> 'form_id'
                FROM webhook_deliveries
                """, logger: TestDatabase.logger) { try $0.decode((String, String?).self) }
            #expect(payloads.map { "\($0.0) \($0.1 ?? "")" } == ["response.stored sipas"])
            let (detail, shown) = try await call(client, .get, "/api/v1/admin/webhooks/\(id)", token: token)
            #expect(detail.status == .ok)
            #expect((shown["deliveries"] as? [[String: Any]])?.first?["eventType"] as? String == "response.stored")

            // deactivate
            let (off, offBody) = try await call(client, .post, "/api/v1/admin/webhooks/\(id)/deactivate", token: token)
            #expect(off.status == .ok)
            #expect(offBody["active"] as? Bool == false)
        }
    }

    @Test func theConsolePagesCreateShowTheSecretOnceAndListDeliveries() async throws {
        try await TestApp.withApp { client, database in
            try await StaffFixtures.addUser(database, "root", role: .admin)
            var (browser, _) = try await StaffFixtures.signIn(client, "root")
            let list = try await browser.get(client, "/staff/admin/webhooks")
            #expect(list.status == .ok)
            let html = String(buffer: list.body)
            let csrf = try #require(BrowserSession.formToken(action: "/staff/admin/webhooks", in: html))
            // a bad URL: the form comes back with the message and what was typed
            let refused = try await browser.post(client, "/staff/admin/webhooks", fields: [
                ("csrf", csrf), ("name", "Cổng SMS"), ("url", "ftp://sms.example.vn"), ("events", "feedback.received"),
            ])
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("https://"))
            #expect(String(buffer: refused.body).contains("value=\"Cổng SMS\""))
            // created: the secret on this answer only
            let created = try await browser.post(client, "/staff/admin/webhooks", fields: [
                ("csrf", csrf), ("name", "Cổng SMS <b>"), ("url", "https://sms.example.vn/hook"), ("events", "feedback.received"),
                ("events", "feedback.published"), ("personal", "yes"),
            ])
            #expect(created.status == .created)
            let page = String(buffer: created.body)
            let secret = try #require(page.range(of: "whsec_[0-9a-f]{64}", options: .regularExpression).map { String(page[$0]) })
            #expect(page.contains("Cổng SMS &lt;b&gt;"), "escaped")
            let again = try await browser.get(client, "/staff/admin/webhooks")
            #expect(!String(buffer: again.body).contains(secret))
            let id = try await database.query("SELECT id FROM webhook_subscriptions", logger: TestDatabase.logger) {
                try $0.decode(UUID.self)
            }[0].uuidString.lowercased()
            // an item received: its delivery is listed on the subscription's page
            _ = try await FeedbackFixtures.createItem(client, unit: nil)
            let detail = try await browser.get(client, "/staff/admin/webhooks/\(id)")
            #expect(detail.status == .ok)
            #expect(String(buffer: detail.body).contains("feedback.received"))
            let token = try #require(BrowserSession.formToken(action: "/staff/admin/webhooks/\(id)/deactivate", in: String(buffer: detail.body)))
            let off = try await browser.post(client, "/staff/admin/webhooks/\(id)/deactivate", fields: [("csrf", token)])
            #expect(off.status == .seeOther)
        }
    }
}
