import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The seed plan (Forms/plans/2022-LC.SVHTT.yaml) through the routes staff use: its computed
/// targets equal the periodic report's figures, the responsible office enters a value with
/// evidence, and the gate keeps the plan to those whose scope holds it.
@Suite(.timeLimit(.minutes(5)))
struct PlanPagesTests {
    static let plan = "2022-LC.SVHTT"
    /// After the Q3 report's period (January–September 2022), within the year.
    static let today = ISO8601DateFormatter().date(from: "2022-10-05T03:00:00Z")!

    /// The department's responses, PAKN and dossier statistics for 2022, and its staff: an analyst
    /// of the department, one of its office (Văn phòng Sở, responsible for most targets), one of
    /// another department.
    static func prepare(_ client: some TestClientProtocol, _ database: Database) async throws {
        try await SampleUnits.importInto(database)
        try await StaffFixtures.addUser(database, "dept", role: .analyst, unit: "LC.SVHTT")
        try await StaffFixtures.addUser(database, "office", role: .analyst, unit: "LC.SVHTT.VP")
        try await StaffFixtures.addUser(database, "justice", role: .analyst, unit: "LC.STP")
        // 36 of 40 forms satisfied on every question in Q3: 828 of 920 answers, exactly 90%, whose
        // interval holds the target.
        let inQ3 = AnalyticsWebFixtures.instant("2022-05-10T03:00:00Z")
        for index in 0..<40 {
            try await AnalyticsWebFixtures.submit(database, unit: index % 2 == 0 ? "LC.SVHTT.VP" : "LC.SVHTT",
                                                  value: index < 36 ? 5 : 2, at: inQ3.addingTimeInterval(Double(index) * 60))
        }
        // Two PAKN items received today (in the year, not in Q3).
        for _ in 0..<2 { try await AnalyticsWebFixtures.sendFeedback(client, unit: "LC.SVHTT") }
        let csv = """
            unit,period,received,resolved,resolved_on_time,resolved_late,apologies_sent,online,received_by_post,returned_by_post
            LC.SVHTT,2022-03,200,190,188,2,2,70,25,40
            LC.SVHTT,2022-08,100,100,97,3,1,30,5,10
            """
        _ = try await DossierStore(database: database).importStatistics(
            try DossierStatisticsImport.parse(csv: csv, file: "2022.csv"), fileName: "2022.csv", contents: Data(csv.utf8),
            by: StaffFixtures.cli, logger: TestDatabase.logger)
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    /// A JSON interval `{low, high}` as `[low, high]`; nil for `null`.
    static func interval(_ value: Any?) -> [Double]? {
        guard let interval = value as? [String: Any], let low = interval["low"] as? Double,
              let high = interval["high"] as? Double else { return nil }
        return [low, high]
    }

    static func targets(_ report: [String: Any]) -> [String: [String: Any]] {
        let areas = report["areas"] as? [[String: Any]] ?? []
        let all = areas.flatMap { $0["targets"] as? [[String: Any]] ?? [] }
        return Dictionary(uniqueKeysWithValues: all.map { ($0["id"] as? String ?? "", $0) })
    }

    @Test func computedTargetsEqualTheReportsFiguresForTheSamePeriod() async throws {
        try await TestApp.withApp(clock: ClockHand(Self.today).clock) { client, database in
            // setup
            try await Self.prepare(client, database)
            let token = try await StaffFixtures.token(database, "dept")
            for period in ["2022-Q3", "2022"] {
                // act
                let plan = try await client.execute(uri: "/api/v1/plans/\(Self.plan)/\(period)", method: .get,
                                                    headers: StaffFixtures.bearer(token))
                let report = try await client.execute(uri: "/api/v1/reports/\(period)?unit=LC.SVHTT&form=sipas",
                                                      method: .get, headers: StaffFixtures.bearer(token))
                // validate
                #expect(plan.status == .ok, "\(String(buffer: plan.body))")
                #expect(report.status == .ok)
                let targets = Self.targets(try Self.json(plan))
                #expect(targets.count == 45)
                let rows = try Self.json(report)["rows"] as? [[String: Any]] ?? []
                let total = try #require(rows.first { $0["isTotal"] as? Bool == true })
                let figures = try #require((total["dossiers"] as? [String: Any])?["figures"] as? [String: Any])
                func same(_ target: String, _ expected: [String: Any]?, numerator: String, denominator: String) throws {
                    let figure = try #require(targets[target]?["figure"] as? [String: Any], "\(target) \(period)")
                    let expected = try #require(expected, "\(target) in the report")
                    #expect(figure["numerator"] as? Int == expected[numerator] as? Int, "\(target) \(period)")
                    #expect(figure["denominator"] as? Int == expected[denominator] as? Int, "\(target) \(period)")
                    #expect(figure["rate"] as? Double == expected["rate"] as? Double, "\(target) \(period)")
                    #expect(Self.interval(figure["ci95"]) == Self.interval(expected["ci95"]), "\(target) \(period)")
                }
                try same("satisfaction", total["satisfaction"] as? [String: Any], numerator: "satisfied", denominator: "answered")
                try same("pakn-handled", total["paknHandled"] as? [String: Any], numerator: "satisfied", denominator: "answered")
                try same("dossiers-on-time", figures["onTime"] as? [String: Any], numerator: "numerator", denominator: "denominator")
                try same("late-dossier-apologies", figures["apologyCoverage"] as? [String: Any], numerator: "numerator",
                         denominator: "denominator")
                try same("online-dossiers", figures["online"] as? [String: Any], numerator: "numerator", denominator: "denominator")
                try same("postal-received-dossiers", figures["receivedByPost"] as? [String: Any], numerator: "numerator",
                         denominator: "denominator")
                try same("postal-returned-results", figures["returnedByPost"] as? [String: Any], numerator: "numerator",
                         denominator: "denominator")
            }
            // The figures themselves, for Q3: 828/920 answers satisfied (the interval holds 90%),
            // 285/290 on time, 3 apologies for 5 late, 100/300 online, 50/290 results by post.
            let q3 = Self.targets(try Self.json(try await client.execute(
                uri: "/api/v1/plans/\(Self.plan)/2022-Q3", method: .get, headers: StaffFixtures.bearer(token))))
            #expect((q3["satisfaction"]?["figure"] as? [String: Any])?["numerator"] as? Int == 828)
            #expect(q3["satisfaction"]?["verdict"] as? String == "inconclusive")
            #expect(q3["dossiers-on-time"]?["verdict"] as? String == "met")
            #expect((q3["dossiers-on-time"]?["figure"] as? [String: Any])?["numerator"] as? Int == 285)
            #expect(q3["late-dossier-apologies"]?["verdict"] as? String == "not_met")
            #expect(q3["online-dossiers"]?["verdict"] as? String == "not_met")
            #expect(q3["postal-returned-results"]?["verdict"] as? String == "not_met")
            #expect(q3["pakn-handled"]?["verdict"] as? String == "no_value")
            #expect(q3["reform-initiatives"]?["verdict"] as? String == "no_value")
        }
    }

    @Test func theResponsibleOfficeEntersAValueWithEvidenceAndItIsOnTheReport() async throws {
        try await TestApp.withApp(clock: ClockHand(Self.today).clock) { client, database in
            // setup
            try await Self.prepare(client, database)
            var (office, _) = try await StaffFixtures.signIn(client, "office")
            let path = "/staff/plans/\(Self.plan)/2022-Q3"
            let page = try await office.get(client, path)
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("Có ít nhất 02 sáng kiến"))
            #expect(html.contains("Chưa kết luận"), "satisfaction's interval holds 90%")
            #expect(html.contains("(LC.SVHTT)</dd>"), "the plan's unit with its code")
            #expect(!html.contains("Optional("))
            let csrf = try #require(BrowserSession.formToken(action: path + "/values", in: html))

            // act: a bad value keeps what was typed; a forged token stores nothing; then a good entry
            let bad = try await office.post(client, path + "/values", fields: [
                ("csrf", csrf), ("target", "reform-initiatives"), ("value", "hai"), ("note", "Hai <b>sáng kiến</b>"),
            ])
            let forged = try await office.post(client, path + "/values", fields: [
                ("csrf", "forged"), ("target", "reform-initiatives"), ("value", "3"), ("note", "x"),
            ])
            let stored = try await office.post(client, path + "/values", fields: [
                ("csrf", csrf), ("target", "reform-initiatives"), ("value", "3"),
                ("note", "Quyết định 12/QĐ-SVHTT công nhận 3 sáng kiến"),
                ("evidence_url", "https://svhtt.laocai.gov.vn/qd-12-2022.pdf"),
            ])
            let notTheirs = try await office.post(client, path + "/values", fields: [
                ("csrf", csrf), ("target", "legal-documents-drafted"), ("value", "100"), ("note", "Đủ"),
            ])
            let computed = try await office.post(client, path + "/values", fields: [
                ("csrf", csrf), ("target", "satisfaction"), ("value", "100"), ("note", "Đủ"),
            ])

            // validate
            #expect(bad.status == .unprocessableContent)
            let badHTML = String(buffer: bad.body)
            #expect(badHTML.contains("Hãy nhập một số nguyên không âm"))
            #expect(badHTML.contains("Hai &lt;b&gt;sáng kiến&lt;/b&gt;"), "the note typed is shown again, escaped")
            #expect(forged.status == .forbidden)
            #expect(stored.status == .seeOther)
            #expect(stored.headers[.location] == path + "?saved=reform-initiatives#t-reform-initiatives")
            #expect(notTheirs.status == .forbidden, "area 2 is the department's, not the office's")
            #expect(computed.status == .unprocessableContent)
            let token = try await StaffFixtures.token(database, "dept")
            let report = Self.targets(try Self.json(try await client.execute(
                uri: "/api/v1/plans/\(Self.plan)/2022-Q3", method: .get, headers: StaffFixtures.bearer(token))))
            let entry = try #require(report["reform-initiatives"]?["entry"] as? [String: Any])
            #expect(entry["value"] as? Double == 3)
            #expect(entry["evidenceUrl"] as? String == "https://svhtt.laocai.gov.vn/qd-12-2022.pdf")
            #expect(entry["enteredBy"] as? String == "office")
            #expect(report["reform-initiatives"]?["verdict"] as? String == "met")
            #expect(report["reform-initiatives"]?["value"] as? Double == 3)
            let shown = String(buffer: try await office.get(client, path).body)
            #expect(shown.contains("Quyết định 12/QĐ-SVHTT công nhận 3 sáng kiến"))
            #expect(shown.contains("href=\"https://svhtt.laocai.gov.vn/qd-12-2022.pdf\""))
            // Another period has its own values.
            let year = Self.targets(try Self.json(try await client.execute(
                uri: "/api/v1/plans/\(Self.plan)/2022", method: .get, headers: StaffFixtures.bearer(token))))
            #expect(year["reform-initiatives"]?["verdict"] as? String == "no_value")
            let audit = try await AuditLog(database: database).recent(limit: 10, logger: TestDatabase.logger)
                .filter { $0.action == "plan.value_enter" }
            #expect(audit.count == 1)
            #expect(audit.first?.actorLogin == "office")
            #expect(audit.first?.details["target"] == .string("reform-initiatives"))
            let rows = try await database.query("SELECT count(*)::int FROM plan_values", logger: TestDatabase.logger) {
                try $0.decode(Int.self)
            }
            #expect(rows == [1], "only the good entry was stored")
        }
    }

