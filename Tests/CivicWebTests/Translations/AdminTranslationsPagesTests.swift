import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import CivicWeb

/// The translators' workflow in the admin console (issue 17), through the pages an admin uses:
/// the coverage table, the files downloaded for translators, an upload previewed and confirmed
/// into the form's YAML (handed back, never written to Forms/), and refusals at their lines.
/// Hmong in these tests is test data, not a translation anyone checked.
@Suite(.timeLimit(.minutes(3)))
struct AdminTranslationsPagesTests {
    static let page = "/staff/admin/translations"

    /// A CSV cell, quoted when it must be.
    static func cell(_ text: String) -> String {
        text.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// A translator's CSV for pakn in Hmong: the export's header row and the given rows
    /// (id, translation, status, reviewer), each with the current Vietnamese as its source.
    static func paknCSV(_ rows: [(id: String, text: String, status: String, reviewer: String)]) throws -> String {
        let set = try TranslationSet.make(catalog: TestApp.forms.catalog, target: "pakn", language: "hmn")
        let header = try #require(set.csv().components(separatedBy: "\r\n").first)
        let lines = try rows.map { row in
            let unit = try #require(set.units.first { $0.id == row.id })
            return ["pakn:\(row.id)", cell(unit.source), "", cell(row.text), row.status, cell(row.reviewer), ""]
                .joined(separator: ",")
        }
        return ([header] + lines).joined(separator: "\r\n") + "\r\n"
    }

    static func upload(_ admin: inout BrowserSession, _ client: some TestClientProtocol, name: String, _ contents: String,
                       reviewer: String = "", query: String = "") async throws -> TestResponse {
        let html = String(buffer: try await admin.get(client, page + query).body)
        let token = try #require(BrowserSession.formToken(action: "/staff/admin/translations/preview", in: html))
        return try await admin.postMultipart(client, "/staff/admin/translations/preview" + query,
                                             fields: [("csrf", token), ("reviewer", reviewer)],
                                             files: [("translation", name, Array(contents.utf8))])
    }

    @Test func theCoverageTableCountsEachStateAndCallsOnlyAFullyReviewedLanguageComplete() async throws {
        // setup: a copy of Forms/ where pakn's Hmong title was reviewed against another Vietnamese
        // text (its recorded source is not today's): stale.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("forms-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestDatabase.repositoryRoot.appendingPathComponent("Forms"), to: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("pakn.yaml")
        let original = try String(contentsOf: url, encoding: .utf8)
        let stale = original.replacingOccurrences(
            of: "  hmn: Tawm tswv yim txog cov kev cai tswjfwm\n",
            with: "  hmn: {text: Tawm tswv yim txog cov kev cai tswjfwm, status: reviewed, reviewer: Test Reviewer, source: 00000000}\n")
        #expect(stale != original)
        try Data(stale.utf8).write(to: url)
        let forms = try FormRegistry.load(directory: directory.path)
        try await TestApp.withApp(forms: forms) { client, database in
            var admin = try await AdminConsolePagesTests.signedInAdmin(client, database)
            let home = String(buffer: try await admin.get(client, "/staff").body)
            #expect(home.contains("href=\"\(Self.page)\""), "the console's header links the page")
            let html = String(buffer: try await admin.get(client, Self.page).body)
            // By hand: pakn has 13 strings; Hmong translates 4 in plain text (drafts), one of
            // them now the stale title: 0 reviewed, 3 draft, 1 stale, 9 missing.
            let row = try #require(html.range(of: "(pakn)</th><td><span lang=\"hmn\">"))
            let cells = String(html[row.upperBound...].prefix(600))
            #expect(cells.contains("<td>Có chuỗi đã cũ, cần xem lại</td><td class=\"n\">0</td><td class=\"n\">3</td>"
                + "<td class=\"n\">1</td><td class=\"n\">9</td><td class=\"n\">13</td><td class=\"n\">23%</td>"), "\(cells)")
            let coverage = try #require(forms.catalog.coverage().first { $0.formID == "pakn" && $0.language == "hmn" })
            #expect([coverage.reviewed, coverage.draft, coverage.stale, coverage.missing] as [Int] == [0, 3, 1, 9])
            #expect(cells.contains("href=\"/staff/admin/translations/pakn/hmn?format=xliff\""))
            #expect(cells.contains("href=\"/staff/admin/translations/pakn/hmn?format=csv\""))
            // English is reviewed throughout (its authors are named): complete, and only it.
            let english = try #require(html.range(of: "(pakn)</th><td><span lang=\"en\">"))
            #expect(html[english.upperBound...].prefix(300).contains("<strong>Hoàn chỉnh</strong>"))
            #expect(html.components(separatedBy: "<strong>Hoàn chỉnh</strong>").count - 1
                == forms.catalog.coverage().filter(\.isComplete).count)
            // The strings shown in Vietnamese: the missing ones and the stale title, marked.
            let list = try #require(html.range(of: "id=\"strings-pakn-hmn\""))
            let end = try #require(html.range(of: "</section>", range: list.upperBound..<html.endIndex))
            let items = String(html[list.upperBound..<end.lowerBound])
            #expect(items.contains("<code>title</code> <strong>(đã cũ)</strong>: <span lang=\"vi\">Phản ánh, kiến nghị về quy định hành chính</span>"))
            #expect(items.contains("<code>questions.category.options.other</code>: <span lang=\"vi\">Khác</span>"))
            #expect(!items.contains("<code>questions.title.label</code>"), "a current draft is shown in Hmong")
            // The same page in English.
            let en = String(buffer: try await admin.get(client, Self.page + "?lang=en").body)
            #expect(en.contains("Has stale strings to review") && en.contains("<strong>Complete</strong>"))
        }
    }

    @Test func theTranslatorsFilesAreTheCommandLinesExportAndAudited() async throws {
        try await TestApp.withApp { client, database in
            var admin = try await AdminConsolePagesTests.signedInAdmin(client, database)
            let set = try TranslationSet.make(catalog: TestApp.forms.catalog, target: "pakn", language: "hmn")
            let csv = try await admin.get(client, "\(Self.page)/pakn/hmn?format=csv")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition] == #"attachment; filename="pakn.hmn.csv""#)
            #expect(String(buffer: csv.body) == set.csv())
            let xliff = try await admin.get(client, "\(Self.page)/pakn/hmn")
            #expect(xliff.headers[.contentDisposition] == #"attachment; filename="pakn.hmn.xlf""#)
            #expect(String(buffer: xliff.body) == set.xliff(), "XLIFF unless told otherwise")
            let order = TestApp.forms.sources.interfaceOrder
            #expect(order.first == "skip_to_content", "the interface in the order of ui/vi.yaml")
            let ui = try await admin.get(client, "\(Self.page)/ui/hmn-Latn-VN?format=xliff")
            #expect(String(buffer: ui.body) == (try TranslationSet.make(catalog: TestApp.forms.catalog, target: "ui",
                                                                         language: "hmn-Latn-VN", interfaceOrder: order)).xliff())
            // Nothing to download: a bad format, an unknown form, the source language, a bad tag.
            #expect(try await admin.get(client, "\(Self.page)/pakn/hmn?format=pdf").status == .badRequest)
            for path in ["nope/hmn", "pakn/vi", "pakn/HMN", "pakn/x%3Cb%3E"] {
                let response = try await admin.get(client, "\(Self.page)/\(path)")
                #expect(response.status == .notFound, "\(path)")
                #expect(!String(buffer: response.body).contains("<b>"), "escaped")
            }
            let log = try await AuditLog(database: database).recent(limit: 10, logger: TestDatabase.logger)
                .filter { $0.action == "translations.export" }
            #expect(log.count == 3)
            #expect(log.last?.objectID == "pakn" && log.last?.details["format"] == .string("csv")
                && log.last?.details["language"] == .string("hmn") && log.last?.actorLogin == "quantri")
        }
    }

    @Test func anUploadIsPreviewedThenConfirmedIntoTheYAMLForTheOwnerToCommit() async throws {
        try await TestApp.withApp { client, database in
            var admin = try await AdminConsolePagesTests.signedInAdmin(client, database)
            let onDisk = try Data(contentsOf: TestDatabase.repositoryRoot.appendingPathComponent("Forms/pakn.yaml"))
            // A translator fills one missing option and marks the title reviewed; the reviewer is
            // named in the upload form.
            let csv = try Self.paknCSV([("title", "Tawm tswv yim txog cov kev cai tswjfwm", "reviewed", ""),
                                        ("questions.category.options.other", "Lwm yam", "draft", "")])
            let preview = try await Self.upload(&admin, client, name: "pakn.hmn.csv", csv, reviewer: "Test Reviewer")
            let html = String(buffer: preview.body)
            #expect(preview.status == .ok)
            #expect(html.contains("Nếu áp dụng: 1 chuỗi mới, 0 chuỗi sửa, 1 chuỗi đã kiểm tra, 0 chuỗi dịch từ bản tiếng Việt cũ; 0 chuỗi giữ nguyên."), "\(html)")
            #expect(html.contains("Sau khi áp dụng: 1 đã kiểm tra, 4 bản nháp, 0 đã cũ, 8 chưa dịch trên tổng số 13"))
            #expect(html.contains("<code>questions.category.options.other</code>"))
            #expect(html.contains("<span lang=\"hmn\">Lwm yam</span>"))
            #expect(html.contains("đã kiểm tra, người kiểm tra: Test Reviewer"))
            #expect(try await AuditLog(database: database).recent(limit: 20, logger: TestDatabase.logger)
                .allSatisfy { $0.action != "translations.import" }, "a preview keeps nothing")

            // act: confirm
            let token = try #require(BrowserSession.formToken(action: "/staff/admin/translations/import", in: html))
            let contents = try #require(BrowserSession.hiddenField("contents", in: html))
            let applied = try await admin.post(client, "/staff/admin/translations/import",
                                               fields: [("csrf", token), ("file", "pakn.hmn.csv"),
                                                        ("reviewer", "Test Reviewer"), ("contents", contents)])

            // validate: the YAML the command line would write, as a download; Forms/ untouched
            #expect(applied.status == .ok)
            #expect(applied.headers[.contentType] == "application/yaml; charset=utf-8")
            #expect(applied.headers[.contentDisposition] == #"attachment; filename="pakn.yaml""#)
            let expected = try TranslationImport.apply(
                try SubmittedTranslations.read(Data(csv.utf8), file: "pakn.hmn.csv"), file: "pakn.hmn.csv",
                catalog: TestApp.forms.catalog, currentYAML: String(decoding: onDisk, as: UTF8.self),
                interfaceOrder: [], reviewer: "Test Reviewer")
            let yaml = String(buffer: applied.body)
            #expect(yaml == expected.text)
            #expect(yaml.contains("hmn: {text: Lwm yam, status: draft, source: bda82bf0}"))
            #expect(yaml.contains("    reviewer: Test Reviewer\n"))
            let reloaded = try FormDefinition.parse(yaml: yaml, file: "pakn.yaml")
            #expect(reloaded.coverage().first { $0.language == "hmn" }.map { [$0.reviewed, $0.draft, $0.missing] as [Int] } == [1, 4, 8])
            #expect(try Data(contentsOf: TestDatabase.repositoryRoot.appendingPathComponent("Forms/pakn.yaml")) == onDisk)
            let entry = try #require(try await AuditLog(database: database).recent(limit: 5, logger: TestDatabase.logger)
                .first { $0.action == "translations.import" })
            #expect(entry.objectID == "pakn" && entry.actorLogin == "quantri")
            #expect(entry.details["written"] == .int(2) && entry.details["reviewed"] == .int(1)
                && entry.details["language"] == .string("hmn") && entry.details["file"] == .string("pakn.yaml"))

            // A file that changes nothing says so, with nothing to confirm.
            let same = try Self.paknCSV([("questions.title.label", try #require(
                TranslationSet.make(catalog: TestApp.forms.catalog, target: "pakn", language: "hmn").units
                    .first { $0.id == "questions.title.label" }?.translation), "draft", "")])
            let nothing = String(buffer: try await Self.upload(&admin, client, name: "same.csv", same).body)
            #expect(nothing.contains("Tệp này không thay đổi chuỗi nào."))
            #expect(!nothing.contains("action=\"/staff/admin/translations/import\""))
        }
    }

    @Test func aBrokenFileIsRefusedAtItsLinesInTheReadersLanguage() async throws {
        try await TestApp.withApp { client, database in
            var admin = try await AdminConsolePagesTests.signedInAdmin(client, database)
            // An interface CSV with a broken placeholder on line 2 and an unknown id on line 3.
            let ui = try TranslationSet.make(catalog: TestApp.forms.catalog, target: "ui", language: "hmn")
            let header = try #require(ui.csv().components(separatedBy: "\r\n").first)
            let source = try #require(ui.units.first { $0.id == "error.out_of_range" }?.source)
            let csv = [header, "ui:error.out_of_range,\(Self.cell(source)),,{min} – {maximum},draft,,",
                       "ui:form.sumbit,Gửi,,Xa,draft,,"].joined(separator: "\r\n") + "\r\n"
            let refused = try await Self.upload(&admin, client, name: "ui.hmn.csv", csv, query: "?lang=en")
            let html = String(buffer: refused.body)
            #expect(refused.status == .unprocessableContent)
            #expect(html.contains("The file has 2 problems; nothing was changed:"))
            #expect(html.contains("<tr><td class=\"n\">2</td><td><code>error.out_of_range</code></td>"))
            #expect(html.contains("{maximum} is not filled for this key"))
            #expect(html.contains("<tr><td class=\"n\">3</td><td><code>form.sumbit</code></td>"))
            #expect(html.contains("did you mean &#39;form.submit&#39;?") || html.contains("did you mean 'form.submit'?"))
            #expect(!html.contains("action=\"/staff/admin/translations/import\""), "nothing to confirm")

            // An XLIFF with an unknown id: the line of its unit.
            let xliff = try TranslationSet.make(catalog: TestApp.forms.catalog, target: "pakn", language: "hmn").xliff()
                .replacingOccurrences(of: "<unit id=\"questions.title.label\"", with: "<unit id=\"questions.titel.label\"")
            let line = try #require(xliff.components(separatedBy: "\n").firstIndex { $0.contains("questions.titel.label") }) + 1
            // (In Vietnamese again: `?lang=en` above was remembered in the language cookie.)
            let unknown = String(buffer: try await Self.upload(&admin, client, name: "pakn.hmn.xlf", xliff, query: "?lang=vi").body)
            #expect(unknown.contains("Tệp có 1 lỗi, chưa có gì thay đổi:"))
            #expect(unknown.contains("<tr><td class=\"n\">\(line)</td><td><code>questions.titel.label</code></td>"))

            // Not a translator's file at all; no file; a forged token.
            let garbage = try await Self.upload(&admin, client, name: "notes.txt", "xin chào\n")
            #expect(garbage.status == .unprocessableContent)
            let html2 = String(buffer: try await admin.get(client, Self.page).body)
            let token = try #require(BrowserSession.formToken(action: "/staff/admin/translations/preview", in: html2))
            #expect(try await admin.postMultipart(client, "/staff/admin/translations/preview", fields: [("csrf", token)],
                                                  files: []).status == .unprocessableContent)
            #expect(try await admin.postMultipart(client, "/staff/admin/translations/preview", fields: [("csrf", "forged")],
                                                  files: [("translation", "a.csv", Array(csv.utf8))]).status == .forbidden)
            // A confirmation re-checks what it is sent: forged, unreadable, or a file with problems.
            #expect(try await admin.post(client, "/staff/admin/translations/import",
                                         fields: [("csrf", "forged"), ("contents", "")]).status == .forbidden)
            let confirmToken = try #require(BrowserSession.formToken(
                action: "/staff/admin/translations/import",
                in: String(buffer: try await Self.upload(&admin, client, name: "ok.csv",
                                                         try Self.paknCSV([("questions.category.options.other", "Lwm yam", "draft", "")])).body)))
            #expect(try await admin.post(client, "/staff/admin/translations/import",
                                         fields: [("csrf", confirmToken), ("contents", "%%%")]).status == .badRequest)
            let bad = try await admin.post(client, "/staff/admin/translations/import",
                                           fields: [("csrf", confirmToken), ("file", "ui.hmn.csv"),
                                                    ("contents", Data(csv.utf8).base64EncodedString())])
            #expect(bad.status == .unprocessableContent)
            #expect(try await AuditLog(database: database).recent(limit: 20, logger: TestDatabase.logger)
                .allSatisfy { $0.action != "translations.import" }, "nothing applied")
        }
    }
}
