import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import CivicWeb

/// The periodic report (JSON, CSV, printable HTML) and the staff dashboard.
@Suite(.timeLimit(.minutes(3)))
struct ReportAndDashboardTests {
    typealias F = AnalyticsWebFixtures

    @Test func theReportHasARowPerChildAndTheTotalWithChanges() async throws {
        try await TestApp.withApp { client, database in
            // setup
            let tokens = try await F.prepare(database)
            try await F.storeResponses(database)

            // act
            let response = try await F.get(client, "/api/v1/reports/2026-Q1", token: tokens.analyst)

            // validate
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let json = F.json(response)
            #expect((json["period"] as? [String: Any])?["id"] as? String == "2026-Q1")
            #expect((json["previousPeriod"] as? [String: Any])?["id"] as? String == "2025-Q4")
            let rows = json["rows"] as? [[String: Any]] ?? []
            let codes = rows.compactMap { ($0["unit"] as? [String: Any])?["code"] as? String }
            #expect(Set(codes.dropLast()) == ["LC.SVHTTDL.VP", "LC.SVHTTDL.QLVH"])
            #expect(codes.last == F.grantUnit)
            #expect(rows.last?["isTotal"] as? Bool == true)
            for row in rows {
                for key in ["satisfaction", "paknHandled", "paknOnTime"] {
                    let rate = row[key] as? [String: Any] ?? [:]
                    #expect(MetricsAPITests.rateKeys.isSubset(of: Set(rate.keys)), "\(key): \(rate.keys.sorted())")
                }
                #expect((row["qd766"] as? [String: Any])?["maxScore"] as? Double == 18)
            }
            let total = rows.last ?? [:]
            #expect((total["satisfaction"] as? [String: Any])?["rate"] as? Double == 0.8)
            let office = rows.first { ($0["unit"] as? [String: Any])?["code"] as? String == "LC.SVHTTDL.VP" } ?? [:]
            #expect((office["satisfaction"] as? [String: Any])?["rate"] as? Double == 1.0)
            #expect((office["satisfaction"] as? [String: Any])?["met"] as? Bool == true)
            // 2025-Q4 at the office: 4 of 5 forms satisfied on every question = 80%; now 100%: +20 points.
            #expect((office["previous"] as? [String: Any])?["satisfaction"] as? Double == 0.8)
            #expect((office["change"] as? [String: Any])?["satisfaction"] as? Double == 20)
            // No data on either side is null, not zero.
            #expect((total["change"] as? [String: Any])?["paknHandled"] is NSNull)
        }
    }

