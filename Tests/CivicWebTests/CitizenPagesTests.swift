import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(2)))
struct CitizenPagesTests {
    /// Every element question of sipas answered 4, overall 5: a complete, valid response.
    static let sipasAnswers: [(String, String)] =
        ["a1", "a2", "a3", "a4", "p1", "p2", "p3", "p4", "p5", "c1", "c2", "c3", "c4", "c5", "c6", "r1", "r2", "r3",
         "f1", "f2", "f3", "f4"].map { ($0, "4") } + [("overall", "5")]

    func storedResponses(_ database: Database) async throws -> [(String, String, String)] {
        try await database.query("""
            SELECT language, channel, answers::text
            FROM responses
            ORDER BY submitted_at
            """, logger: TestDatabase.logger) { try $0.decode((String, String, String).self) }
    }

    @Test func indexListsTheSurveysInTheReadersLanguage() async throws {
        try await TestApp.withApp { client, _ in
            var browser = BrowserSession()
            let response = try await browser.get(client, "/", headers: [.acceptLanguage: "en-GB,en;q=0.9"])
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            #expect(html.contains("<html lang=\"en\">"), "\(html)")
            #expect(html.contains("href=\"/f/sipas\""))
            #expect(html.contains("href=\"/f/dossier-rating\""))
            #expect(!html.contains("href=\"/f/pakn\""), "feedback forms are not surveys")
        }
    }

    @Test func hmongPageMarksEveryFallbackWithItsLanguage() async throws {
        try await TestApp.withApp { client, _ in
            var browser = BrowserSession()
            let response = try await browser.get(client, "/f/sipas?lang=hmn")
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            #expect(html.contains("<html lang=\"hmn\">"))
            // Translated in hmn.
            #expect(html.contains("Txaus siab heev"))
            // Not translated: shown in Vietnamese, marked as such.
            #expect(html.contains(" lang=\"vi\""))
            #expect(browser.cookies["cv_lang"] == "hmn")
            #expect(browser.cookies["cv_csrf"] != nil)
            #expect(response.body.readableBytes < 30 * 1024, "a form page weighs at most 30 KB with its CSS")
            #expect(!html.contains("<script"))
        }
    }

    @Test func languageComesFromTheCookieThenAcceptLanguage() async throws {
        try await TestApp.withApp { client, _ in
            var browser = BrowserSession()
            let fromHeader = try await browser.get(client, "/f/sipas", headers: [.acceptLanguage: "fr, en;q=0.5"])
            #expect(String(buffer: fromHeader.body).contains("<html lang=\"en\">"))
            browser.cookies["cv_lang"] = "hmn"
            let fromCookie = try await browser.get(client, "/f/sipas", headers: [.acceptLanguage: "en"])
            #expect(String(buffer: fromCookie.body).contains("<html lang=\"hmn\">"))
            var stranger = BrowserSession()
            let fallback = try await stranger.get(client, "/f/sipas", headers: [.acceptLanguage: "fr"])
            #expect(String(buffer: fallback.body).contains("<html lang=\"vi\">"))
        }
    }

    /// The blank page is drawn once and reused (BlankFormCache): each reader must still get their
    /// own submission id and a token for their own cookie, and nothing of the slots may show.
    @Test func aReusedBlankPageStillGivesEachReaderTheirOwnIdAndToken() async throws {
        try await TestApp.withApp { client, _ in
            var first = BrowserSession(), second = BrowserSession()
            let pages = [String(buffer: try await first.get(client, "/f/sipas?lang=vi").body),
                         String(buffer: try await first.get(client, "/f/sipas?lang=vi").body),
                         String(buffer: try await second.get(client, "/f/sipas?lang=vi").body)]
            let ids = pages.compactMap { BrowserSession.hiddenField("sid", in: $0) }
            #expect(Set(ids).count == 3)
            let tokens = pages.compactMap { BrowserSession.hiddenField("csrf", in: $0) }
            #expect(tokens.count == 3)
            #expect(tokens[2] != tokens[0])
            #expect(!pages.contains { $0.contains("slot-") })
            // Everything but the two fields is the same page.
            let blanked = pages.map { page in
                zip(ids, tokens).reduce(page) { $0.replacingOccurrences(of: $1.0, with: "").replacingOccurrences(of: $1.1, with: "") }
            }
            #expect(Set(blanked).count == 1)
        }
    }

    @Test func submittingStoresTheResponseAndRedirectsToThanks() async throws {
        try await TestApp.withApp { client, database in
            var browser = BrowserSession()
            let page = String(buffer: try await browser.get(client, "/f/sipas?lang=en").body)
            let csrf = try #require(BrowserSession.hiddenField("csrf", in: page))
            let sid = try #require(BrowserSession.hiddenField("sid", in: page))

            let response = try await browser.post(client, "/f/sipas", fields: [("csrf", csrf), ("sid", sid), ("lang", "en")]
                + Self.sipasAnswers + [("comment", "Cán bộ rất tận tình")])

            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/f/sipas/thanks?lang=en")
            let rows = try await storedResponses(database)
            #expect(rows.count == 1)
            #expect(rows.first?.0 == "en")
            #expect(rows.first?.1 == "web")
            #expect(rows.first?.2.contains("\"overall\": 5") == true)
            let thanks = try await browser.get(client, "/f/sipas/thanks?lang=en")
            #expect(thanks.status == .ok)

            // Pressing the button twice (same submission id) stores nothing more.
            let again = try await browser.post(client, "/f/sipas", fields: [("csrf", csrf), ("sid", sid), ("lang", "en")]
                + Self.sipasAnswers + [("comment", "Cán bộ rất tận tình")])
            #expect(again.status == .seeOther)
            #expect(try await storedResponses(database).count == 1)
        }
    }