    @Test func theGateKeepsThePlanToItsUnitsAndRefusesOtherPeriods() async throws {
        try await TestApp.withApp(clock: ClockHand(Self.today).clock) { client, database in
            try await Self.prepare(client, database)
            let justice = try await StaffFixtures.token(database, "justice")
            let office = try await StaffFixtures.token(database, "office")
            func status(_ uri: String, _ token: String) async throws -> HTTPResponse.Status {
                try await client.execute(uri: uri, method: .get, headers: StaffFixtures.bearer(token)).status
            }
            #expect(try await status("/api/v1/plans/\(Self.plan)/2022-Q3", justice) == .forbidden)
            #expect(try await status("/api/v1/plans/\(Self.plan)/2022-Q3", office) == .ok,
                    "the office answers for targets of the plan")
            #expect(try await status("/api/v1/plans/\(Self.plan)/2022-Q2", office) == .notFound, "not a report of the plan")
            #expect(try await status("/api/v1/plans/\(Self.plan)/2023-Q1", office) == .notFound)
            #expect(try await status("/api/v1/plans/2022-LC.STP/2022-Q1", office) == .notFound, "no such plan")
            var (browser, _) = try await StaffFixtures.signIn(client, "justice")
            #expect(try await browser.get(client, "/staff/plans/\(Self.plan)/2022").status == .forbidden)
        }
    }

    @Test func theIndexListsThePlansTheGrantsReachWithALinkToEachPeriod() async throws {
        try await TestApp.withApp(clock: ClockHand(Self.today).clock) { client, database in
            try await Self.prepare(client, database)
            var (office, _) = try await StaffFixtures.signIn(client, "office")
            var (justice, _) = try await StaffFixtures.signIn(client, "justice")
            // act
            let home = try await office.get(client, "/staff")
            let index = try await office.get(client, "/staff/plans")
            let english = try await office.get(client, "/staff/plans?lang=en")
            let page = try await office.get(client, "/staff/plans/\(Self.plan)/2022-Q3")
            let none = try await justice.get(client, "/staff/plans")
            let narrowed = try await office.get(client, "/staff/plans?unit=LC.STP")
            // validate
            #expect(home.status == .ok)
            #expect(String(buffer: home.body).contains("<a href=\"/staff/plans\">Kế hoạch CCHC</a>"), "the header links the index")
            #expect(index.status == .ok)
            let html = String(buffer: index.body)
            for period in ["2022-Q1", "2022-H1", "2022-Q3", "2022"] {
                #expect(html.contains("href=\"/staff/plans/\(Self.plan)/\(period)\""), "\(period) is linked")
            }
            #expect(html.contains("<a href=\"/staff/plans\" aria-current=\"page\">"))
            #expect(html.contains("(LC.SVHTT)"))
            #expect(String(buffer: english.body).contains("<h1>Administrative reform plans</h1>"))
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("<a href=\"/staff/plans\" aria-current=\"page\">"),
                    "the plan page has the console's header")
            #expect(none.status == .ok)
            let noneHTML = String(buffer: none.body)
            #expect(!noneHTML.contains("/staff/plans/\(Self.plan)/"), "LC.STP's analyst reaches no target of the plan")
            #expect(noneHTML.contains("Không có kế hoạch nào trong phạm vi quyền của bạn."))
            #expect(narrowed.status == .forbidden, "a unit outside the grants cannot narrow the list")
        }
    }
}