    @Test func aTargetChangedLaterLeavesTheReportsOfEarlierPeriodsAsTheyWere() async throws {
        try await TestApp.withApp { client, database in
            // setup: LC.SVHTTDL held to 75% from January 2026; its Q1 is at 80%.
            let tokens = try await F.prepare(database)
            try await F.storeResponses(database)
            let analytics = AnalyticsStore(database: database)
            func hold(to rate: Double, from month: String) async throws {
                try await analytics.setTarget(.rate(rate), unitCode: F.grantUnit, formID: nil, from: YearMonth(month),
                                              by: StaffFixtures.cli, logger: TestDatabase.logger)
            }
            func total(_ period: String) async throws -> [String: Any] {
                let response = try await F.get(client, "/api/v1/reports/\(period)", token: tokens.analyst)
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                return (F.json(response)["rows"] as? [[String: Any]])?.last?["satisfaction"] as? [String: Any] ?? [:]
            }
            try await hold(to: 0.75, from: "2026-01")
            let sent = try await total("2026-Q1")
            #expect(sent["target"] as? Double == 0.75 && sent["met"] as? Bool == true)

            // act: raised to 95% from April.
            try await hold(to: 0.95, from: "2026-04")

            // validate: the Q1 report is as it was sent; the 6-month report is held to 95%.
            let q1 = try await total("2026-Q1")
            #expect(q1["target"] as? Double == 0.75 && q1["met"] as? Bool == true && q1["verdict"] as? String == sent["verdict"] as? String)
            let h1 = try await total("2026-H1")
            #expect(h1["target"] as? Double == 0.95 && h1["met"] as? Bool == false)
            let metrics = F.json(try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1", token: tokens.analyst))
            #expect((metrics["pooled"] as? [String: Any])?["target"] as? Double == 0.75)
            // The dashboard's trend holds each month to its own target: 90% (built in) until
            // December 2025, 75% from January, 95% from April, so the target's dashed line steps:
            // one segment per month of the twelve and two steps (one straight line otherwise).
            var (browser, _) = try await StaffFixtures.signIn(client, F.analyst)
            let page = String(buffer: try await browser.get(client, "/staff/dashboard?period=2026-H1").body)
            let start = try #require(page.range(of: "<title id=\"chart-trend-title\">"))
            let rest = page[start.lowerBound...]
            let chart = rest[..<(rest.range(of: "</svg>")?.lowerBound ?? rest.endIndex)]
            #expect(chart.components(separatedBy: "stroke-dasharray").count - 1 == 12 + 2)
        }
    }

    @Test func theReportAsCSVAndAsAPrintablePage() async throws {
        try await TestApp.withApp { client, database in
            let tokens = try await F.prepare(database)
            try await F.storeResponses(database)

            let csv = try await F.get(client, "/api/v1/reports/2026-Q1?format=csv", token: tokens.analyst)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition] == #"attachment; filename="report-LC.SVHTTDL-2026-Q1.csv""#)
            let bytes = Array(csv.body.readableBytesView)
            #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
            let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).split(separator: "\r\n")
            #expect(lines.count == 4, "header, two children, total")
            #expect(lines.first.map(String.init) == PeriodicReport.csvHeader.joined(separator: ","))

            let html = try await F.get(client, "/api/v1/reports/2026-Q1?lang=en", token: tokens.analyst,
                                       headers: [.accept: "text/html"])
            #expect(html.status == .ok)
            #expect(html.headers[.contentType] == "text/html; charset=utf-8")
            let page = String(buffer: html.body)
            #expect(page.contains("@page{size:A4;margin:15mm}"))
            #expect(page.contains("<html lang=\"en\">"))
            #expect(page.contains("<table class=\"wide\">") && page.contains("<th scope=\"row\">"))
            #expect(page.contains("Share handled"))
            #expect(page.contains("100.0%") && page.contains("80.0%"))
            #expect(!page.contains("<script"))

            // The same page for a signed-in browser, in Vietnamese.
            let (browser, _) = try await StaffFixtures.signIn(client, F.analyst)
            var session = browser
            let staffPage = try await session.get(client, "/staff/reports/2026-Q1")
            #expect(staffPage.status == .ok)
            let text = String(buffer: staffPage.body)
            #expect(text.contains("Báo cáo kết quả đánh giá sự hài lòng"))
            #expect(text.contains("100,0%"))
            #expect(text.contains("href=\"/staff/reports/2026-Q1?convention=calendar&amp;format=csv")
                    || text.contains("format=csv"))
        }
    }

    @Test func aBadPeriodInThePathIsAProblemOrAPage() async throws {
        try await TestApp.withApp { client, database in
            let tokens = try await F.prepare(database)
            let response = try await F.get(client, "/api/v1/reports/2026-Q9", token: tokens.analyst)
            #expect(response.status == .unprocessableContent)
            #expect(F.json(response)["parameter"] as? String == "period")
            let other = try await F.get(client, "/api/v1/reports/soon", token: tokens.analyst)
            #expect(other.status == .badRequest)
            // A browser gets a page, not problem+json.
            var (browser, _) = try await StaffFixtures.signIn(client, F.analyst)
            let page = try await browser.get(client, "/staff/reports/2026-Q9")
            #expect(page.status == .unprocessableContent)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(String(buffer: page.body).contains("quarter 9 does not exist"))
        }
    }

    @Test func theDashboardDrawsChartsWithTheirNumbersInTables() async throws {
        try await TestApp.withApp { client, database in
            // setup
            let tokens = try await F.prepare(database)
            _ = tokens
            try await F.storeResponses(database)
            try await F.sendFeedback(client, unit: "LC.SVHTTDL.VP")
            var (browser, _) = try await StaffFixtures.signIn(client, F.analyst)

            // act
            let response = try await browser.get(client, "/staff/dashboard?period=2026-Q1")

            // validate
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            #expect(page.components(separatedBy: "<svg ").count - 1 == 4, "four charts")
            #expect(page.components(separatedBy: "role=\"img\"").count - 1 == 4)
            for id in ["chart-units", "chart-trend", "chart-elements", "chart-backlog"] {
                #expect(page.contains("<title id=\"\(id)-title\">"), "\(id) has a title")
                #expect(page.contains("aria-labelledby=\"\(id)-title \(id)-desc\""))
            }
            #expect(page.components(separatedBy: "<table>").count - 1 == 4, "a table beside each chart")
            #expect(page.contains("Tỷ lệ hài lòng theo đơn vị"))
            #expect(page.contains("60,0%") && page.contains("100,0%"), "the figures in the tables")
            #expect(page.contains("Chỉ tiêu 90,0%"), "the target line is labelled")
            #expect(!page.contains("<script"))
            // A child links to its own dashboard.
            #expect(page.contains("/staff/dashboard?convention=calendar&amp;form=sipas&amp;lang=vi&amp;period=2026-Q1&amp;unit=LC.SVHTTDL.VP"))

            // In English.
            let english = String(buffer: try await browser.get(client, "/staff/dashboard?period=2026-Q1&lang=en").body)
            #expect(english.contains("Satisfaction by unit"))
            #expect(english.contains("Target 90.0%"))

            // Outside the analyst's scope: the forbidden page; a handler: forbidden too.
            #expect(try await browser.get(client, "/staff/dashboard?unit=LC.STP").status == .forbidden)
            var (handlerBrowser, _) = try await StaffFixtures.signIn(client, F.handler)
            #expect(try await handlerBrowser.get(client, "/staff/dashboard").status == .forbidden)
            // Not signed in.
            var anonymous = BrowserSession()
            #expect(try await anonymous.get(client, "/staff/dashboard").status == .unauthorized)
            // A bad period: a page saying so, not a crash.
            let bad = try await browser.get(client, "/staff/dashboard?period=2026-Q7")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.headers[.contentType] == "text/html; charset=utf-8")
        }
    }
}
