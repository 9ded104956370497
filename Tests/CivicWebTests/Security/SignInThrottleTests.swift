import CivicCore
import CivicStore
import CivicWeb
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Issue 13, must fix 2: sign-in attempts are reserved before the password is checked, so parallel
/// guesses cannot race past the throttle; a third party cannot lock a known account out; failed
/// sign-ins are audited without the password.
@Suite(.timeLimit(.minutes(3)))
struct SignInThrottleTests {
    /// Clients are told apart by the address a trusted proxy forwards (the test server's peer is 127.0.0.1).
    static let environment = ["TRUSTED_PROXIES": "127.0.0.1"]

    /// One sign-in from `address`, through the login form (a CSRF cookie and its token).
    static func signIn(_ client: some TestClientProtocol, login: String, password: String,
                       from address: String) async throws -> HTTPResponse.Status {
        let forwarded: HTTPFields = [HTTPField.Name("X-Forwarded-For")!: address]
        var browser = BrowserSession()
        let form = try await browser.get(client, "/staff/login", headers: forwarded)
        let csrf = BrowserSession.hiddenField("csrf", in: String(buffer: form.body)) ?? ""
        var headers = browser.cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers.append(contentsOf: forwarded)
        let body = [("csrf", csrf), ("login", login), ("password", password)]
            .map { "\(BrowserSession.encode($0.0))=\(BrowserSession.encode($0.1))" }.joined(separator: "&")
        return try await client.execute(uri: "/staff/login", method: .post, headers: headers,
                                        body: ByteBuffer(string: body)).status
    }

    @Test func fiftyParallelWrongPasswordsAreEachChargedBeforeTheCheck() async throws {
        try await TestApp.withApp(live: true, environment: Self.environment) { client, database in
            // A password hash of cost 10 (some 50 ms a check here), so that the guesses overlap as
            // they do against a production hash (cost 12); the tests' usual cost 4 is over too soon.
            _ = try await StaffAccounts(database: database, passwordCost: 10).addUser(
                login: "lan", displayName: nil, role: .admin, unitCode: nil, password: StaffFixtures.password,
                by: StaffFixtures.cli, logger: TestDatabase.logger)
            // act: 50 guesses at once from one address
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        try await Self.signIn(client, login: "lan", password: "guess number \(index)", from: "198.51.100.7")
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            // validate: only the allowance was checked against the hash; every other one was refused
            let checked = statuses.filter { $0 == .unauthorized }.count
            let refused = statuses.filter { $0 == .tooManyRequests || $0 == .serviceUnavailable }.count
            print("50 parallel wrong passwords: \(checked) checked (401), \(refused) refused (429/503), "
                + "others \(statuses.filter { $0 != .unauthorized && $0 != .tooManyRequests && $0 != .serviceUnavailable })")
            #expect(checked <= 5, "\(checked) guesses were checked against the password hash")
            #expect(checked + refused == 50)
            // Each checked failure is in the audit log, without the password.
            let failures = try await database.query("""
                SELECT object_id, details::text
                FROM audit_log
                WHERE action = 'session.login_failed'
                """, logger: TestDatabase.logger) { try $0.decode((String?, String).self) }
            #expect(failures.count == checked)
            #expect(failures.allSatisfy { $0.0 == "lan" && !$0.1.contains("guess") })
        }
    }

    @Test func aThirdPartyCannotLockAKnownAccountOut() async throws {
        try await TestApp.withApp(live: true, environment: Self.environment) { client, database in
            try await StaffFixtures.addUser(database, "lan", role: .admin)
            // setup: lan signs in from her office once
            #expect(try await Self.signIn(client, login: "lan", password: StaffFixtures.password, from: "203.0.113.5") == .seeOther)
            // act: someone elsewhere spends the account's allowance and more
            var attacker: [HTTPResponse.Status] = []
            for index in 0..<12 {
                attacker.append(try await Self.signIn(client, login: "lan", password: "guess \(index)", from: "198.51.100.7"))
            }
            #expect(attacker.suffix(5).allSatisfy { $0 == .tooManyRequests }, "the guesser is stopped: \(attacker)")
            // validate: lan still signs in from where she signed in before; a new place waits
            #expect(try await Self.signIn(client, login: "lan", password: StaffFixtures.password, from: "203.0.113.5") == .seeOther)
            #expect(try await Self.signIn(client, login: "lan", password: "guess again", from: "192.0.2.44") == .tooManyRequests)
            let unknown = try await Self.signIn(client, login: "nobody", password: "whatever it is", from: "192.0.2.45")
            #expect(unknown == .unauthorized)
            let audit = try await database.query("""
                SELECT object_id, details::text
                FROM audit_log
                WHERE action = 'session.login_failed'
                ORDER BY id
                """, logger: TestDatabase.logger) { try $0.decode((String?, String).self) }
            // An unknown login is not written down: it may be a password typed in the wrong box.
            #expect(audit.last?.0 == nil)
            #expect(!audit.contains { $0.1.contains("nobody") || $0.1.contains("whatever") })
        }
    }
}
