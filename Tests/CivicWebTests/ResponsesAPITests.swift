import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(2)))
struct ResponsesAPITests {
    static func body(id: UUID = UUID(), overall: Int = 5, extra: String = "") -> String {
        """
        {"id": "\(id.uuidString)", "form": "sipas", "language": "en", "channel": "api",
         "answers": {"a1": 4, "a2": 5, "overall": \(overall), "comment": "Good"}\(extra)}
        """
    }

    func post(_ client: some TestClientProtocol, _ body: String, contentType: String = "application/json") async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/responses", method: .post,
                                 headers: [.contentType: contentType], body: ByteBuffer(string: body))
    }

    func count(_ database: Database) async throws -> Int {
        try await ResponseStore(database: database).count(logger: TestDatabase.logger)
    }

    @Test func createdThenReplayedThenConflict() async throws {
        try await TestApp.withApp { client, database in
            let id = UUID()
            let created = try await post(client, Self.body(id: id))
            #expect(created.status == .created)
            #expect(String(buffer: created.body).contains(#""status":"created""#))
            let replayed = try await post(client, Self.body(id: id))
            #expect(replayed.status == .ok)
            #expect(String(buffer: replayed.body).contains(#""status":"replayed""#))
            let conflict = try await post(client, Self.body(id: id, overall: 1))
            #expect(conflict.status == .conflict)
            #expect(conflict.headers[.contentType] == "application/problem+json")
            #expect(try await count(database) == 1)
            let stored = try await database.query(
                "SELECT channel, answers->>'overall' FROM responses", logger: TestDatabase.logger
            ) { try $0.decode((String, String).self) }
            #expect(stored.first?.0 == "api")
            #expect(stored.first?.1 == "5", "a conflicting resend changes nothing stored")
        }
    }

    @Test func invalidAnswersGet422WithEveryFieldError() async throws {
        try await TestApp.withApp { client, database in
            let body = """
                {"id": "\(UUID().uuidString)", "form": "sipas", "language": "en", "colour": "red",
                 "answers": {"a1": 7, "a2": "five", "nope": 1}}
                """
            let response = try await post(client, body)
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType] == "application/problem+json")
            let problem = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            let errors = problem?["errors"] as? [[String: String]] ?? []
            let fields = Set(errors.map { "\($0["field"] ?? ""):\($0["code"] ?? "")" })
            #expect(fields.contains("colour:unknown_field"))
            #expect(fields.contains("a1:out_of_range"))
            #expect(fields.contains("a2:not_a_number") || fields.contains("a2:wrong_type"))
            #expect(fields.contains("nope:unknown_question"))
            #expect(fields.contains("overall:required"))
            #expect(errors.allSatisfy { !($0["message"] ?? "").isEmpty })
            #expect(try await count(database) == 0)
        }
    }

    @Test(arguments: [
        (#"{"form": "sipas", "language": "en", "answers": {}}"#, "id:required"),
        (#"{"id": "not-a-uuid", "form": "sipas", "language": "en", "answers": {}}"#, "id:invalid_uuid"),
        (#"{"id": "6f1c6b5e-9a38-4a55-8f0e-1d2c3b4a5f60", "form": "nope", "language": "en", "answers": {}}"#, "form:unknown_form"),
        (#"{"id": "6f1c6b5e-9a38-4a55-8f0e-1d2c3b4a5f60", "form": "sipas", "language": "fr", "answers": {"overall": 5}}"#, "language:unknown_language"),
        (#"{"id": "6f1c6b5e-9a38-4a55-8f0e-1d2c3b4a5f60", "form": "sipas", "formVersion": 99, "language": "en", "answers": {"overall": 5}}"#, "formVersion:unknown_version"),
        (#"{"id": "6f1c6b5e-9a38-4a55-8f0e-1d2c3b4a5f60", "form": "sipas", "language": "en", "channel": "fax", "answers": {"overall": 5}}"#, "channel:unknown_option"),
        (#"{"id": 5, "form": "sipas", "language": "en", "answers": []}"#, "id:wrong_type"),
    ])
    func badFieldsAreNamed(body: String, expected: String) async throws {
        try await TestApp.withApp { client, _ in
            let response = try await post(client, body)
            #expect(response.status == .unprocessableContent)
            let problem = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            let errors = problem?["errors"] as? [[String: String]] ?? []
            #expect(errors.contains { "\($0["field"] ?? ""):\($0["code"] ?? "")" == expected }, "\(errors)")
        }
    }

    @Test func wrongContentTypeIs415AndBrokenJSONIs400AndHugeBodyIs413() async throws {
        try await TestApp.withApp { client, database in
            #expect(try await post(client, Self.body(), contentType: "text/plain").status == .unsupportedMediaType)
            #expect(try await post(client, "{\"id\": ").status == .badRequest)
            #expect(try await post(client, "[1, 2]").status == .unprocessableContent)
            let huge = Self.body(extra: #", "pad": ""# + String(repeating: "x", count: 100_000) + "\"")
            let tooLarge = try await post(client, huge)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.headers[.contentType] == "application/problem+json")
            #expect(try await count(database) == 0)
        }
    }

    @Test func fiftyConcurrentReplaysLeaveOneRow() async throws {
        try await TestApp.withApp { client, database in
            let id = UUID()
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<50 {
                    group.addTask { try await post(client, Self.body(id: id)).status }
                }
                var statuses: [HTTPResponse.Status] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }
            #expect(statuses.filter { $0 == .created }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == .ok }.count == 49, "\(statuses.map(\.code))")
            #expect(try await count(database) == 1)
        }
    }

    @Test func decomposedTextIsStoredComposed() async throws {
        try await TestApp.withApp { client, database in
            let decomposed = "Thủ tục nhanh".decomposedStringWithCanonicalMapping
            let body = """
                {"id": "\(UUID().uuidString)", "form": "sipas", "language": "vi",
                 "answers": {"overall": 4, "comment": "\(decomposed)"}}
                """
            #expect(try await post(client, body).status == .created)
            let stored = try await database.query("SELECT answers->>'comment' FROM responses", logger: TestDatabase.logger) {
                try $0.decode(String.self)
            }
            #expect(stored.first.map { Array($0.unicodeScalars) } == Array("Thủ tục nhanh".precomposedStringWithCanonicalMapping.unicodeScalars))
        }
    }
}
