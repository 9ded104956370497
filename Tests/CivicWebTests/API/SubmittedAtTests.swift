import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `submittedAt` on `POST /api/v1/responses` (issue 11 §1): who may claim it, the rules the time
/// must meet, and the day the response then counts on.
@Suite(.timeLimit(.minutes(2)))
struct SubmittedAtTests {
    static var today: CalendarDate { ServiceClock.system.today() }

    func post(_ client: some TestClientProtocol, id: UUID = UUID(), submittedAt: String, unit: String = "LC.SNV",
              token: String? = nil) async throws -> (TestResponse, [String]) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        let body = ResponsesAPITests.body(id: id, extra: #", "unit": "\#(unit)", "submittedAt": "\#(submittedAt)""#)
        let response = try await client.execute(uri: "/api/v1/responses", method: .post, headers: headers,
                                                 body: ByteBuffer(string: body))
        let problem = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any]
        let codes = (problem?["errors"] as? [[String: String]] ?? []).map { "\($0["field"] ?? ""):\($0["code"] ?? "")" }
        return (response, codes)
    }

    func stored(_ database: Database) async throws -> Int {
        try await ResponseStore(database: database).count(logger: TestDatabase.logger)
    }

    /// The sample register, a clerk at LC, and the forms stored `daysAgo` days ago.
    func prepare(_ database: Database, formsStoredDaysAgo daysAgo: Int) async throws -> String {
        try await SampleUnits.importInto(database)
        try await StaffFixtures.addUser(database, "clerk", role: .clerk, unit: "LC")
        try await database.execute("""
            UPDATE form_versions SET loaded_at = now() - make_interval(days => \(daysAgo)::int)
            """, logger: TestDatabase.logger)
        return try await StaffFixtures.token(database, "clerk")
    }

    @Test func anonymousCallersAndStaffWithoutThePermissionCannotClaimATime() async throws {
        try await TestApp.withApp { client, database in
            let clerk = try await prepare(database, formsStoredDaysAgo: 60)
            try await StaffFixtures.addUser(database, "ana", role: .analyst, unit: "LC")
            try await StaffFixtures.addUser(database, "desk", role: .clerk, unit: "LC.STP")
            let analyst = try await StaffFixtures.token(database, "ana")
            let elsewhere = try await StaffFixtures.token(database, "desk")
            let day = Self.today.adding(days: -3).description

            let (anonymous, codes) = try await post(client, submittedAt: day)
            #expect(anonymous.status == .unprocessableContent)
            #expect(codes == ["submittedAt:not_allowed"])
            let (forged, forgedCodes) = try await post(client, submittedAt: day, token: "not-a-token")
            #expect(forged.status == .unprocessableContent, "a malformed token is no credential: anonymous")
            #expect(forgedCodes == ["submittedAt:not_allowed"])
            let (noPermission, _) = try await post(client, submittedAt: day, token: analyst)
            #expect(noPermission.status == .forbidden)
            let (outOfScope, _) = try await post(client, submittedAt: day, token: elsewhere)
            #expect(outOfScope.status == .forbidden, "LC.SNV is outside a clerk grant on LC.STP")
            #expect(try await stored(database) == 0)
            // The same clerk token is fine, and a response without submittedAt needs no token at all.
            let (accepted, _) = try await post(client, submittedAt: day, token: clerk)
            #expect(accepted.status == .created)
        }
    }

    @Test func timesInTheFutureTooOldOrBeforeTheFormVersionAreRefused() async throws {
        try await TestApp.withApp { client, database in
            let clerk = try await prepare(database, formsStoredDaysAgo: 120)
            let now = Date()
            let iso = ISO8601DateFormatter()
            let cases: [(String, String)] = [
                (iso.string(from: now.addingTimeInterval(600)), "submittedAt:in_future"),
                (Self.today.adding(days: 1).description, "submittedAt:in_future"),
                (iso.string(from: now.addingTimeInterval(-91 * 86_400)), "submittedAt:too_old"),
                (Self.today.adding(days: -91).description, "submittedAt:too_old"),
                ("2026-13-01", "submittedAt:invalid_datetime"),
                ("2026-03-05T09:30:00", "submittedAt:invalid_datetime"),
            ]
            for (claim, expected) in cases {
                let (response, codes) = try await post(client, submittedAt: claim, token: clerk)
                #expect(response.status == .unprocessableContent, "\(claim)")
                #expect(codes == [expected], "\(claim)")
            }
            // The form versions existed 120 days: 89 days back is fine; with versions stored 10 days
            // ago, 20 days back is before the version existed.
            let (fine, _) = try await post(client, submittedAt: Self.today.adding(days: -89).description, token: clerk)
            #expect(fine.status == .created)
            try await database.execute("UPDATE form_versions SET loaded_at = now() - interval '10 days'",
                                       logger: TestDatabase.logger)
            let (before, codes) = try await post(client, submittedAt: Self.today.adding(days: -20).description, token: clerk)
            #expect(before.status == .unprocessableContent)
            #expect(codes == ["submittedAt:before_form_version"])
            #expect(try await stored(database) == 1)
        }
    }

    @Test func aClaimedResponseCountsOnTheDayItWasGiven() async throws {
        try await TestApp.withApp { client, database in
            let clerk = try await prepare(database, formsStoredDaysAgo: 60)
            try await StaffFixtures.addUser(database, "root", role: .admin)
            let admin = try await StaffFixtures.token(database, "root")
            let day = Self.today.adding(days: -10)
            let id = UUID()
            let (created, _) = try await post(client, id: id, submittedAt: day.description, token: clerk)
            #expect(created.status == .created)
            let (replayed, _) = try await post(client, id: id, submittedAt: day.description, token: clerk)
            #expect(replayed.status == .ok)
            let (conflict, _) = try await post(client, id: id, submittedAt: day.adding(days: -1).description, token: clerk)
            #expect(conflict.status == .conflict, "another day is other content")

            func respondents(from first: CalendarDate, to last: CalendarDate) async throws -> Int? {
                let response = try await client.execute(
                    uri: "/api/v1/metrics/satisfaction?unit=LC.SNV&form=sipas&from=\(first)&to=\(last)", method: .get,
                    headers: StaffFixtures.bearer(admin), body: nil)
                #expect(response.status == .ok)
                let json = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any]
                return json?["respondents"] as? Int
            }
            #expect(try await respondents(from: day, to: day) == 1)
            #expect(try await respondents(from: day.adding(days: 1), to: Self.today) == 0)
            let submitted = try await database.query("SELECT submitted_at FROM responses", logger: TestDatabase.logger) {
                try $0.decode(Date.self)
            }
            #expect(submitted == [day.startInVietnam])
            let audit = try await AuditLog(database: database).recent(limit: 1, logger: TestDatabase.logger)
            #expect(audit.first?.action == "responses.enter_dated")
            #expect(audit.first?.actorLogin == "clerk")
            #expect(audit.first?.objectID == id.uuidString.lowercased())
        }
    }
}
