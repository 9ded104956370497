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
        let (headers, body) = try await signInRequest(client, login: login, password: password, from: address)
        return try await client.execute(uri: "/staff/login", method: .post, headers: headers,
                                        body: ByteBuffer(string: body)).status
    }

    /// The headers and body of a sign-in POST, with the CSRF cookie and token of a freshly read login form.
    static func signInRequest(_ client: some TestClientProtocol, login: String, password: String,
                              from address: String) async throws -> (HTTPFields, String) {
        let forwarded: HTTPFields = [HTTPField.Name("X-Forwarded-For")!: address]
        var browser = BrowserSession()
        let form = try await browser.get(client, "/staff/login", headers: forwarded)
        let csrf = BrowserSession.hiddenField("csrf", in: String(buffer: form.body)) ?? ""
        var headers = browser.cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers.append(contentsOf: forwarded)
        let body = [("csrf", csrf), ("login", login), ("password", password)]
            .map { "\(BrowserSession.encode($0.0))=\(BrowserSession.encode($0.1))" }.joined(separator: "&")
        return (headers, body)
    }

    /// A POST on a connection of its own. The client `withApp(live:)` hands out is one HTTP/1.1
    /// connection, on which requests wait their turn: guesses sent "at once" through it reach the
    /// server one after another and never race, and under a loaded machine the last of them
    /// outlives the client's read timeout.
    static func postOnItsOwnConnection(port: Int, uri: String, headers: HTTPFields, body: String) async throws -> HTTPResponse.Status {
        try await TestClient.withClient(host: "localhost", port: port, configuration: .init(timeout: .seconds(60))) { connection in
            try await connection.execute(.init(uri, method: .post, authority: "localhost", headers: headers,
                                               body: ByteBuffer(string: body))).head.status
        }
    }

    @Test func fiftyParallelWrongPasswordsAreEachChargedBeforeTheCheck() async throws {
        try await TestApp.withApp(live: true, environment: Self.environment) { client, database in
            // A password hash of cost 10 (some 50 ms a check here), so that the guesses overlap as
            // they do against a production hash (cost 12); the tests' usual cost 4 is over too soon.
            _ = try await StaffAccounts(database: database, passwordCost: 10).addUser(
                login: "lan", displayName: nil, role: .admin, unitCode: nil, password: StaffFixtures.password,
                by: StaffFixtures.cli, logger: TestDatabase.logger)
            // setup: 50 login forms read one by one, each with its own CSRF cookie
            var requests: [(HTTPFields, String)] = []
            for index in 0..<50 {
                requests.append(try await Self.signInRequest(client, login: "lan", password: "guess number \(index)",
                                                             from: "198.51.100.7"))
            }
            // act: 50 guesses at once from one address, each on its own connection
            let port = try #require(client.port)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for (headers, body) in requests {
                    group.addTask {
                        try await Self.postOnItsOwnConnection(port: port, uri: "/staff/login", headers: headers, body: body)
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
