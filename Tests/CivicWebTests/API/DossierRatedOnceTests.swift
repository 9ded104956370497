import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A dossier is rated once per form version (issue 13): a second rating of the same dossier code
/// answers 409 and stores nothing, through the API, the citizen form, and when the two arrive in
/// one batch of the group commit.
@Suite(.timeLimit(.minutes(2)))
struct DossierRatedOnceTests {
    static func body(id: UUID = UUID(), dossier: String, overall: Int = 5) -> String {
        """
        {"id": "\(id.uuidString)", "form": "dossier-rating", "language": "vi", "channel": "api",
         "answers": {"dossier_code": "\(dossier)", "overall_service": \(overall)}}
        """
    }

    func post(_ client: some TestClientProtocol, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/responses", method: .post,
                                 headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
    }

    func stored(_ database: Database) async throws -> [String] {
        try await database.query("""
            SELECT r.answers ->> 'overall_service'
            FROM responses r
            JOIN dossier_ratings d ON d.response_id = r.id
            ORDER BY r.submitted_at
            """, logger: TestDatabase.logger) { try $0.decode(String.self) }
    }

    @Test func aSecondRatingOfOneDossierIsRefusedAndTheFirstStands() async throws {
        try await TestApp.withApp { client, database in
            let first = UUID()
            #expect(try await post(client, Self.body(id: first, dossier: "000.00.25.H39-260310-0001")).status == .created)
            let again = try await post(client, Self.body(dossier: "000.00.25.H39-260310-0001", overall: 1))
            #expect(again.status == .conflict)
            #expect(again.headers[.contentType] == "application/problem+json")
            #expect(String(buffer: again.body).contains("already rated"))
            // The first response's own replay is still a replay, and another dossier is rated.
            #expect(try await post(client, Self.body(id: first, dossier: "000.00.25.H39-260310-0001")).status == .ok)
            #expect(try await post(client, Self.body(dossier: "000.00.25.H39-260310-0002", overall: 4)).status == .created)
            #expect(try await stored(database) == ["5", "4"])
            #expect(try await ResponseStore(database: database).count(logger: TestDatabase.logger) == 2)
        }
    }

    @Test func ratingsOfOneDossierSentTogetherStoreExactlyOne() async throws {
        try await TestApp.withApp { client, database in
            // Twenty at once go through the batch writer together: one batch holds several of them.
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for overall in 0..<20 {
                    group.addTask { try await post(client, Self.body(dossier: "HS-CHUNG-1", overall: 1 + overall % 5)).status }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 19)
            #expect(try await stored(database).count == 1)
            #expect(try await ResponseStore(database: database).count(logger: TestDatabase.logger) == 1)
        }
    }

    @Test func theCitizenFormSaysTheDossierWasRatedAndKeepsWhatWasTyped() async throws {
        try await TestApp.withApp { client, database in
            #expect(try await post(client, Self.body(dossier: "HS-2026-77")).status == .created)
            var browser = BrowserSession()
            let page = String(buffer: try await browser.get(client, "/f/dossier-rating").body)
            let csrf = try #require(BrowserSession.hiddenField("csrf", in: page))
            let sid = try #require(BrowserSession.hiddenField("sid", in: page))
            let response = try await browser.post(client, "/f/dossier-rating", fields: [
                ("csrf", csrf), ("sid", sid), ("lang", "vi"), ("dossier_code", "HS-2026-77"), ("overall_service", "2"),
            ])
            #expect(response.status == .conflict)
            let html = String(buffer: response.body)
            #expect(html.contains("Hồ sơ này đã được đánh giá"))
            #expect(html.contains("value=\"HS-2026-77\""))
            #expect(try await stored(database) == ["5"])
        }
    }
}
