import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import CivicWeb

/// The staff console's shared header and the home page by role (issue 12).
@Suite(.timeLimit(.minutes(3)))
struct StaffHomeTests {
    /// The header every signed-in page carries: the navigation, the account, the sign-out form.
    static func hasHeader(_ html: String) -> Bool {
        html.contains("<nav aria-label=\"Trang cán bộ\">") && html.contains("action=\"/staff/logout\"")
            && html.contains("href=\"/staff\"")
    }

    @Test func everyStaffPageHasTheOneHeaderWithOnlyTheLinksTheRoleAllows() async throws {
        try await TestApp.withApp { client, database in
            // setup
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "xuly", role: .handler, unit: "LC.SVHTTDL")
            try await StaffFixtures.addUser(database, "phantich", role: .analyst, unit: "LC.SVHTTDL")
            var (handler, _) = try await StaffFixtures.signIn(client, "xuly")
            var (analyst, _) = try await StaffFixtures.signIn(client, "phantich")

            // act + validate: the handler's pages
            for path in ["/staff", "/staff/feedback"] {
                let response = try await handler.get(client, path)
                let html = String(buffer: response.body)
                #expect(response.status == .ok, "\(path)")
                #expect(Self.hasHeader(html), "\(path) has the header")
                #expect(html.contains("href=\"/staff/feedback\""), "\(path) links the desk")
                #expect(!html.contains("href=\"/staff/dashboard\""), "\(path): no dashboard for a handler")
                #expect(html.contains("Test xuly (xuly)"), "\(path) names the account")
            }
            // the analyst's pages, the dashboard and the report included
            for path in ["/staff", "/staff/dashboard?unit=LC.SVHTTDL", "/staff/reports/2026?unit=LC.SVHTTDL"] {
                let response = try await analyst.get(client, path)
                let html = String(buffer: response.body)
                #expect(response.status == .ok, "\(path)")
                #expect(Self.hasHeader(html), "\(path) has the header")
                #expect(html.contains("href=\"/staff/dashboard\""), "\(path) links the dashboard")
                #expect(!html.contains("href=\"/staff/feedback\""), "\(path): no desk for an analyst")
            }
            // the header's sign-out form works from any page
            let dashboard = String(buffer: try await analyst.get(client, "/staff/dashboard?unit=LC.SVHTTDL").body)
            let token = try #require(BrowserSession.formToken(action: "/staff/logout", in: dashboard))
            #expect(try await analyst.post(client, "/staff/logout", fields: [("csrf", token)]).status == .seeOther)
            #expect(try await analyst.get(client, "/staff").status == .unauthorized)
        }
    }

    @Test func homeShowsTheQueueToHandlersAndFiguresToAnalysts() async throws {
        try await TestApp.withApp { client, database in
            // setup: two items in the handler's scope, one of them overdue
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "xuly", role: .handler, unit: "LC.SVHTTDL")
            try await StaffFixtures.addUser(database, "phantich", role: .analyst, unit: "LC.SVHTTDL")
            let late = try await FeedbackFixtures.createItem(client, unit: "LC.SVHTTDL.QLVH")
            _ = try await FeedbackFixtures.createItem(client, unit: "LC.SVHTTDL")
            try await database.execute("""
                UPDATE feedback_items
                SET state = 'accepted', accepted_on = current_date - 30, due_on = current_date - 2
                WHERE id = \(late)
                """, logger: TestDatabase.logger)
            var (handler, _) = try await StaffFixtures.signIn(client, "xuly")
            var (analyst, _) = try await StaffFixtures.signIn(client, "phantich")

            // act
            let queue = String(buffer: try await handler.get(client, "/staff").body)
            let figures = String(buffer: try await analyst.get(client, "/staff?lang=en").body)

            // validate: counts per state, overdue and assigned-to-me link to the filtered desk
            #expect(queue.contains("href=\"/staff/feedback?state=received\"") && queue.contains("href=\"/staff/feedback?state=accepted\""))
            #expect(queue.contains("href=\"/staff/feedback?overdue=true&amp;order=due\""))
            #expect(queue.contains("href=\"/staff/feedback?assigned=me&amp;order=due\""))
            #expect(queue.contains("<strong>1</strong>"), "one overdue item")
            #expect(!queue.contains("/staff/reports/"), "no figures for a handler")
            // the analyst's home in English: the dashboard, this period's and the last report, downloads
            #expect(figures.contains("<html lang=\"en\">"))
            #expect(figures.contains("Staff home"))
            #expect(figures.contains("href=\"/staff/dashboard?unit=LC.SVHTTDL\""))
            #expect(figures.contains("/staff/reports/") && figures.contains("format=csv"))
            #expect(figures.contains("/staff/exports/responses?form=sipas&amp;format=csv&amp;unit=LC.SVHTTDL"))
            #expect(figures.contains("<optgroup label="), "the unit picker groups units by parent")
            #expect(!figures.contains("/staff/feedback?"), "no queue for an analyst")
        }
    }

    @Test func everyExportOfTheAPIDownloadsWithTheSessionThroughTheSameGate() async throws {
        try await TestApp.withApp { client, database in
            // setup
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "phantich", role: .analyst, unit: "LC.SVHTTDL")
            var (analyst, _) = try await StaffFixtures.signIn(client, "phantich")

            // act + validate: CSV with the session cookie, no token
            for path in ["/staff/reports/2026?format=csv", "/staff/metrics/satisfaction?format=csv&by=unit",
                         "/staff/metrics/feedback?format=csv", "/staff/metrics/qd766?format=csv",
                         "/staff/exports/responses?form=sipas&format=csv"] {
                let response = try await analyst.get(client, path)
                #expect(response.status == .ok, "\(path): \(response.status)")
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true, "\(path) is CSV")
            }
            // the same gate: another department's unit is refused, as a page
            let outside = try await analyst.get(client, "/staff/metrics/satisfaction?format=csv&unit=LC.STP")
            #expect(outside.status == .forbidden)
            #expect(outside.headers[.contentType]?.hasPrefix("text/html") == true)
            // a mistake in the query is a page in the reader's language, not problem+json
            let wrong = try await analyst.get(client, "/staff/metrics/satisfaction?period=someday&lang=en")
            #expect([.badRequest, .unprocessableContent].contains(wrong.status))
            #expect(wrong.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(String(buffer: wrong.body).contains("Invalid request"))
            var anonymous = BrowserSession()
            #expect(try await anonymous.get(client, "/staff/metrics/qd766?format=csv").status == .unauthorized)
        }
    }

    @Test func theUnitPickerFiltersByNameWithoutMarksAndKeepsTheChoice() async throws {
        try await TestApp.withApp { client, database in
            try await SampleUnits.importInto(database)
            try await StaffFixtures.addUser(database, "quantri", role: .admin)
            var (admin, _) = try await StaffFixtures.signIn(client, "quantri")
            let all = String(buffer: try await admin.get(client, "/staff/dashboard?unit=LC").body)
            let filtered = String(buffer: try await admin.get(client, "/staff/dashboard?unit=LC&unit_q=noi%20vu").body)
            #expect(all.contains("value=\"LC.STP\""))
            #expect(filtered.contains("value=\"LC.SNV\""), "Sở Nội vụ matches 'noi vu'")
            #expect(!filtered.contains("value=\"LC.STP\""), "Sở Tư pháp is filtered out")
            #expect(filtered.contains("value=\"LC\" selected"), "the chosen unit stays")
        }
    }

    @Test func thePeriodPickerOffersTheReportsAndKeepsACodeFromTheURL() {
        let text = StaffPageText(ui: TestApp.forms.catalog.ui, language: "vi")
        let today = CalendarDate(year: 2026, month: 11, day: 20)!
        let picker = PeriodSelector(selected: ReportingPeriod("2025-H2"), today: today, text: text)
        let values = picker.options.map(\.value)
        for code in ["2026-Q4", "2026-Q1", "2026-H1", "2026-Q3", "2026", "2025", "2026-11", "2025-12"] {
            #expect(values.contains(code), "\(code) offered")
        }
        #expect(picker.options.first?.value == "2025-H2" && picker.options.first?.selected == true,
                "a period from the URL that the list lacks is added and chosen")
        #expect(picker.options.filter(\.selected).count == 1)
    }
}
