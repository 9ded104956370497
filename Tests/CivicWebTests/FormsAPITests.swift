import CivicTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(2)))
struct FormsAPITests {
    @Test func listsCurrentForms() async throws {
        try await TestApp.withApp { client, _ in
            let response = try await client.execute(uri: "/api/v1/forms?lang=en", method: .get)
            #expect(response.status == .ok)
            let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            let ids = (json?["forms"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(Set(ids) == ["sipas", "dossier-rating", "pakn"])
        }
    }

    @Test func resolvedFormMarksFallbacksAndListsOptions() async throws {
        try await TestApp.withApp { client, _ in
            let response = try await client.execute(uri: "/api/v1/forms/sipas?lang=hmn", method: .get)
            #expect(response.status == .ok)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            #expect(json["language"] as? String == "hmn")
            let fallbacks = json["fallbacks"] as? [String] ?? []
            #expect(!fallbacks.isEmpty, "hmn is a partial draft: some strings fall back to vi")
            let sections = json["sections"] as? [[String: Any]] ?? []
            let questions = sections.flatMap { $0["questions"] as? [[String: Any]] ?? [] }
            let overall = try #require(questions.first { $0["id"] as? String == "overall" })
            #expect(overall["type"] as? String == "scale")
            #expect(overall["required"] as? Bool == true)
            let options = overall["options"] as? [[String: Any]] ?? []
            #expect(options.compactMap { $0["value"] as? Int } == [1, 2, 3, 4, 5])
        }
    }

    @Test func unknownFormIs404ProblemAndBadLanguageIs400() async throws {
        try await TestApp.withApp { client, _ in
            let missing = try await client.execute(uri: "/api/v1/forms/nope", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "application/problem+json")
            let bad = try await client.execute(uri: "/api/v1/forms/sipas?lang=%3Cscript%3E", method: .get)
            #expect(bad.status == .badRequest)
        }
    }
}
