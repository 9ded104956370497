import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import CivicWeb

/// Background exports in the staff console: the start form, the progress page that reloads itself
/// without JavaScript, the download, in the reader's language.
@Suite(.timeLimit(.minutes(3)))
struct ExportJobPagesTests {
    typealias F = AnalyticsWebFixtures

    @Test func theStaffPagesStartAnExportShowItsProgressAndOfferTheFile() async throws {
        try await TestApp.withApp { client, database in
            // setup
            _ = try await F.prepare(database)
            try await F.storeResponses(database)
            var (browser, _) = try await StaffFixtures.signIn(client, F.analyst)
            let action = "/staff/exports?unit=LC.SVHTTDL"

            // act
            let start = try await browser.get(client, action + "&lang=en")
            let csrf = try #require(BrowserSession.formToken(action: action, in: String(buffer: start.body)))
            let forged = try await browser.post(client, action, fields: [("csrf", "forged"), ("form", "sipas"),
                                                                         ("period", "2026-Q1")])
            let refused = try await browser.post(client, action, fields: [("csrf", csrf), ("form", "sipas"),
                                                                          ("period", "2026-Q9")])
            let elsewhere = try await browser.post(client, "/staff/exports?unit=LC.STP",
                                                   fields: [("csrf", csrf), ("form", "sipas"), ("period", "2026-Q1")])
            let storedBefore = try await ExportJobTests.count(.jobs, database)
            let posted = try await browser.post(client, action, fields: [("csrf", csrf), ("form", "sipas"),
                                                                         ("period", "2026-Q1"), ("format", "csv"),
                                                                         ("lang", "en")])
            let location = posted.headers[.location] ?? ""
            let id = try #require(UUID(uuidString: String(location.split(separator: "/").last ?? "")))
            _ = try await ExportJobTests.finished(id, in: database)
            let page = try await browser.get(client, location + "?lang=en")
            let file = try await browser.get(client, location + "/file")
            let list = try await browser.get(client, action + "&lang=en")

            // validate
            #expect(start.status == .ok)
            let form = String(buffer: start.body)
            #expect(form.contains(#"<form method="post" action="/staff/exports?unit=LC.SVHTTDL">"#))
            #expect(form.contains("Export responses"))
            #expect(form.contains(#"<a href="/staff/exports" aria-current="page">Exports</a>"#), "the header links the page")
            #expect(forged.status == .forbidden)
            #expect(refused.status == .unprocessableContent)
            let refusal = String(buffer: refused.body)
            #expect(refusal.contains(#"value="2026-Q9""#), "the form comes back as typed")
            #expect(refusal.contains("period"), "and says which field is at fault")
            #expect(elsewhere.status == .forbidden, "a unit outside the analyst's grant")
            #expect(storedBefore == 0, "the forged, refused and out-of-scope posts queued nothing")
            #expect(posted.status == .seeOther)
            let html = String(buffer: page.body)
            #expect(page.status == .ok)
            #expect(html.contains("Done"))
            #expect(html.contains("20 of 20"))
            #expect(html.contains(#"href="/staff/exports/\#(id.uuidString.lowercased())/file""#))
            #expect(page.headers[HTTPField.Name("Refresh")!] == nil, "a finished job's page stops reloading")
            #expect(file.status == .ok)
            #expect(file.headers[.contentDisposition]?.contains(".csv") == true)
            let lines = String(buffer: file.body).split(separator: "\r\n")
            #expect(lines.count == 21, "the header and 20 rows")
            #expect(lines.first?.contains("[") == true, "questions labelled in English with their ids")
            #expect(String(buffer: list.body).contains(#"href="\#(location)""#))
        }
    }

    @Test func aRunningJobsPageRefreshesItselfAndItsFileIsNotReady() async throws {
        try await TestApp.withApp { client, database in
            // setup: a job another server holds (the app's own worker cannot take it)
            let tokens = try await F.prepare(database)
            var (browser, _) = try await StaffFixtures.signIn(client, F.analyst)
            let analyst = try #require(try await UserStore(database: database).user(login: F.analyst, logger: TestDatabase.logger))
            let id = UUID()
            try await database.execute("""
                INSERT INTO export_jobs
                    (id, requested_by, requested_login, form_id, unit_code, first_day, last_day, format, language, state,
                     rows_expected, rows_written, attempt, lease_owner, lease_expires_at)
                VALUES (\(id), \(analyst.id), \(analyst.login), 'sipas', 'LC.SVHTTDL', '2026-01-01', '2026-03-31', 'csv',
                        'vi', 'running', 40, 10, 1, 'elsewhere', now() + interval '10 minutes')
                """, logger: TestDatabase.logger)
            let path = "/staff/exports/\(id.uuidString.lowercased())"

            // act
            let page = try await browser.get(client, path + "?lang=en")
            let stopped = try await browser.get(client, path + "?refresh=off")
            let vietnamese = try await browser.get(client, path + "?lang=vi")
            let file = try await browser.get(client, path + "/file")
            let apiFile = try await F.get(client, "/api/v1/exports/\(id.uuidString.lowercased())/file", token: tokens.analyst)
            let unknown = try await browser.get(client, "/staff/exports/\(UUID().uuidString.lowercased())")

            // validate
            let html = String(buffer: page.body)
            #expect(page.status == .ok)
            // It reloads itself (the Refresh header: no timed <meta> refresh) until the reader stops it.
            #expect(page.headers[HTTPField.Name("Refresh")!] == "3")
            #expect(!html.contains("http-equiv"))
            #expect(html.contains(#"<a href="\#(path)?refresh=off">Stop reloading</a>"#))
            #expect(stopped.headers[HTTPField.Name("Refresh")!] == nil, "stopped by the reader")
            #expect(String(buffer: stopped.body).contains(#"<a href="\#(path)">"#), "a link resumes the reloads")
            #expect(html.contains("Running"))
            #expect(html.contains("10 of 40"))
            #expect(html.contains(#"<progress id="x-progress" value="25" max="100">"#))
            #expect(String(buffer: vietnamese.body).contains("Đang chạy"))
            #expect(file.status == .conflict)
            #expect(String(buffer: file.body).contains("Chưa xuất xong"), "in the language chosen last (vi)")
            #expect(apiFile.status == .conflict)
            #expect(apiFile.headers[.contentType] == "application/problem+json")
            #expect(unknown.status == .notFound)
        }
    }
}
