import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(2)))
struct StaffSessionTests {
    @Test func signInShowsGrantsAndSignOutEndsTheSessionEverywhere() async throws {
        try await TestApp.withApp { client, database in
            // setup
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "lan", role: .analyst, unit: "LC.SVHTTDL")
            // act
            var (browser, response) = try await StaffFixtures.signIn(client, "LAN")
            // validate: a strict, HttpOnly, expiring cookie, and the home page shows the grants
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/staff")
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("cv_staff=") })
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800"] {
                #expect(cookie.contains(attribute), "\(attribute) in \(cookie)")
            }
            let stolen = browser.cookies
            let home = try await browser.get(client, "/staff")
            #expect(home.status == .ok)
            let html = String(buffer: home.body)
            #expect(html.contains("lan"))
            #expect(html.contains("Phân tích số liệu: LC.SVHTTDL"))
            // sign out: the cookie is cleared and the one copied before no longer works either
            let csrf = try #require(BrowserSession.hiddenField("csrf", in: html))
            let out = try await browser.post(client, "/staff/logout", fields: [("csrf", csrf)])
            #expect(out.status == .seeOther)
            #expect(out.headers[values: .setCookie].contains { $0.hasPrefix("cv_staff=;") && $0.contains("Max-Age=0") })
            var thief = BrowserSession(cookies: stolen)
            #expect(try await thief.get(client, "/staff").status == .unauthorized)
            let actions = try await AuditLog(database: database).recent(limit: 3, logger: TestDatabase.logger).map(\.action)
            #expect(actions.prefix(2) == ["session.logout", "session.login"])
        }
    }

    @Test func aWrongPasswordAndAnUnknownLoginLookTheSame() async throws {
        try await TestApp.withApp { client, database in
            try await StaffFixtures.addUser(database, "lan", role: .admin)
            let (_, wrong) = try await StaffFixtures.signIn(client, "lan", password: "not the password at all")
            let (_, unknown) = try await StaffFixtures.signIn(client, "nobody", password: "not the password at all")
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            for response in [wrong, unknown] {
                #expect(String(buffer: response.body).contains("Tên đăng nhập hoặc mật khẩu không đúng."))
                #expect(!response.headers[values: .setCookie].contains { $0.hasPrefix("cv_staff=") })
            }
        }
    }

    @Test func aDisabledAccountCannotSignInAndLosesItsSession() async throws {
        try await TestApp.withApp { client, database in
            try await StaffFixtures.addUser(database, "lan", role: .admin)
            var (browser, _) = try await StaffFixtures.signIn(client, "lan")
            #expect(try await browser.get(client, "/staff").status == .ok)
            _ = try await StaffFixtures.accounts(database).disable(login: "lan", by: StaffFixtures.cli, logger: TestDatabase.logger)
            #expect(try await browser.get(client, "/staff").status == .unauthorized)
            let (_, again) = try await StaffFixtures.signIn(client, "lan")
            #expect(again.status == .unauthorized)
        }
    }

    @Test func aSessionEndsEightHoursAfterSignInByTheServicesClock() async throws {
        let start = try #require(ISO8601DateFormatter().date(from: "2026-06-01T01:00:00Z"))
        let hand = ClockHand(start)
        try await TestApp.withApp(clock: hand.clock) { client, database in
            try await StaffFixtures.addUser(database, "lan", role: .admin)
            var (browser, _) = try await StaffFixtures.signIn(client, "lan")
            hand.set(start.addingTimeInterval(8 * 3600 - 60))
            #expect(try await browser.get(client, "/staff").status == .ok)
            hand.set(start.addingTimeInterval(8 * 3600 + 60))
            #expect(try await browser.get(client, "/staff").status == .unauthorized)
        }
    }

    @Test func signInWithoutTheFormsTokenIsRefused() async throws {
        try await TestApp.withApp { client, database in
            try await StaffFixtures.addUser(database, "lan", role: .admin)
            var browser = BrowserSession()
            _ = try await browser.get(client, "/staff/login")
            let response = try await browser.post(client, "/staff/login",
                                                  fields: [("csrf", "forged"), ("login", "lan"), ("password", StaffFixtures.password)])
            #expect(response.status == .forbidden)
            #expect(!response.headers[values: .setCookie].contains { $0.hasPrefix("cv_staff=") })
        }
    }

    @Test func repeatedFailuresAreThrottledPerAccount() async throws {
        try await TestApp.withApp { client, database in
            // setup
            try await StaffFixtures.addUser(database, "lan", role: .admin)
            try await StaffFixtures.addUser(database, "minh", role: .admin)
            // act: five wrong passwords use up the account's allowance
            for _ in 1...5 {
                let (_, response) = try await StaffFixtures.signIn(client, "lan", password: "wrong password, again")
                #expect(response.status == .unauthorized)
            }
            // validate: now even the right password is not checked, for this account only
            let (_, throttled) = try await StaffFixtures.signIn(client, "lan")
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.headers[.retryAfter] != nil)
            #expect(!throttled.headers[values: .setCookie].contains { $0.hasPrefix("cv_staff=") })
            let (_, other) = try await StaffFixtures.signIn(client, "minh")
            #expect(other.status == .seeOther)
        }
    }

    @Test func failuresAcrossManyAccountsAreThrottledPerAddress() async throws {
        try await TestApp.withApp { client, database in
            // setup: every test request comes from the same (hashed) address
            try await StaffFixtures.addUser(database, "lan", role: .admin)
            // act: twenty failures, each on another login, use up the address's allowance
            for attempt in 1...20 {
                let (_, response) = try await StaffFixtures.signIn(client, "guess\(attempt)", password: "some password here")
                #expect(response.status == .unauthorized)
            }
            // validate: a valid account is refused from that address too, without a password check
            let (_, throttled) = try await StaffFixtures.signIn(client, "lan")
            #expect(throttled.status == .tooManyRequests)
        }
    }

    @Test func aForgedOrAlteredCookieIsRefused() async throws {
        try await TestApp.withApp { client, database in
            try await StaffFixtures.addUser(database, "lan", role: .admin)
            try await StaffFixtures.addUser(database, "admin", role: .admin)
            let (browser, _) = try await StaffFixtures.signIn(client, "lan")
            let value = try #require(browser.cookies["cv_staff"])
            var parts = value.split(separator: ".").map(String.init)
            parts[1] = "2"  // another user's id, same signature
            var forged = BrowserSession(cookies: ["cv_staff": parts.joined(separator: ".")])
            #expect(try await forged.get(client, "/staff").status == .unauthorized)
            var garbage = BrowserSession(cookies: ["cv_staff": "v1.1.0.99999999999.AAAA"])
            #expect(try await garbage.get(client, "/staff").status == .unauthorized)
        }
    }
}
