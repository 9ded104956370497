import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// A small, known data set for the analytics routes: the sample register, staff accounts with
/// tokens, sipas responses in 2025 and 2026 stored through ``ResponseStore``, and PAKN items sent
/// through the public API.
///
/// In 2026-Q1 (calendar days), under LC.SVHTTDL:
/// - LC.SVHTTDL.VP: 10 forms, every scale question answered 5 (satisfied); 2 of them in English,
///   3 from a kiosk;
/// - LC.SVHTTDL.QLVH: 6 forms answered 5 and 4 answered 2 (dissatisfied);
/// so LC.SVHTTDL is at 16 of 20 forms satisfied on every question: 80%. LC.STP: 5 forms answered 4.
/// In 2025-Q4: LC.SVHTTDL.VP, 4 forms answered 5 and 1 answered 1: 80% again, so the office's
/// change to 2026-Q1 is +20 points.
enum AnalyticsWebFixtures {
    static let analyst = "analyst"
    static let admin = "admin"
    static let handler = "handler"
    /// An analyst with grants on two units: must name one.
    static let twoGrants = "twogrants"
    static let grantUnit = "LC.SVHTTDL"

    struct Tokens: Sendable {
        let analyst: String
        let admin: String
        let handler: String
        let twoGrants: String
    }

    static let sipas: FormDefinition = TestApp.forms.current("sipas")!

    /// Every sipas scale question answered `value`.
    static func answers(_ value: Int) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: sipas.scoredQuestions.map { ($0.questionID, value) })
    }

    static func prepare(_ database: Database) async throws -> Tokens {
        try await SampleUnits.importInto(database)
        try await StaffFixtures.addUser(database, analyst, role: .analyst, unit: grantUnit)
        try await StaffFixtures.addUser(database, admin, role: .admin)
        try await StaffFixtures.addUser(database, handler, role: .handler, unit: grantUnit)
        try await StaffFixtures.addUser(database, twoGrants, role: .analyst, unit: "LC.STP")
        _ = try await StaffFixtures.accounts(database).grant(login: twoGrants, role: .analyst, unitCode: grantUnit,
                                                            by: StaffFixtures.cli, logger: TestDatabase.logger)
        return Tokens(analyst: try await StaffFixtures.token(database, analyst),
                      admin: try await StaffFixtures.token(database, admin),
                      handler: try await StaffFixtures.token(database, handler),
                      twoGrants: try await StaffFixtures.token(database, twoGrants))
    }

    /// The data set described on the type.
    static func storeResponses(_ database: Database) async throws {
        let inQ1 = instant("2026-02-10T03:00:00Z")
        for index in 0..<10 {
            try await submit(database, unit: "LC.SVHTTDL.VP", value: 5, at: inQ1.addingTimeInterval(Double(index) * 60),
                             language: index < 2 ? "en" : "vi", channel: index < 3 ? "kiosk" : "web")
        }
        for index in 0..<10 {
            try await submit(database, unit: "LC.SVHTTDL.QLVH", value: index < 6 ? 5 : 2,
                             at: inQ1.addingTimeInterval(Double(index) * 60))
        }
        for index in 0..<5 {
            try await submit(database, unit: "LC.STP", value: 4, at: inQ1.addingTimeInterval(Double(index) * 60))
        }
        let inQ4 = instant("2025-11-20T03:00:00Z")
        for index in 0..<5 {
            try await submit(database, unit: "LC.SVHTTDL.VP", value: index < 4 ? 5 : 1,
                             at: inQ4.addingTimeInterval(Double(index) * 60))
        }
    }

    /// Stores one sipas response through the real write path.
    @discardableResult
    static func submit(_ database: Database, unit: String?, value: Int, at instant: Date, language: String = "vi",
                       channel: String = "web", extra: String = "") async throws -> UUID {
        let unitID = try await unit.asyncMap { code in
            try await UnitStore(database: database).unit(code: code, logger: TestDatabase.logger)!.id
        }
        var fields = answers(value).sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }
        if !extra.isEmpty { fields.append(extra) }
        let id = UUID()
        let outcome = try await ResponseStore(database: database).insert(
            .init(id: id, formID: "sipas", formVersion: sipas.version, unitID: unitID, language: language, channel: channel,
                  dossierCode: nil, answersJSON: "{" + fields.joined(separator: ", ") + "}",
                  contentDigest: id.uuidString, submittedAt: instant),
            logger: TestDatabase.logger)
        #expect(outcome == .created)
        return id
    }

    /// Sends a PAKN item through the public API, naming `unit`.
    static func sendFeedback(_ client: some TestClientProtocol, unit: String) async throws {
        let body = """
            {"id": "\(UUID().uuidString)", "language": "vi", "unit": "\(unit)", "category": "administrative_procedure",
             "title": "Hồ sơ chậm", "content": "Hồ sơ nộp từ tháng trước chưa có kết quả."}
            """
        let response = try await client.execute(uri: "/api/v1/feedback", method: .post,
                                                headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
        #expect(response.status == .created, "\(String(buffer: response.body))")
    }

    static func instant(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }

    static func get(_ client: some TestClientProtocol, _ uri: String, token: String,
                    headers: HTTPFields = [:]) async throws -> TestResponse {
        var all = StaffFixtures.bearer(token)
        all.append(contentsOf: headers)
        return try await client.execute(uri: uri, method: .get, headers: all, body: nil)
    }

    static func json(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
