import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(2)))
struct AdminAPITests {
    func call(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String,
              body: String? = nil) async throws -> (TestResponse, [String: Any]) {
        var headers = StaffFixtures.bearer(token)
        if body != nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(uri: uri, method: method, headers: headers,
                                                 body: body.map { ByteBuffer(string: $0) })
        let json = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
        return (response, json)
    }

    @Test func unitsImportAsJSONWithLineNumberedErrors() async throws {
        try await TestApp.withApp { client, database in
            try await StaffFixtures.addUser(database, "root", role: .admin)
            let token = try await StaffFixtures.token(database, "root")
            let good = """
                {"units": [
                  {"code": "P", "kind": "province", "names": {"vi": "Tỉnh P"}, "effective_from": "2000-01-01"},
                  {"code": "P.D", "parent": "P", "kind": "department", "names": {"vi": "Sở D"}, "effective_from": "2000-01-01"}
                ]}
                """
            let (created, summary) = try await call(client, .post, "/api/v1/admin/units", token: token, body: good)
            #expect(created.status == .ok)
            #expect(summary["created"] as? Int == 2)
            let bad = """
                {"units": [
                  {"code": "P.E", "parent": "NOPE", "kind": "department", "names": {"vi": "Sở E"}, "effective_from": "2000-01-01"},
                  {"code": "P.F", "kind": "shop", "names": {"vi": "F"}, "effective_from": "2000-01-01"}
                ]}
                """
            let (refused, problem) = try await call(client, .post, "/api/v1/admin/units", token: token, body: bad)
            #expect(refused.status == .unprocessableContent)
            let errors = problem["errors"] as? [[String: String]] ?? []
            #expect(errors.map { "\($0["line"] ?? ""):\($0["path"] ?? "")" } == ["3:units[1].kind"],
                    "file-level errors first; the unknown parent is reported once the file itself is valid")
            let (listed, list) = try await call(client, .get, "/api/v1/admin/units?date=2024-01-01", token: token)
            #expect(listed.status == .ok)
            #expect((list["units"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["P", "P.D"])
            let (badDate, _) = try await call(client, .get, "/api/v1/admin/units?date=yesterday", token: token)
            #expect(badDate.status == .badRequest)
        }
    }

    @Test func accountsAndGrantsThroughTheAPIAreAudited() async throws {
        try await TestApp.withApp { client, database in
            // setup
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "root", role: .admin)
            let token = try await StaffFixtures.token(database, "root")
            // act: create with a generated password, which then signs in
            let (created, user) = try await call(client, .post, "/api/v1/admin/users", token: token, body: """
                {"login": "Minh", "displayName": "Trần Văn Minh", "role": "handler", "unit": "LC.P-LAOCAI"}
                """)
            #expect(created.status == .created)
            let password = try #require(user["password"] as? String)
            #expect(user["login"] as? String == "minh")
            let (_, signIn) = try await StaffFixtures.signIn(client, "minh", password: password)
            #expect(signIn.status == .seeOther)
            // validate the error contract
            let (taken, _) = try await call(client, .post, "/api/v1/admin/users", token: token, body: """
                {"login": "minh", "role": "handler", "unit": "LC.P-LAOCAI"}
                """)
            #expect(taken.status == .conflict)
            let (invalid, problem) = try await call(client, .post, "/api/v1/admin/users", token: token, body: """
                {"login": "x y", "role": "boss", "colour": 1}
                """)
            #expect(invalid.status == .unprocessableContent)
            #expect((problem["errors"] as? [[String: String]])?.map { $0["field"] ?? "" } == ["role", "colour"])
            let (noUnit, _) = try await call(client, .post, "/api/v1/admin/users", token: token, body: """
                {"login": "hoa", "role": "analyst", "password": "long enough password"}
                """)
            #expect(noUnit.status == .unprocessableContent)
            // grants and disabling
            let (granted, _) = try await call(client, .post, "/api/v1/admin/users/minh/grants", token: token,
                                              body: #"{"role": "analyst", "unit": "LC"}"#)
            #expect(granted.status == .created)
            let (again, _) = try await call(client, .post, "/api/v1/admin/users/minh/grants", token: token,
                                            body: #"{"role": "analyst", "unit": "LC"}"#)
            #expect(again.status == .ok)
            let (unknownUnit, _) = try await call(client, .post, "/api/v1/admin/users/minh/grants", token: token,
                                                  body: #"{"role": "analyst", "unit": "ZZ"}"#)
            #expect(unknownUnit.status == .unprocessableContent)
            let (unknownUser, _) = try await call(client, .post, "/api/v1/admin/users/ghost/disable", token: token)
            #expect(unknownUser.status == .notFound)
            let (disabled, _) = try await call(client, .post, "/api/v1/admin/users/minh/disable", token: token)
            #expect(disabled.status == .ok)
            let (listed, users) = try await call(client, .get, "/api/v1/admin/users", token: token)
            #expect(listed.status == .ok)
            let minh = (users["users"] as? [[String: Any]])?.first { $0["login"] as? String == "minh" }
            #expect(minh?["disabled"] as? Bool == true)
            #expect((minh?["grants"] as? [[String: String]])?.count == 2)
            // the audit log names the admin and never the password
            let (audited, log) = try await call(client, .get, "/api/v1/admin/audit?limit=4", token: token)
            #expect(audited.status == .ok)
            let entries = log["entries"] as? [[String: Any]] ?? []
            #expect(entries.compactMap { $0["action"] as? String } == ["user.disable", "grant.add", "session.login", "user.create"])
            #expect(entries.first?["actor"] as? String == "root")
            #expect(!String(buffer: audited.body).contains(password))
            let (badPage, _) = try await call(client, .get, "/api/v1/admin/audit?limit=0", token: token)
            #expect(badPage.status == .badRequest)
        }
    }

    @Test func subtreeOfAUnitInScopeByDate() async throws {
        try await TestApp.withApp { client, database in
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "lan", role: .analyst, unit: "LC.SVHTTDL")
            let token = try await StaffFixtures.token(database, "lan")
            let (response, body) = try await call(client, .get, "/api/v1/units/LC.SVHTTDL/subtree?date=2024-06-30", token: token)
            #expect(response.status == .ok)
            #expect((body["units"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
                    == ["LC.SDL", "LC.SVHTT", "LC.SVHTT.VP", "YB.SVHTTDL"])
            let (unknown, _) = try await call(client, .get, "/api/v1/units/NOPE/subtree", token: token)
            #expect(unknown.status == .notFound)
            let (badDate, _) = try await call(client, .get, "/api/v1/units/LC.SVHTTDL/subtree?date=2024-13-01", token: token)
            #expect(badDate.status == .badRequest)
        }
    }
}
