import CivicCore
import CivicStore
import CivicTestSupport
import CivicWeb
import Foundation
import HTTPTypes
import HummingbirdTesting

/// Staff accounts, tokens and signed-in browsers for the web tests.
enum StaffFixtures {
    /// bcrypt's lowest cost: the tests check behaviour, not hashing strength.
    static let passwordCost: UInt8 = 4
    static let password = "correct horse battery staple"
    static let cli = AuditLog.Actor.commandLine(osUser: "test")

    static func accounts(_ database: Database) -> StaffAccounts {
        StaffAccounts(database: database, passwordCost: passwordCost)
    }

    /// A user with one grant (admin grants without a unit when `unit` is nil).
    static func addUser(_ database: Database, _ login: String, role: StaffRole?, unit: String? = nil) async throws {
        let accounts = accounts(database)
        _ = try await accounts.addUser(login: login, displayName: "Test \(login)", role: role ?? .handler,
                                       unitCode: unit ?? (role == nil ? "LC" : nil), password: password, by: cli,
                                       logger: TestDatabase.logger)
        if role == nil {
            // A user without grants: created with one, which is then removed through SQL (no
            // command removes grants yet), so the account exists with no permission at all.
            try await database.execute("""
                DELETE FROM grants
                WHERE user_id = (SELECT id FROM users WHERE login = \(login))
                """, logger: TestDatabase.logger)
        }
    }

    static func token(_ database: Database, _ login: String) async throws -> String {
        try await accounts(database).createToken(login: login, label: "test", by: cli, logger: TestDatabase.logger).secret
    }

    static func bearer(_ token: String) -> HTTPFields {
        [.authorization: "Bearer \(token)"]
    }

    /// Signs in through the login form, as a browser does; the session keeps the cookies.
    static func signIn(_ client: some TestClientProtocol, _ login: String,
                       password: String = password) async throws -> (BrowserSession, TestResponse) {
        var browser = BrowserSession()
        let form = try await browser.get(client, "/staff/login")
        let csrf = BrowserSession.hiddenField("csrf", in: String(buffer: form.body)) ?? ""
        let response = try await browser.post(client, "/staff/login",
                                              fields: [("csrf", csrf), ("login", login), ("password", password)])
        return (browser, response)
    }
}
