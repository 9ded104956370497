import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import CivicWeb

/// `GET /api/v1/metrics/…` against a real database: shapes, figures, CSV, errors and scope.
@Suite(.timeLimit(.minutes(3)))
struct MetricsAPITests {
    typealias F = AnalyticsWebFixtures

    static let rateKeys: Set<String> = ["rate", "satisfied", "answered", "ci95", "target", "met"]

    static func instant(_ text: String) -> Date { AnalyticsWebFixtures.instant(text) }

    /// Every object in `value` that has a `rate` key, with where it was found.
    static func rateObjects(_ value: Any, path: String = "$") -> [(String, [String: Any])] {
        if let object = value as? [String: Any] {
            var found: [(String, [String: Any])] = object["rate"] != nil ? [(path, object)] : []
            for (key, member) in object { found += rateObjects(member, path: "\(path).\(key)") }
            return found
        }
        if let array = value as? [Any] {
            return array.enumerated().flatMap { rateObjects($1, path: "\(path)[\($0)]") }
        }
        return []
    }

    @Test func satisfactionHasTheDocumentedShapeAndFigures() async throws {
        try await TestApp.withApp { client, database in
            // setup
            let tokens = try await F.prepare(database)
            try await F.storeResponses(database)

            // act
            let response = try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1", token: tokens.analyst)

            // validate
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let json = F.json(response)
            let period = json["period"] as? [String: Any]
            #expect(period?["id"] as? String == "2026-Q1")
            #expect(period?["label"] as? String == "Quý I/2026")
            #expect(period?["first"] as? String == "2026-01-01")
            #expect(period?["last"] as? String == "2026-03-31")
            #expect(period?["convention"] as? String == "calendar")
            #expect((json["unit"] as? [String: Any])?["code"] as? String == F.grantUnit, "defaults to the analyst's unit")
            #expect(json["form"] as? String == "sipas", "the form declared metrics_default")
            #expect(json["forms"] as? [String] == ["sipas"])
            #expect(json["respondents"] as? Int == 20)
            #expect(json["breakdown"] == nil)
            let questions = F.sipas.scoredQuestions.count
            let pooled = json["pooled"] as? [String: Any]
            #expect(pooled?["satisfied"] as? Int == 16 * questions)
            #expect(pooled?["answered"] as? Int == 20 * questions)
            #expect(pooled?["rate"] as? Double == 0.8)
            #expect(pooled?["target"] as? Double == 0.9)
            #expect(pooled?["met"] as? Bool == false)
            let elements = json["elements"] as? [String: Any]
            #expect(Set(elements?.keys.map { $0 } ?? []) == Set(SatisfactionElement.allCases.map(\.rawValue)))
            #expect((json["meanOfElements"] as? [String: Any])?["rate"] as? Double == 0.8)
            // The dossier figures are counts of every dossier, not a sample: their rates have their own
            // shape (numerator, denominator and their names, no interval).
            let rates = Self.rateObjects(json).filter { !$0.0.hasPrefix("$.dossiers") }
            #expect(rates.count == 7, "pooled, mean of elements, five elements")
            for (path, object) in rates {
                #expect(Self.rateKeys.isSubset(of: Set(object.keys)), "\(path) has the six keys: \(object.keys.sorted())")
            }
            let ci = pooled?["ci95"] as? [String: Double]
            #expect((ci?["low"] ?? 1) < 0.8 && (ci?["high"] ?? 0) > 0.8)
        }
    }

