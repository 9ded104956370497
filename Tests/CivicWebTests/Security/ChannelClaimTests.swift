import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 13: a response counted as given at a kiosk or on paper (at the one-stop desk) may only be
/// sent by a caller that an authority recognises: a staff token with the paper-entry permission
/// whose grant reaches the unit (registered kiosk devices come with the one-stop desk issue).
@Suite(.timeLimit(.minutes(2)))
struct ChannelClaimTests {
    func post(_ client: some TestClientProtocol, channel: String, unit: String = "LC.SNV",
              token: String? = nil) async throws -> (HTTPResponse.Status, [String]) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        let body = """
            {"id": "\(UUID().uuidString)", "form": "sipas", "language": "en", "channel": "\(channel)", "unit": "\(unit)",
             "answers": {"a1": 4, "a2": 5, "overall": 5}}
            """
        let response = try await client.execute(uri: "/api/v1/responses", method: .post, headers: headers,
                                                 body: ByteBuffer(string: body))
        let problem = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any]
        let codes = (problem?["errors"] as? [[String: String]] ?? []).map { "\($0["field"] ?? ""):\($0["code"] ?? "")" }
        return (response.status, codes)
    }

    @Test func onlyAStaffTokenWithThePaperEntryPermissionMayClaimKioskOrPaper() async throws {
        try await TestApp.withApp { client, database in
            // setup: a clerk at LC, an analyst at LC, a clerk at another branch
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "clerk", role: .clerk, unit: "LC")
            try await StaffFixtures.addUser(database, "ana", role: .analyst, unit: "LC")
            try await StaffFixtures.addUser(database, "desk", role: .clerk, unit: "LC.STP")
            let clerk = try await StaffFixtures.token(database, "clerk")
            let analyst = try await StaffFixtures.token(database, "ana")
            let elsewhere = try await StaffFixtures.token(database, "desk")
            for channel in ["kiosk", "paper"] {
                // act and validate: anonymous, a malformed token, no permission, out of scope: refused
                #expect(try await post(client, channel: channel) == (.unprocessableContent, ["channel:channel_not_allowed"]))
                #expect(try await post(client, channel: channel, token: "not-a-token").0 == .unprocessableContent)
                #expect(try await post(client, channel: channel, token: analyst).0 == .forbidden)
                #expect(try await post(client, channel: channel, token: elsewhere).0 == .forbidden,
                        "LC.SNV is outside a clerk grant on LC.STP")
            }
            #expect(try await ResponseStore(database: database).count(logger: TestDatabase.logger) == 0)
            // the clerk may; anyone may send through the api channel
            #expect(try await post(client, channel: "kiosk", token: clerk).0 == .created)
            #expect(try await post(client, channel: "paper", token: clerk).0 == .created)
            #expect(try await post(client, channel: "api").0 == .created)
            let channels = try await database.query("SELECT channel FROM responses ORDER BY channel",
                                                    logger: TestDatabase.logger) { try $0.decode(String.self) }
            #expect(channels == ["api", "kiosk", "paper"])
        }
    }
}
