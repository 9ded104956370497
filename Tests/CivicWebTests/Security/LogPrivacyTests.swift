import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Issue 13: the access log names routes, not paths: no tracking code, no search terms.
@Suite(.timeLimit(.minutes(2)))
struct LogPrivacyTests {
    @Test func accessLogsHoldNeitherTrackingCodesNorSearchTerms() async throws {
        let lines = CapturingLogHandler.Lines()
        try await TestApp.withApp(logger: CapturingLogHandler.logger(lines)) { client, database in
            let staff = try await StaffFeedbackAPITests.staff(database)
            let item = try await FeedbackFixtures.createItem(client, unit: StaffFeedbackAPITests.office)
            let code = try await PublicListingTests.trackingCode(client, item, token: staff.lan)
            #expect(try await client.execute(uri: "/pakn/\(code)?lang=vi", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/open311/v2/requests/\(code).json", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/pakn?code=\(code)", method: .get).status == .seeOther)
            let search = try await StaffFeedbackAPITests.get(client, "/api/v1/staff/feedback?text=Tam%20Duong%20ruong", token: staff.lan)
            #expect(search.status == .ok)
            // What is logged at info and above, the default LOG_LEVEL.
            let logged = lines.all.filter { line in ["info", "notice", "warning", "error", "critical"].contains { line.hasPrefix($0) } }
            #expect(logged.contains { $0.contains("/pakn/{code}") || $0.contains("/pakn/:code") }, "the route is logged")
            for line in logged {
                #expect(!line.contains(code), "\(line)")
                #expect(!line.contains(String(code.suffix(6))), "\(line)")
                #expect(!line.contains("Tam Duong") && !line.contains("Tam%20Duong"), "\(line)")
            }
        }
    }
}

/// Issue 13: nosniff on every answer, JSON and errors included; HSTS behind HTTPS only.
@Suite(.timeLimit(.minutes(1)))
struct SecurityHeadersTests {
    static let nosniff = HTTPField.Name("X-Content-Type-Options")!
    static let hsts = HTTPField.Name("Strict-Transport-Security")!

    @Test(arguments: [false, true])
    func everyAnswerCarriesNosniffAndHSTSWhenCookiesAreSecure(secure: Bool) async throws {
        try await TestApp.withApp(environment: ["COOKIE_SECURE": secure ? "true" : "false"]) { client, _ in
            for uri in ["/api/v1/forms", "/open311/v2/services.json", "/api/v1/me", "/no/such/page", "/"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.headers[Self.nosniff] == "nosniff", "\(uri)")
                #expect((response.headers[Self.hsts] == "max-age=31536000") == secure, "\(uri)")
            }
        }
    }
}
