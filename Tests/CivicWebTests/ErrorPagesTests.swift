import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A failure is answered in the form its reader reads, chosen by the route: an HTML page in the
/// reader's language on citizen and staff pages, problem+json on the API and Open311, whatever the
/// `Accept` header says.
@Suite(.timeLimit(.minutes(2)))
struct ErrorPagesTests {
    static let pakn = "/pakn/PAKN.20260101.0001-ABCDEF"

    func expectPage(_ response: TestResponse, _ status: HTTPResponse.Status, language: String, saying text: String,
                    sourceLocation: SourceLocation = #_sourceLocation) {
        let html = String(buffer: response.body)
        #expect(response.status == status, "\(html.prefix(300))", sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == "text/html; charset=utf-8", sourceLocation: sourceLocation)
        #expect(html.contains("<html lang=\"\(language)\">"), "\(html.prefix(300))", sourceLocation: sourceLocation)
        #expect(html.contains(text), "'\(text)' in \(html)", sourceLocation: sourceLocation)
    }

    func expectProblem(_ response: TestResponse, _ status: HTTPResponse.Status,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(response.status == status, sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
        let problem = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
        #expect(problem?["status"] as? Int == Int(status.code), sourceLocation: sourceLocation)
    }

    /// The rows of `feedback_items` vanish under the server (a failure on our side, not the client's).
    /// Done as the superuser: the server's own role (`database` here) may not change the schema.
    static func breakTheFeedbackTable(_ database: Database) async throws {
        let name = try await database.query("SELECT current_database()", logger: TestDatabase.logger) { try $0.decode(String.self) }[0]
        try await TestDatabase.withConnection(to: TestDatabase.serverURL.with(database: name)) { connection in
            _ = try await connection.query("ALTER TABLE feedback_items RENAME TO feedback_items_elsewhere", logger: TestDatabase.logger)
        }
    }

    @Test func anUnknownCitizenPageIsAPageInTheReadersLanguageWhateverAcceptSays() async throws {
        try await TestApp.withApp { client, _ in
            let response = try await client.execute(uri: "/khong-co-trang-nay", method: .get,
                                                    headers: [.accept: "application/json", .acceptLanguage: "en"])
            expectPage(response, .notFound, language: "en", saying: "This page could not be found.")
            #expect(String(buffer: response.body).contains("href=\"/\""))
            let vietnamese = try await client.execute(uri: "/f/sipas/khong-co", method: .get)
            expectPage(vietnamese, .notFound, language: "vi", saying: "Không tìm thấy trang này.")
        }
    }

    @Test func refusalsOfCitizenPostsArePages() async throws {
        try await TestApp.withApp { client, _ in
            // 400: bytes that are not UTF-8
            let garbled = try await client.execute(uri: "/f/sipas", method: .post,
                                                   headers: [.contentType: "application/x-www-form-urlencoded"],
                                                   body: ByteBuffer(bytes: Array("overall=".utf8) + [0xFF, 0xFE]))
            expectPage(garbled, .badRequest, language: "vi", saying: "Không đọc được nội dung gửi lên.")
            // 403: a rating without the form's token
            let forged = try await client.execute(uri: "\(Self.pakn)/rating?lang=en", method: .post,
                                                  headers: [.contentType: "application/x-www-form-urlencoded"],
                                                  body: ByteBuffer(string: "satisfied=yes"))
            expectPage(forged, .forbidden, language: "en", saying: "Your session has expired.")
            // 413: far more than a survey post
            let huge = try await client.execute(uri: "/f/sipas", method: .post,
                                                headers: [.contentType: "application/x-www-form-urlencoded"],
                                                body: ByteBuffer(repeating: UInt8(ascii: "a"), count: 300 * 1024))
            expectPage(huge, .contentTooLarge, language: "vi", saying: "Nội dung gửi lên quá lớn.")
        }
    }

    @Test func anUnknownStaffPageIsAStaffPage() async throws {
        try await TestApp.withApp { client, _ in
            let response = try await client.execute(uri: "/staff/khong-co", method: .get, headers: [.accept: "application/json"])
            expectPage(response, .notFound, language: "vi", saying: "Không tìm thấy trang này.")
            #expect(String(buffer: response.body).contains("href=\"/staff\""))
        }
    }

    @Test func theAPIAndOpen311KeepProblemJSONEvenForABrowser() async throws {
        try await TestApp.withApp { client, _ in
            for uri in ["/api/v1/khong-co", "/open311/v2/khong-co", "/api"] {
                let response = try await client.execute(uri: uri, method: .get, headers: [.accept: "text/html"])
                try expectProblem(response, .notFound)
            }
        }
    }

    @Test func aFailureOnOurSideIsAPageWithTheReferenceToQuote() async throws {
        try await TestApp.withApp { client, database in
            // setup: a handler signed in, then the feedback table goes away
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "lan", role: .handler, unit: "LC")
            var (browser, _) = try await StaffFixtures.signIn(client, "lan")
            try await Self.breakTheFeedbackTable(database)

            // citizen page: 500 in English, the request id to quote
            let citizen = try await client.execute(uri: "/pakn/public", method: .get, headers: [.acceptLanguage: "en"])
            expectPage(citizen, .internalServerError, language: "en", saying: "Something went wrong on our side.")
            let reference = try #require(citizen.headers[HTTPField.Name("X-Request-Id")!])
            #expect(String(buffer: citizen.body).contains("please quote the reference: \(reference)"))
            #expect(!String(buffer: citizen.body).contains("feedback_items"), "nothing internal is shown")

            // staff page: 500 in Vietnamese, with its reference
            let staff = try await browser.get(client, "/staff/feedback")
            expectPage(staff, .internalServerError, language: "vi", saying: "Hệ thống đang gặp sự cố.")
            let staffReference = try #require(staff.headers[HTTPField.Name("X-Request-Id")!])
            #expect(String(buffer: staff.body).contains(staffReference))

            // the API: problem+json naming the reference
            let api = try await client.execute(uri: "/api/v1/feedback/PAKN.20260101.0001-ABCDEF", method: .get)
            try expectProblem(api, .internalServerError)
            #expect(String(buffer: api.body).contains(try #require(api.headers[HTTPField.Name("X-Request-Id")!])))
        }
    }

    @Test func aDatabaseThatIsAwayIsA503PageThatSaysWhenToRetry() async throws {
        try await TestApp.withApp(deadline: .seconds(10)) { client, database in
            let name = try await TestApp.takeDatabaseAway(database)
            let page = try await client.execute(uri: Self.pakn, method: .get, headers: [.acceptLanguage: "en"])
            expectPage(page, .serviceUnavailable, language: "en", saying: "The service is briefly unavailable.")
            #expect(page.headers[.retryAfter] == "5")
            let api = try await client.execute(uri: "/api/v1/feedback/PAKN.20260101.0001-ABCDEF", method: .get)
            try expectProblem(api, .serviceUnavailable)
            #expect(api.headers[.retryAfter] == "5")
            try await TestApp.bringDatabaseBack(name)
        }
    }
}
