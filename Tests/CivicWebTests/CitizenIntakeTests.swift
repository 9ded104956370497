import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// What every intake shares: the survey and PAKN forms take one path (body, CSRF, honeypot), and
/// one per-address limit counts the web forms, the JSON API and Open311 alike, each refusing in
/// its own form.
@Suite(.timeLimit(.minutes(2)))
struct CitizenIntakeTests {
    static let paknFields = [("category", "regulation"), ("title", "Biểu mẫu khó hiểu"), ("content", "Mẫu tờ khai mới khó điền.")]

    func count(_ table: String, _ database: Database) async throws -> Int {
        try await database.query("SELECT count(*) FROM \(unescaped: table)", logger: TestDatabase.logger) {
            try $0.decode(Int.self)
        }[0]
    }

    /// The page's CSRF token, read as a browser would.
    func token(_ browser: inout BrowserSession, _ client: some TestClientProtocol, _ page: String) async throws -> String {
        try #require(BrowserSession.hiddenField("csrf", in: String(buffer: try await browser.get(client, page).body)))
    }

    @Test func theHoneypotIsAnsweredCountedAndLoggedAtBothForms() async throws {
        let lines = CapturingLogHandler.Lines()
        try await TestApp.withApp(logger: CapturingLogHandler.logger(lines)) { client, database in
            var browser = BrowserSession()
            let survey = try await browser.post(client, "/f/sipas", fields: [
                ("csrf", try await token(&browser, client, "/f/sipas")), ("website", "http://spam.example"),
            ] + CitizenPagesTests.sipasAnswers)
            #expect(survey.status == .seeOther, "a bot is answered as a person would be")
            let pakn = try await browser.post(client, "/pakn/new", fields: [
                ("csrf", try await token(&browser, client, "/pakn/new")), ("website", "http://spam.example"),
            ] + Self.paknFields)
            #expect(pakn.status == .ok)
            #expect(try await count("responses", database) == 0)
            #expect(try await count("feedback_items", database) == 0)
            let discarded = lines.all.filter { $0.contains("honeypot submission discarded") }
            #expect(discarded.count == 2)
            #expect(discarded.contains { $0.contains("sipas") } && discarded.contains { $0.contains("pakn") })
        }
    }

    @Test func aPAKNPostWithAStaleTokenKeepsEverythingTypedAndRemembersTheLanguage() async throws {
        try await TestApp.withApp { client, database in
            var browser = BrowserSession()
            _ = try await browser.get(client, "/pakn/new")
            let response = try await browser.post(client, "/pakn/new", fields: [("csrf", "stale"), ("lang", "en")] + Self.paknFields)
            #expect(response.status == .forbidden)
            let html = String(buffer: response.body)
            #expect(html.contains("<html lang=\"en\">"))
            #expect(html.contains("value=\"Biểu mẫu khó hiểu\""))
            #expect(browser.cookies["cv_lang"] == "en")
            #expect(try await count("feedback_items", database) == 0)
        }
    }

    @Test func oneLimitCountsEveryIntakeAndEachRefusesInItsOwnForm() async throws {
        try await TestApp.withApp(environment: ["RATE_LIMIT_PER_MINUTE": "3"]) { client, database in
            // setup: three submissions, one at each of three intakes, use up the address's allowance
            var browser = BrowserSession()
            let surveyToken = try await token(&browser, client, "/f/sipas")
            let paknToken = try await token(&browser, client, "/pakn/new")
            #expect(try await browser.post(client, "/f/sipas", fields: [("csrf", surveyToken)] + CitizenPagesTests.sipasAnswers)
                .status == .seeOther)
            #expect(try await browser.post(client, "/pakn/new", fields: [("csrf", paknToken)] + Self.paknFields).status == .seeOther)
            try await FeedbackFixtures.createItem(client, unit: nil)

            // act + validate: the fourth is refused everywhere, each intake in its own form
            let survey = try await browser.post(client, "/f/sipas?lang=en", fields: [("csrf", surveyToken)] + CitizenPagesTests.sipasAnswers)
            #expect(survey.status == .tooManyRequests)
            #expect(String(buffer: survey.body).contains("Too many submissions"))
            let pakn = try await browser.post(client, "/pakn/new", fields: [("csrf", paknToken)] + Self.paknFields)
            #expect(pakn.status == .tooManyRequests)
            #expect(String(buffer: pakn.body).contains("<html lang=\"vi\">"))
            let api = try await client.execute(uri: "/api/v1/responses", method: .post,
                                               headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}"))
            #expect(api.status == .tooManyRequests)
            #expect(api.headers[.contentType] == "application/problem+json")
            let open311 = try await client.execute(uri: "/open311/v2/requests.json", method: .post,
                                                   headers: [.contentType: "application/x-www-form-urlencoded"],
                                                   body: ByteBuffer(string: "service_code=regulation&description=x"))
            #expect(open311.status == .tooManyRequests)
            let geoReport = try JSONSerialization.jsonObject(with: Data(buffer: open311.body)) as? [[String: Any]]
            #expect(geoReport?.first?["code"] as? Int == 429)
            for response in [survey, pakn, api, open311] {
                #expect(response.headers[.retryAfter] == "60")
            }
            #expect(try await count("responses", database) == 1)
            #expect(try await count("feedback_items", database) == 2)
        }
    }
}
