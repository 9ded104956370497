import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import CivicWeb

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

extension LogPrivacyTests {
    /// A secret carried in a path segment, like the staff console's one-time set-password links
    /// `/staff/password/<token>`: whether the path is a route of the application or not, no log
    /// line at any level holds it.
    @Test func aSecretInAPathSegmentIsNeverLogged() async throws {
        let secret = "Zk3qT9vLw2RbY7nPx4MfH8sJ"
        let lines = CapturingLogHandler.Lines()
        try await TestApp.withApp(logger: CapturingLogHandler.logger(lines)) { client, _ in
            _ = try await client.execute(uri: "/staff/password/\(secret)", method: .get)
            _ = try await client.execute(uri: "/staff/password/\(secret)", method: .post,
                                         headers: [.contentType: "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: "password=x"))
        }
        // The same path as a route with the secret as its parameter, behind the access log alone.
        let routed = CapturingLogHandler.Lines()
        let router = Router()
        router.add(middleware: AccessLogMiddleware(level: .info))
        router.get("/staff/password/{token}") { _, context in
            try context.parameters.require("token") == secret ? HTTPResponse.Status.ok : .notFound
        }
        let app = Application(router: router, logger: CapturingLogHandler.logger(routed))
        let status = try await app.test(.router) { client throws -> HTTPResponse.Status in
            try await client.execute(uri: "/staff/password/\(secret)", method: .get).status
        }
        #expect(status == .ok)
        #expect(routed.all.contains { $0.contains("/staff/password/{token}") }, "the route's pattern is logged")
        #expect(!lines.all.isEmpty)
        for line in lines.all + routed.all {
            #expect(!line.contains(secret) && !line.contains(secret.prefix(8)), "\(line)")
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
