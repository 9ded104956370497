import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(2)))
struct APITokenTests {
    func me(_ client: some TestClientProtocol, _ headers: HTTPFields) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/me", method: .get, headers: headers)
    }

    @Test func aValidTokenIdentifiesItsHolderAndIsStoredHashed() async throws {
        try await TestApp.withApp { client, database in
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "lan", role: .handler, unit: "LC.P-LAOCAI")
            let token = try await StaffFixtures.token(database, "lan")
            #expect(token.hasPrefix("cv_") && token.count == 46)
            let response = try await me(client, StaffFixtures.bearer(token))
            #expect(response.status == .ok)
            let body = String(buffer: response.body)
            #expect(body.contains(#""login":"lan""#))
            #expect(body.contains(#""role":"handler""#) && body.contains(#""unit":"LC.P-LAOCAI""#))
            let stored = try await database.query("""
                SELECT token_hash, last_used_at IS NOT NULL
                FROM api_tokens
                """, logger: TestDatabase.logger) { try $0.decode((String, Bool).self) }
            #expect(stored.count == 1)
            #expect(stored.first?.0.count == 64 && stored.first?.0.contains("cv_") == false)
            #expect(stored.first?.1 == true, "the use is recorded")
        }
    }

    @Test func expiredRevokedAndMalformedTokensGet401ProblemJSON() async throws {
        try await TestApp.withApp { client, database in
            // setup
            try await StaffFixtures.addUser(database, "lan", role: .admin)
            let accounts = StaffFixtures.accounts(database)
            let expired = try await accounts.createToken(login: "lan", label: "old", days: 30,
                                                         now: Date().addingTimeInterval(-31 * 86_400),
                                                         by: StaffFixtures.cli, logger: TestDatabase.logger)
            let byID = try await accounts.createToken(login: "lan", label: "a", by: StaffFixtures.cli, logger: TestDatabase.logger)
            let bySecret = try await accounts.createToken(login: "lan", label: "b", by: StaffFixtures.cli, logger: TestDatabase.logger)
            #expect(try await me(client, StaffFixtures.bearer(byID.secret)).status == .ok)
            // act
            #expect(try await accounts.revokeToken("\(byID.token.id)", by: StaffFixtures.cli, logger: TestDatabase.logger) != nil)
            #expect(try await accounts.revokeToken(bySecret.secret, by: StaffFixtures.cli, logger: TestDatabase.logger) != nil)
            #expect(try await accounts.revokeToken(bySecret.secret, by: StaffFixtures.cli, logger: TestDatabase.logger) == nil,
                    "revoking twice changes nothing")
            // validate
            let cases: [(String, HTTPFields)] = [
                ("expired", StaffFixtures.bearer(expired.secret)),
                ("revoked by id", StaffFixtures.bearer(byID.secret)),
                ("revoked by token", StaffFixtures.bearer(bySecret.secret)),
                ("none", [:]),
                ("not bearer", [.authorization: "Basic bGFuOnB3"]),
                ("unknown", StaffFixtures.bearer("cv_" + String(repeating: "A", count: 43))),
                ("garbage", StaffFixtures.bearer("'; DROP TABLE users; --")),
            ]
            for (name, headers) in cases {
                let response = try await me(client, headers)
                #expect(response.status == .unauthorized, "\(name)")
                #expect(response.headers[.contentType] == "application/problem+json", "\(name)")
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true, "\(name)")
            }
            let actions = try await AuditLog(database: database).recent(limit: 2, logger: TestDatabase.logger).map(\.action)
            #expect(actions == ["token.revoke", "token.revoke"])
        }
    }

    @Test func aDisabledAccountsTokensStopWorking() async throws {
        try await TestApp.withApp { client, database in
            try await StaffFixtures.addUser(database, "lan", role: .admin)
            let token = try await StaffFixtures.token(database, "lan")
            #expect(try await me(client, StaffFixtures.bearer(token)).status == .ok)
            _ = try await StaffFixtures.accounts(database).disable(login: "lan", by: StaffFixtures.cli, logger: TestDatabase.logger)
            #expect(try await me(client, StaffFixtures.bearer(token)).status == .unauthorized)
        }
    }

    @Test func tokenLifetimeIsBounded() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            try await StaffFixtures.addUser(database, "lan", role: .admin)
            await #expect(throws: AccountError.invalidExpiry) {
                _ = try await StaffFixtures.accounts(database).createToken(login: "lan", label: "", days: 0,
                                                                           by: StaffFixtures.cli, logger: TestDatabase.logger)
            }
        }
    }
}