    @Test func everyBreakdownGivesKeyedRowsWithRateObjects() async throws {
        try await TestApp.withApp { client, database in
            let tokens = try await F.prepare(database)
            try await F.storeResponses(database)
            var keys: [String: [String]] = [:]
            for by in SatisfactionBreakdown.allCases {
                let response = try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1&by=\(by.rawValue)&lang=en",
                                               token: tokens.analyst)
                #expect(response.status == .ok, "by=\(by.rawValue)")
                let breakdown = F.json(response)["breakdown"] as? [String: Any]
                #expect(breakdown?["by"] as? String == by.rawValue)
                let rows = breakdown?["rows"] as? [[String: Any]] ?? []
                #expect(!rows.isEmpty, "by=\(by.rawValue) has rows")
                for row in rows {
                    #expect(row["key"] is String && row["label"] is String, "by=\(by.rawValue): \(row)")
                    #expect(Self.rateKeys.isSubset(of: Set(row.keys)), "by=\(by.rawValue): \(row.keys.sorted())")
                }
                keys[by.rawValue] = rows.compactMap { $0["key"] as? String }
            }
            #expect(keys["element"] == SatisfactionElement.allCases.map(\.rawValue))
            #expect(keys["unit"] == ["LC.SVHTTDL.QLVH", "LC.SVHTTDL.VP"] || keys["unit"] == ["LC.SVHTTDL.VP", "LC.SVHTTDL.QLVH"])
            #expect(Set(keys["language"] ?? []) == ["vi", "en"])
            #expect(Set(keys["channel"] ?? []) == ["web", "kiosk"])
            #expect(keys["month"] == ["2026-01", "2026-02", "2026-03"])
            #expect(keys["form_version"] == ["sipas@\(F.sipas.version)"])
            #expect(keys["question"]?.first == F.sipas.scoredQuestions.first?.questionID)

            // A unit row carries its figures and its name in the requested language.
            let byUnit = F.json(try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1&by=unit&lang=en",
                                                token: tokens.analyst))
            let rows = (byUnit["breakdown"] as? [String: Any])?["rows"] as? [[String: Any]] ?? []
            let office = rows.first { $0["key"] as? String == "LC.SVHTTDL.VP" }
            #expect(office?["rate"] as? Double == 1.0)
            #expect(office?["respondents"] as? Int == 10)
            #expect((office?["label"] as? String)?.hasPrefix("Office") == true, "\(office?["label"] ?? "")")
            let management = rows.first { $0["key"] as? String == "LC.SVHTTDL.QLVH" }
            #expect(management?["rate"] as? Double == 0.6)
            #expect(management?["met"] as? Bool == false)
        }
    }

    @Test func csvIsUTF8WithAByteOrderMarkAndCRLF() async throws {
        try await TestApp.withApp { client, database in
            let tokens = try await F.prepare(database)
            try await F.storeResponses(database)
            for uri in ["/api/v1/metrics/satisfaction?period=2026-Q1&format=csv&by=unit",
                        "/api/v1/metrics/feedback?period=2026-Q1&format=csv",
                        "/api/v1/metrics/qd766?period=2026-Q1&format=csv"] {
                let response = try await F.get(client, uri, token: tokens.analyst)
                #expect(response.status == .ok, "\(uri)")
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(response.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"") == true)
                let bytes = Array(response.body.readableBytesView)
                #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "\(uri) starts with the BOM")
                let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
                #expect(text.hasSuffix("\r\n"))
                #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
            }
            // The Accept header chooses CSV too, and Vietnamese names survive.
            let response = try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1&by=unit", token: tokens.analyst,
                                           headers: [.accept: "text/csv"])
            let text = String(decoding: Array(response.body.readableBytesView).dropFirst(3), as: UTF8.self)
            let lines = text.split(separator: "\r\n").map(String.init)
            #expect(lines.first == SatisfactionDocument.csvHeader.joined(separator: ","))
            #expect(lines.contains { $0.contains("LC.SVHTTDL.QLVH") && $0.contains(",0.6000,") })
            #expect(text.contains("Sở Văn hóa, Thể thao và Du lịch") || text.contains("\"Sở Văn hóa, Thể thao và Du lịch\""))
        }
    }

    @Test func feedbackAndQD766CountThePAKNOfTheSubtree() async throws {
        // Items are received on the clock's day, so 2026 holds them and 2025 none.
        try await TestApp.withApp(clock: .fixed(on: CalendarDate(year: 2026, month: 5, day: 20)!)) { client, database in
            let tokens = try await F.prepare(database)
            try await F.sendFeedback(client, unit: "LC.SVHTTDL.VP")
            try await F.sendFeedback(client, unit: "LC.SVHTTDL.QLVH")
            try await F.sendFeedback(client, unit: "LC.STP")
            let year = 2026
            let feedback = F.json(try await F.get(client, "/api/v1/metrics/feedback?period=\(year)&by=unit",
                                                  token: tokens.analyst))
            #expect(feedback["received"] as? Int == 2, "the two items of the analyst's subtree")
            #expect(feedback["pending"] as? Int == 2)
            #expect(Self.rateKeys.isSubset(of: Set((feedback["handledRate"] as? [String: Any])?.keys.map { $0 } ?? [])))
            let rows = (feedback["breakdown"] as? [String: Any])?["rows"] as? [[String: Any]] ?? []
            #expect(Set(rows.compactMap { $0["key"] as? String }) == ["LC.SVHTTDL.VP", "LC.SVHTTDL.QLVH"])
            #expect(rows.allSatisfy { $0["received"] as? Int == 1 })

            let byMonth = F.json(try await F.get(client, "/api/v1/metrics/feedback?period=\(year)&by=month",
                                                 token: tokens.analyst))
            let months = (byMonth["breakdown"] as? [String: Any])?["rows"] as? [[String: Any]] ?? []
            #expect(months.count == 12)

            let qd766 = F.json(try await F.get(client, "/api/v1/metrics/qd766?period=\(year)", token: tokens.analyst))
            #expect((qd766["onTime"] as? [String: Any])?["denominator"] as? Int == 2)
            #expect(qd766["maxScore"] as? Double == 18)
            #expect(qd766.keys.contains("score"))
            #expect((qd766["period"] as? [String: Any])?["id"] as? String == "\(year)")

            // Without a period, the report in progress on the clock's day: the 6-month report.
            let inProgress = F.json(try await F.get(client, "/api/v1/metrics/feedback", token: tokens.analyst))
            #expect((inProgress["period"] as? [String: Any])?["id"] as? String == "2026-H1")
            #expect(inProgress["received"] as? Int == 2)
        }
    }

    @Test(arguments: [
        ("period=2026-Q5", 422, "period"),
        ("period=next-year", 400, "period"),
        ("from=2026-03-01&to=2026-01-01", 422, "from"),
        ("from=2026-03-01", 400, "to"),
        ("from=2026-13-01&to=2026-12-31", 400, "from"),
        ("period=2026&from=2026-01-01&to=2026-02-01", 400, "from"),
        ("by=weekday", 400, "by"),
        ("convention=lunar", 400, "convention"),
        ("format=xlsx", 400, "format"),
        ("perod=2026", 400, "perod"),
        ("unit=NO.SUCH.UNIT", 422, "unit"),
        ("form=nosuchform", 422, "form"),
        ("population=-3", 400, "population"),
    ])
    func badParametersAreProblemsNamingTheParameter(query: String, status: Int, parameter: String) async throws {
        try await TestApp.withApp { client, database in
            let tokens = try await F.prepare(database)
            let response = try await F.get(client, "/api/v1/metrics/satisfaction?\(query)", token: tokens.admin)
            #expect(Int(response.status.code) == status, "\(query): \(String(buffer: response.body))")
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(F.json(response)["parameter"] as? String == parameter, "\(query)")
        }
    }

    @Test func feedbackAndQD766RefuseBreakdownsTheyCannotCount() async throws {
        try await TestApp.withApp { client, database in
            let tokens = try await F.prepare(database)
            for route in ["feedback", "qd766"] {
                let response = try await F.get(client, "/api/v1/metrics/\(route)?by=language", token: tokens.analyst)
                #expect(response.status == .unprocessableContent)
                #expect(F.json(response)["parameter"] as? String == "by")
            }
        }
    }

    @Test func scopeIsTheCallersSubtree() async throws {
        try await TestApp.withApp { client, database in
            let tokens = try await F.prepare(database)
            try await F.storeResponses(database)
            let route = "/api/v1/metrics/satisfaction?period=2026-Q1"

            // An analyst: a unit of their subtree, yes; another department, no.
            #expect(try await F.get(client, route + "&unit=LC.SVHTTDL.VP", token: tokens.analyst).status == .ok)
            let outside = try await F.get(client, route + "&unit=LC.STP", token: tokens.analyst)
            #expect(outside.status == .forbidden)
            #expect(outside.headers[.contentType] == "application/problem+json")
            // Nor the province above them.
            #expect(try await F.get(client, route + "&unit=LC", token: tokens.analyst).status == .forbidden)
            // A handler reads no metrics, even in their own unit.
            #expect(try await F.get(client, route + "&unit=\(F.grantUnit)", token: tokens.handler).status == .forbidden)
            // No token: 401.
            #expect(try await client.execute(uri: route, method: .get, headers: [:], body: nil).status == .unauthorized)

            // Admins read anything, and default to the root unit in effect.
            let all = F.json(try await F.get(client, route, token: tokens.admin))
            #expect((all["unit"] as? [String: Any])?["code"] as? String == "LC")
            #expect(all["respondents"] as? Int == 25)
            #expect(try await F.get(client, route + "&unit=LC.STP", token: tokens.admin).status == .ok)

            // Two grants and no unit: 422 listing them.
            let ambiguous = try await F.get(client, route, token: tokens.twoGrants)
            #expect(ambiguous.status == .unprocessableContent)
            let problem = F.json(ambiguous)
            #expect(problem["parameter"] as? String == "unit")
            #expect(problem["allowed"] as? [String] == ["LC.STP", "LC.SVHTTDL"])
            #expect(try await F.get(client, route + "&unit=LC.STP", token: tokens.twoGrants).status == .ok)
        }
    }

    @Test func theCutoffConventionMovesTheDays() async throws {
        try await TestApp.withApp(environment: ["REPORTING_CONVENTION": "cutoff"]) { client, database in
            let tokens = try await F.prepare(database)
            // 2026-03-20 is after the Q1 cut-off (14 March): it counts in Q2, not Q1.
            try await F.submit(database, unit: "LC.SVHTTDL.VP", value: 5, at: F.instant("2026-03-20T03:00:00Z"))
            let q1 = F.json(try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1", token: tokens.analyst))
            #expect((q1["period"] as? [String: Any])?["first"] as? String == "2025-12-15")
            #expect((q1["period"] as? [String: Any])?["convention"] as? String == "cutoff")
            #expect(q1["respondents"] as? Int == 0)
            #expect((q1["pooled"] as? [String: Any])?["rate"] is NSNull, "no data is null, not 0")
            let calendar = F.json(try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1&convention=calendar",
                                                   token: tokens.analyst))
            #expect(calendar["respondents"] as? Int == 1)
        }
    }
}
