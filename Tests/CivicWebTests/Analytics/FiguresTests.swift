import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import CivicWeb

/// The figures an analyst signs (issue 11): every response and PAKN item counted once, one form
/// per figure, intervals that respect the design, the same totals on every surface.
@Suite(.timeLimit(.minutes(4)))
struct FiguresTests {
    typealias F = AnalyticsWebFixtures

    /// PAKN items are received on the clock's day: 20 May 2026.
    static let clock = ServiceClock.fixed(on: CalendarDate(year: 2026, month: 5, day: 20)!)

    @Test func anAdminWithNoRegisterReadsTheWholeService() async throws {
        try await TestApp.withApp(clock: Self.clock) { client, database in
            // setup: no unit register at all; three responses and one PAKN item, naming no unit.
            try await StaffFixtures.addUser(database, F.admin, role: .admin)
            let token = try await StaffFixtures.token(database, F.admin)
            for index in 0..<3 {
                try await F.submit(database, unit: nil, value: index == 0 ? 2 : 5,
                                   at: F.instant("2026-02-1\(index)T03:00:00Z"))
            }
            try await FeedbackFixtures.createItem(client, unit: nil)
            let year = 2026

            // act
            let satisfaction = try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1&by=unit", token: token)
            let feedback = try await F.get(client, "/api/v1/metrics/feedback?period=\(year)&by=unit", token: token)
            let qd766 = try await F.get(client, "/api/v1/metrics/qd766?period=\(year)", token: token)
            let report = try await F.get(client, "/api/v1/reports/2026-Q1", token: token)

            // validate: the whole service, no 422
            #expect(satisfaction.status == .ok, "\(String(buffer: satisfaction.body))")
            let json = F.json(satisfaction)
            let unit = json["unit"] as? [String: Any]
            #expect(unit?["code"] is NSNull && unit?["name"] as? String == "Toàn bộ dịch vụ")
            #expect(json["respondents"] as? Int == 3)
            let rows = (json["breakdown"] as? [String: Any])?["rows"] as? [[String: Any]] ?? []
            #expect(rows.map { $0["key"] as? String } == [""])
            #expect(rows.first?["label"] as? String == "Không ghi đơn vị")
            #expect(feedback.status == .ok && F.json(feedback)["received"] as? Int == 1)
            let paknRows = (F.json(feedback)["breakdown"] as? [String: Any])?["rows"] as? [[String: Any]] ?? []
            #expect(paknRows.map { $0["key"] as? String } == [""] && paknRows.first?["received"] as? Int == 1)
            #expect(qd766.status == .ok)
            #expect(report.status == .ok, "\(String(buffer: report.body))")
            let reportRows = F.json(report)["rows"] as? [[String: Any]] ?? []
            #expect(reportRows.map { ($0["unit"] as? [String: Any])?["code"] as? String } == ["", nil])
            #expect((reportRows.last?["satisfaction"] as? [String: Any])?["answered"] as? Int
                    == (json["pooled"] as? [String: Any])?["answered"] as? Int)

            // The pages too.
            let (browser, _) = try await StaffFixtures.signIn(client, F.admin)
            var session = browser
            let dashboard = try await session.get(client, "/staff/dashboard?period=2026-Q1")
            #expect(dashboard.status == .ok)
            #expect(String(buffer: dashboard.body).contains("Toàn bộ dịch vụ"))
            #expect(try await session.get(client, "/staff/reports/2026-Q1").status == .ok)
        }
    }

    /// The "pooled" line of `civicvoice analytics satisfaction`, run as the built binary against
    /// the test's database: satisfied, answered and respondents.
    static func commandLineTotals(_ database: Database, period: String, form: String? = nil) async throws
        -> (satisfied: Int, answered: Int, respondents: Int, output: String) {
        let name = try await database.query("SELECT current_database()", logger: TestDatabase.logger) {
            try $0.decode(String.self)
        }.first ?? ""
        var url = try #require(URLComponents(string: ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ""))
        url.path = "/\(name)"
        let binary = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("civicvoice")
        #expect(FileManager.default.isExecutableFile(atPath: binary.path),
                "scripts/test builds the civicvoice binary before the tests: \(binary.path)")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["analytics", "satisfaction", "--period", period] + (form.map { ["--form", $0] } ?? [])
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = url.string
        environment["FORMS_DIR"] = TestDatabase.repositoryRoot.appendingPathComponent("Forms").path
        environment["LOG_LEVEL"] = "error"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(text)")
        // row, rate, ci95, method, deff, n_eff, satisfied, answered, respondents, …
        let pooled = text.split(separator: "\n").first { $0.hasPrefix("pooled\t") }?.split(separator: "\t") ?? []
        guard pooled.count > 8, let satisfied = Int(pooled[6]), let answered = Int(pooled[7]),
              let respondents = Int(pooled[8]) else {
            Issue.record("no pooled line in: \(text)")
            return (0, 0, 0, text)
        }
        return (satisfied, answered, respondents, text)
    }

    @Test func provinceTotalsAgreeOnTheDashboardTheReportTheAPIAndTheCommandLine() async throws {
        try await TestApp.withApp(clock: Self.clock) { client, database in
            // setup: the fixture's responses, two naming no unit, dossier ratings (another form),
            // and PAKN items with and without a unit.
            let tokens = try await F.prepare(database)
            try await F.storeResponses(database)
            for index in 0..<2 {
                try await F.submit(database, unit: nil, value: 4, at: F.instant("2026-03-0\(index + 1)T03:00:00Z"))
            }
            try await F.sendFeedback(client, unit: "LC.SVHTTDL.VP")
            try await FeedbackFixtures.createItem(client, unit: nil)
            let year = 2026

            // act: the admin's province (the only root unit), four ways
            let api = F.json(try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1", token: tokens.admin))
            let report = F.json(try await F.get(client, "/api/v1/reports/2026-Q1", token: tokens.admin))
            let (browser, _) = try await StaffFixtures.signIn(client, F.admin)
            var session = browser
            let page = String(buffer: try await session.get(client, "/staff/dashboard?period=2026-Q1").body)
            let cli = try await Self.commandLineTotals(database, period: "2026-Q1")

            // validate
            let pooled = api["pooled"] as? [String: Any] ?? [:]
            let satisfied = pooled["satisfied"] as? Int ?? -1, answered = pooled["answered"] as? Int ?? -1
            #expect(api["form"] as? String == "sipas")
            #expect(api["respondents"] as? Int == 27, "25 at units and 2 naming none")
            let total = (report["rows"] as? [[String: Any]])?.last ?? [:]
            let reportSatisfaction = total["satisfaction"] as? [String: Any] ?? [:]
            #expect(reportSatisfaction["satisfied"] as? Int == satisfied && reportSatisfaction["answered"] as? Int == answered)
            #expect((cli.satisfied, cli.answered, cli.respondents) == (satisfied, answered, 27), "\(cli.output)")
            let totalRow = page.components(separatedBy: "<tr class=\"total\">").dropFirst().first?
                .components(separatedBy: "</tr>").first ?? ""
            #expect(totalRow.contains(">\(AnalyticsText(ui: TestApp.forms.catalog.ui, language: "vi").count(answered))<"),
                    "the dashboard's total row shows \(answered) answers: \(totalRow)")
            let noUnitRow = (report["rows"] as? [[String: Any]])?.first { ($0["unit"] as? [String: Any])?["code"] as? String == "" }
            #expect((noUnitRow?["satisfaction"] as? [String: Any])?["answered"] as? Int == 2 * F.sipas.scoredQuestions.count)
            #expect(page.contains("Không ghi đơn vị"))

            // PAKN: the province counts the item that names no unit, and its row shows it.
            let pakn = F.json(try await F.get(client, "/api/v1/metrics/feedback?period=\(year)&by=unit", token: tokens.admin))
            #expect(pakn["received"] as? Int == 2)
            let paknRows = (pakn["breakdown"] as? [String: Any])?["rows"] as? [[String: Any]] ?? []
            #expect(paknRows.reduce(0) { $0 + ($1["received"] as? Int ?? 0) } == 2, "the rows add up to the total")
            let yearReport = F.json(try await F.get(client, "/api/v1/reports/\(year)", token: tokens.admin))
            #expect(((yearReport["rows"] as? [[String: Any]])?.last?["paknReceived"] as? Int) == 2)
        }
    }

    @Test func aResponsePostedWithoutAUnitMovesTheProvinceTotalEverywhere() async throws {
        try await TestApp.withApp(clock: Self.clock) { client, database in
            // setup: the fixture's responses; the figures of 2026 on the four surfaces.
            let tokens = try await F.prepare(database)
            try await F.storeResponses(database)
            let text = AnalyticsText(ui: TestApp.forms.catalog.ui, language: "vi")
            let (browser, _) = try await StaffFixtures.signIn(client, F.admin)
            var session = browser
            func totals() async throws -> (api: Int, report: Int, dashboard: Bool, cli: Int, expected: Int) {
                let api = F.json(try await F.get(client, "/api/v1/metrics/satisfaction?period=2026", token: tokens.admin))
                let answered = (api["pooled"] as? [String: Any])?["answered"] as? Int ?? -1
                let report = F.json(try await F.get(client, "/api/v1/reports/2026", token: tokens.admin))
                let total = (report["rows"] as? [[String: Any]])?.last?["satisfaction"] as? [String: Any]
                let page = String(buffer: try await session.get(client, "/staff/dashboard?period=2026").body)
                let totalRow = page.components(separatedBy: "<tr class=\"total\">").dropFirst().first?
                    .components(separatedBy: "</tr>").first ?? ""
                let cli = try await Self.commandLineTotals(database, period: "2026")
                return (answered, total?["answered"] as? Int ?? -1, totalRow.contains(">\(text.count(answered))<"),
                        cli.answered, answered)
            }
            let before = try await totals()

            // act: a citizen's answers through the public API, naming no unit.
            let answers = F.answers(5).sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }
            let body = """
                {"id": "\(UUID().uuidString)", "form": "sipas", "language": "vi", "channel": "web",
                 "answers": {\(answers.joined(separator: ", "))}}
                """
            let posted = try await client.execute(uri: "/api/v1/responses", method: .post,
                                                  headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
            #expect(posted.status == .created, "\(String(buffer: posted.body))")
            let after = try await totals()

            // validate: each surface moved by the response's answers, and they agree.
            let added = F.sipas.scoredQuestions.count
            #expect(before.api == before.report && before.api == before.cli && before.dashboard)
            #expect(after.api == before.api + added)
            #expect(after.report == after.api && after.cli == after.api)
            #expect(after.dashboard, "the dashboard's total row shows \(after.expected) answers")
        }
    }

    @Test func theSipasFigureIgnoresDossierRatingsUnlessPooled() async throws {
        try await TestApp.withApp { client, database in
            let tokens = try await F.prepare(database)
            try await F.storeResponses(database)
            let rating = TestApp.forms.current("dossier-rating")!
            for index in 0..<3 {
                var fields = rating.scoredQuestions.map { "\"\($0.questionID)\": 1" }
                fields.append("\"dossier_code\": \"000.00.10.H37-260210-\(index)\"")
                let unitID = try await UnitStore(database: database).unit(code: "LC.SVHTTDL.VP", logger: TestDatabase.logger)!.id
                let id = UUID()
                _ = try await ResponseStore(database: database).insert(
                    .init(id: id, formID: "dossier-rating", formVersion: rating.version, unitID: unitID, language: "vi",
                          channel: "web", dossierCode: "000.00.10.H37-260210-\(index)",
                          answersJSON: "{" + fields.joined(separator: ", ") + "}", contentDigest: id.uuidString,
                          submittedAt: F.instant("2026-02-12T03:00:00Z")),
                    logger: TestDatabase.logger)
            }
            let sipas = F.json(try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1", token: tokens.analyst))
            let pooled = F.json(try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1&form=all",
                                                 token: tokens.analyst))
            let ratings = F.json(try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1&form=dossier-rating",
                                                  token: tokens.analyst))
            #expect(sipas["form"] as? String == "sipas" && sipas["respondents"] as? Int == 20)
            #expect(sipas["forms"] as? [String] == ["sipas"])
            #expect(pooled["form"] as? String == "all" && pooled["respondents"] as? Int == 23)
            #expect(pooled["forms"] as? [String] == ["dossier-rating", "sipas"])
            #expect(pooled["elementsForm"] as? String == "sipas")
            #expect(ratings["respondents"] as? Int == 3)
            // The SIPAS elements are the same whether or not dossier ratings are pooled in.
            let sipasElements = sipas["elements"] as? [String: [String: Any]] ?? [:]
            let pooledElements = pooled["elements"] as? [String: [String: Any]] ?? [:]
            for element in SatisfactionElement.allCases.map(\.rawValue) {
                #expect(sipasElements[element]?["answered"] as? Int == pooledElements[element]?["answered"] as? Int, "\(element)")
            }
            // Not a survey, or no such form: 422 naming form.
            for form in ["pakn", "nosuchform"] {
                let refused = try await F.get(client, "/api/v1/metrics/satisfaction?form=\(form)", token: tokens.analyst)
                #expect(refused.status == .unprocessableContent && F.json(refused)["parameter"] as? String == "form")
            }
            // The page's selector offers each survey and the pool, and a pooled page says so.
            let (browser, _) = try await StaffFixtures.signIn(client, F.analyst)
            var session = browser
            let page = String(buffer: try await session.get(client, "/staff/dashboard?period=2026-Q1&form=all").body)
            #expect(page.contains(#"<select id="f-form" name="form">"#))
            #expect(page.contains(#"<option value="all" selected>"#))
            #expect(page.contains("Số liệu gộp các biểu mẫu"))
            #expect(page.contains("Các yếu tố chỉ tính theo biểu mẫu"))
            let report = String(buffer: try await session.get(client, "/staff/reports/2026-Q1?form=dossier-rating").body)
            #expect(report.contains(#"<option value="dossier-rating" selected>"#))
        }
    }

    @Test func everyRateSaysHowItsIntervalWasMadeAndTheVerdict() async throws {
        try await TestApp.withApp { client, database in
            let tokens = try await F.prepare(database)
            try await F.storeResponses(database)
            let json = F.json(try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1&by=unit",
                                              token: tokens.analyst))
            // The dossier shares beside the figure (on time, apologies, QĐ 766 ratio 3) count every
            // dossier of the period, not a sample: they have no interval to make.
            var survey = json
            survey["dossiers"] = nil
            let rates = MetricsAPITests.rateObjects(survey)
            #expect(rates.count == 9, "pooled, mean of elements, five elements, two units")
            for (path, rate) in rates {
                let interval = rate["interval"] as? [String: Any] ?? [:]
                #expect(Set(interval.keys) == ["method", "deff", "effectiveN", "respondents"], "\(path)")
                #expect(rate.keys.contains("verdict") && rate.keys.contains("tooFewRespondents"), "\(path)")
            }
            let pooled = json["pooled"] as? [String: Any] ?? [:]
            let interval = pooled["interval"] as? [String: Any] ?? [:]
            #expect(interval["method"] as? String == "cluster_wilson")
            // Every form answers every question alike here: each respondent is one block of 22
            // answers, so the design effect is about the answers per respondent.
            #expect((interval["deff"] as? Double ?? 0) > 15)
            #expect(interval["respondents"] as? Int == 20)
            #expect(pooled["tooFewRespondents"] as? Bool == true, "20 respondents < 30")
            #expect(pooled["verdict"] as? String == "inconclusive")
            #expect(json["minimumRespondents"] as? Int == 30)
            // The mean of elements has no interval, so no verdict.
            let mean = json["meanOfElements"] as? [String: Any] ?? [:]
            #expect((mean["interval"] as? [String: Any])?["method"] as? String == "none" && mean["verdict"] is NSNull)

            // The pages say it in one line, and mark the small units.
            let (browser, _) = try await StaffFixtures.signIn(client, F.analyst)
            var session = browser
            let page = String(buffer: try await session.get(client, "/staff/dashboard?period=2026-Q1").body)
            #expect(page.contains(#"id="interval-line""#) && page.contains("hệ số thiết kế"))
            #expect(page.contains("Quá ít phiếu trả lời</td>"), "a unit with 10 respondents")
            let report = String(buffer: try await session.get(client, "/staff/reports/2026-Q1").body)
            #expect(report.contains(#"id="interval-line""#))
        }
    }

    @Test func aSmallerMinimumRanksAndColoursTheUnits() async throws {
        try await TestApp.withApp(environment: ["MIN_RESPONDENTS": "5"]) { client, database in
            _ = try await F.prepare(database)
            try await F.storeResponses(database)
            let (browser, _) = try await StaffFixtures.signIn(client, F.analyst)
            var session = browser
            let page = String(buffer: try await session.get(client, "/staff/dashboard?period=2026-Q1").body)
            #expect(!page.contains("Quá ít phiếu trả lời</td>"))
            // The office (100%) ranks first, management (60%) second.
            // The units table's row of the office (the unit picker above names the unit too).
            let office = page.components(separatedBy: "<tr").first {
                $0.contains("<th scope=\"row\"><a href=") && $0.contains("unit=LC.SVHTTDL.VP")
            }?.components(separatedBy: "</tr>").first ?? ""
            #expect(office.contains(#"<td class="n">1</td>"#), "\(office)")
        }
    }

    @Test func theReportsChangeCarriesNewcombesInterval() async throws {
        try await TestApp.withApp { client, database in
            let tokens = try await F.prepare(database)
            try await F.storeResponses(database)
            let report = F.json(try await F.get(client, "/api/v1/reports/2026-Q1", token: tokens.analyst))
            let office = (report["rows"] as? [[String: Any]])?.first { ($0["unit"] as? [String: Any])?["code"] as? String == "LC.SVHTTDL.VP" }
            let change = office?["satisfactionChange"] as? [String: Any] ?? [:]
            #expect(change["points"] as? Double == 20)
            #expect(change["method"] as? String == "newcombe_hybrid_score")
            let ci = change["ci95"] as? [String: Double] ?? [:]
            // 10 respondents now (all satisfied), 5 before (4 satisfied): at these effective sizes
            // the change of +20 points is not significant.
            #expect((ci["low"] ?? 1) < 0 && (ci["high"] ?? 0) > 20)
            #expect(change["significant"] as? Bool == false)
            // The total: 80% then, 80% now, no change.
            let total = (report["rows"] as? [[String: Any]])?.last?["satisfactionChange"] as? [String: Any]
            #expect(total?["points"] as? Double == 0 && total?["significant"] as? Bool == false)
        }
    }
}
