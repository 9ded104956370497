import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(2)))
struct DossierImportTests {
    static let sampleCSV = TestDatabase.repositoryRoot.appendingPathComponent("scripts/data/dossiers-lao-cai-2026-q1.csv")
    static let sampleXLSX = TestDatabase.repositoryRoot.appendingPathComponent("scripts/data/dossiers-lao-cai-2026-q1.xlsx")
    static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    func upload(_ client: some TestClientProtocol, token: String, bytes: Data, type: String,
                file: String = "q1.csv") async throws -> (TestResponse, [String: Any]) {
        var headers = StaffFixtures.bearer(token)
        headers[.contentType] = type
        let response = try await client.execute(uri: "/api/v1/admin/dossiers?file=\(file)", method: .post,
                                                 headers: headers, body: ByteBuffer(bytes: Array(bytes)))
        let json = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
        return (response, json)
    }

    func storedRows(_ database: Database) async throws -> Int {
        try await database.query("SELECT count(*) FROM dossier_statistics", logger: TestDatabase.logger) {
            try $0.decode(Int.self)
        }.first ?? 0
    }

    @Test func csvAndXLSXThroughTheAdminAPIReplaceTheSamePeriod() async throws {
        try await TestApp.withApp { client, database in
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "root", role: .admin)
            let token = try await StaffFixtures.token(database, "root")
            let (created, summary) = try await upload(client, token: token, bytes: Data(contentsOf: Self.sampleCSV),
                                                      type: "text/csv")
            #expect(created.status == .created)
            #expect(summary["rows"] as? Int == 21)
            #expect((summary["total"] as? [String: Any])?["resolved"] as? Int == 6464)
            let (again, second) = try await upload(client, token: token, bytes: Data(contentsOf: Self.sampleXLSX),
                                                   type: Self.xlsxType, file: "q1.xlsx")
            #expect(again.status == .created)
            #expect(second["replaced"] as? Int == 21)
            #expect(try await storedRows(database) == 21)
            let list = try await client.execute(uri: "/api/v1/admin/dossiers", method: .get,
                                                headers: StaffFixtures.bearer(token), body: nil)
            let imports = ((try? JSONSerialization.jsonObject(with: Data(buffer: list.body))) as? [String: Any])?["imports"]
                as? [[String: Any]] ?? []
            #expect(imports.compactMap { $0["format"] as? String } == ["xlsx", "csv"])
            #expect(imports.first?["fileName"] as? String == "q1.xlsx")
        }
    }

    @Test func aRefusedFileListsItsLinesAndChangesNothing() async throws {
        try await TestApp.withApp { client, database in
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "root", role: .admin)
            let token = try await StaffFixtures.token(database, "root")
            let csv = """
                unit,period,received,resolved,resolved_on_time,resolved_late,apologies_sent,online,received_by_post,returned_by_post
                LC.SNV,2026-03,10,9,8,1,1,3,2,1
                LC.STP,2026-03,10,9,7,1,1,3,2,1
                NOWHERE,2026-03,1,1,1,0,0,0,0,0
                """
            let (refused, problem) = try await upload(client, token: token, bytes: Data(csv.utf8), type: "text/csv")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.headers[.contentType] == "application/problem+json")
            let errors = problem["errors"] as? [[String: String]] ?? []
            #expect(errors.map { "\($0["line"] ?? ""):\($0["field"] ?? "")" } == ["3:resolved"],
                    "the file's arithmetic first; the register is checked once the file itself is valid")
            #expect(try await storedRows(database) == 0)
            let (wrongType, _) = try await upload(client, token: token, bytes: Data(csv.utf8), type: "application/json")
            #expect(wrongType.status == .unsupportedMediaType)
            let (notAWorkbook, bad) = try await upload(client, token: token, bytes: Data("PK\u{3}\u{4}junk".utf8),
                                                       type: Self.xlsxType, file: "x.xlsx")
            #expect(notAWorkbook.status == .unprocessableContent)
            let message = (bad["errors"] as? [[String: String]])?.first?["message"] ?? ""
            #expect(message.contains("not an XLSX workbook"), "\(message)")
        }
    }

    @Test func onlyAdminsImport() async throws {
        try await TestApp.withApp { client, database in
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "ana", role: .analyst, unit: "LC")
            let token = try await StaffFixtures.token(database, "ana")
            let (forbidden, _) = try await upload(client, token: token, bytes: Data(contentsOf: Self.sampleCSV),
                                                  type: "text/csv")
            #expect(forbidden.status == .forbidden)
            let (anonymous, _) = try await upload(client, token: "cv_nothing", bytes: Data(), type: "text/csv")
            #expect(anonymous.status == .unauthorized)
            #expect(try await storedRows(database) == 0)
        }
    }

    @Test func theAdminPageUploadsWithCSRFAndShowsTheProblems() async throws {
        try await TestApp.withApp { client, database in
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "root", role: .admin)
            var (browser, _) = try await StaffFixtures.signIn(client, "root")
            let page = try await browser.get(client, "/staff/admin/dossiers")
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("enctype=\"multipart/form-data\""))
            #expect(html.contains("<a href=\"/staff/admin/dossiers\" aria-current=\"page\">"),
                    "the console's header, with this page marked current")
            #expect(html.contains("action=\"/staff/logout\""))
            let csrf = try #require(BrowserSession.formToken(action: "/staff/admin/dossiers", in: html))

            let forged = try await browser.postMultipart(client, "/staff/admin/dossiers", fields: [("csrf", "forged")],
                                                         files: [("file", "q1.csv", Array(try Data(contentsOf: Self.sampleCSV)))])
            #expect(forged.status == .forbidden)
            #expect(try await storedRows(database) == 0)

            let bad = "unit,period,received,resolved,resolved_on_time,resolved_late,apologies_sent,online,received_by_post,returned_by_post\n"
                + "LC.SNV,2026-03,10,9,8,1,<b>2</b>,3,2,1\n"
            let refused = try await browser.postMultipart(client, "/staff/admin/dossiers", fields: [("csrf", csrf)],
                                                          files: [("file", "bad.csv", Array(bad.utf8))])
            #expect(refused.status == .unprocessableContent)
            let refusedHTML = String(buffer: refused.body)
            #expect(refusedHTML.contains("bad.csv: 1 vấn đề"))
            #expect(refusedHTML.contains("&lt;b&gt;2&lt;/b&gt;"), "the cell is shown escaped")
            #expect(!refusedHTML.contains("<b>2</b>"))

            let imported = try await browser.postMultipart(client, "/staff/admin/dossiers", fields: [("csrf", csrf)],
                                                           files: [("file", "q1.xlsx", Array(try Data(contentsOf: Self.sampleXLSX)))])
            #expect(imported.status == .ok)
            let importedHTML = String(buffer: imported.body)
            #expect(importedHTML.contains("21 dòng cho 6 đơn vị"))
            #expect(importedHTML.contains("q1.xlsx"))
            #expect(try await storedRows(database) == 21)
            let audit = try await AuditLog(database: database).recent(limit: 1, logger: TestDatabase.logger)
            #expect(audit.first?.action == "dossiers.import")
            #expect(audit.first?.actorLogin == "root")

            let english = try await browser.get(client, "/staff/admin/dossiers?lang=en")
            let englishHTML = String(buffer: english.body)
            #expect(englishHTML.contains("<html lang=\"en\">"))
            #expect(englishHTML.contains("<h1>Administrative dossier statistics</h1>"))
            #expect(englishHTML.contains("<td>q1.xlsx</td>"), "the latest imports are listed")
            let missing = try await browser.postMultipart(client, "/staff/admin/dossiers", fields: [("csrf", csrf)], files: [])
            #expect(missing.status == .unprocessableContent)
            #expect(String(buffer: missing.body).contains("Please choose a file to upload."))
        }
    }
}