    @Test func errorsReShowTheFormWithEveryAnswerKept() async throws {
        try await TestApp.withApp { client, database in
            var browser = BrowserSession()
            let page = String(buffer: try await browser.get(client, "/f/sipas?lang=vi").body)
            let csrf = try #require(BrowserSession.hiddenField("csrf", in: page))
            let sid = try #require(BrowserSession.hiddenField("sid", in: page))

            // overall is required and missing; a2 is out of range; the comment must survive.
            let response = try await browser.post(client, "/f/sipas", fields: [
                ("csrf", csrf), ("sid", sid), ("lang", "vi"), ("a1", "5"), ("a2", "9"), ("comment", "Giữ nguyên <b>câu</b> này"),
            ])

            #expect(response.status == .unprocessableContent)
            let html = String(buffer: response.body)
            #expect(html.contains("role=\"alert\""))
            #expect(html.contains("id=\"e-overall\""))
            #expect(html.contains("id=\"e-a2\""))
            #expect(html.contains("name=\"a1\" value=\"5\" checked"))
            #expect(html.contains("Giữ nguyên &lt;b&gt;câu&lt;/b&gt; này"), "kept, and escaped")
            #expect(html.contains("<html lang=\"vi\">"))
            #expect(try await storedResponses(database).isEmpty)
        }
    }

    @Test func missingOrForgedCSRFTokenStoresNothing() async throws {
        try await TestApp.withApp { client, database in
            var browser = BrowserSession()
            let page = String(buffer: try await browser.get(client, "/f/sipas?lang=en").body)
            let sid = try #require(BrowserSession.hiddenField("sid", in: page))

            let forged = try await browser.post(client, "/f/sipas", fields: [("csrf", "forged"), ("sid", sid)] + Self.sipasAnswers)
            #expect(forged.status == .forbidden)
            let html = String(buffer: forged.body)
            #expect(html.contains("name=\"overall\" value=\"5\" checked"), "answers are kept for a second try")
            var stranger = BrowserSession()
            let noCookie = try await stranger.post(client, "/f/sipas", fields: [("sid", sid)] + Self.sipasAnswers)
            #expect(noCookie.status == .forbidden)
            #expect(try await storedResponses(database).isEmpty)

            // The re-shown form carries a valid token: sending it again works.
            let retryToken = try #require(BrowserSession.hiddenField("csrf", in: html))
            let retry = try await browser.post(client, "/f/sipas", fields: [("csrf", retryToken), ("sid", sid)] + Self.sipasAnswers)
            #expect(retry.status == .seeOther)
            #expect(try await storedResponses(database).count == 1)
        }
    }

    @Test func honeypotSubmissionsAreAnsweredButNotStored() async throws {
        try await TestApp.withApp { client, database in
            var browser = BrowserSession()
            let page = String(buffer: try await browser.get(client, "/f/sipas").body)
            let csrf = try #require(BrowserSession.hiddenField("csrf", in: page))
            let response = try await browser.post(client, "/f/sipas", fields: [("csrf", csrf), ("website", "http://spam.example")]
                + Self.sipasAnswers)
            #expect(response.status == .seeOther)
            #expect(try await storedResponses(database).isEmpty)
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"civicvoice_blocked_submissions_total{reason="honeypot"}"#))
        }
    }

    @Test func rateLimitAnswers429InTheCitizensLanguage() async throws {
        try await TestApp.withApp(environment: ["RATE_LIMIT_PER_MINUTE": "2"]) { client, _ in
            var browser = BrowserSession()
            let page = String(buffer: try await browser.get(client, "/f/sipas?lang=en").body)
            let csrf = try #require(BrowserSession.hiddenField("csrf", in: page))
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 {
                let response = try await browser.post(client, "/f/sipas", fields: [("csrf", csrf), ("lang", "en")] + Self.sipasAnswers)
                statuses.append(response.status)
                if response.status == .tooManyRequests {
                    #expect(String(buffer: response.body).contains("<html lang=\"en\">"))
                    #expect(response.headers[.retryAfter] == "60")
                }
            }
            #expect(statuses == [.seeOther, .seeOther, .tooManyRequests])
        }
    }

    @Test func decomposedInputIsStoredComposed() async throws {
        try await TestApp.withApp { client, database in
            var browser = BrowserSession()
            let page = String(buffer: try await browser.get(client, "/f/sipas").body)
            let csrf = try #require(BrowserSession.hiddenField("csrf", in: page))
            let decomposed = "Hà Nội".decomposedStringWithCanonicalMapping
            #expect(decomposed.unicodeScalars.count > "Hà Nội".unicodeScalars.count)
            _ = try await browser.post(client, "/f/sipas", fields: [("csrf", csrf)] + Self.sipasAnswers + [("comment", decomposed)])
            let stored = try await database.query("SELECT answers->>'comment' FROM responses", logger: TestDatabase.logger) {
                try $0.decode(String.self)
            }
            #expect(stored.first?.unicodeScalars.elementsEqual("Hà Nội".precomposedStringWithCanonicalMapping.unicodeScalars) == true)
        }
    }

    @Test func unknownFormIsANotFoundPage() async throws {
        try await TestApp.withApp { client, _ in
            let response = try await client.execute(uri: "/f/no-such-form?lang=en", method: .get)
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
        }
    }
}
