import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The dossier figures beside satisfaction (issue 11 §4): the metrics API, the report (JSON, CSV,
/// HTML) and the dashboard, from the imported sample file.
@Suite(.timeLimit(.minutes(3)))
struct DossierFiguresDisplayTests {
    typealias F = AnalyticsWebFixtures
    static let sample = TestDatabase.repositoryRoot.appendingPathComponent("scripts/data/dossiers-lao-cai-2026-q1.csv")

    /// LC.SVHTTDL resolved 37 + 47 + 23 + 30 + 41 + 60 = 238 dossiers in 2026-Q1, none late:
    /// Yamane's n = 238 / (1 + 238 · 0.0025) = 149.2 → 150, against the fixtures' 20 respondents.
    static func importSample(_ database: Database) async throws {
        let data = try Data(contentsOf: sample)
        let plan = try DossierStatisticsImport.parse(data: data, path: "q1.csv")
        _ = try await DossierStore(database: database).importStatistics(plan, fileName: "q1.csv", contents: data,
                                                                        by: StaffFixtures.cli, logger: TestDatabase.logger)
    }

    @Test func theMetricsAPIAndTheReportCarryTheFigures() async throws {
        try await TestApp.withApp { client, database in
            let tokens = try await F.prepare(database)
            try await F.storeResponses(database)
            // Before any import: nothing known, ratio 3 over the dossiers rated.
            let before = F.json(try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1&form=sipas",
                                                token: tokens.analyst))
            let none = before["dossiers"] as? [String: Any] ?? [:]
            #expect((none["figures"] as? [String: Any])?["rowsCounted"] as? Int == 0)
            #expect(((none["qd766Ratio3"] as? [String: Any])?["ratio"] as? [String: Any])?["denominatorName"] as? String == "rated")
            #expect(before["requiredSample"] is NSNull)

            try await Self.importSample(database)
            let metrics = F.json(try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1&form=sipas",
                                                 token: tokens.analyst))
            #expect(metrics["population"] as? Int == 238)
            #expect(metrics["requiredSample"] as? Int == 150)
            #expect((metrics["pooled"] as? [String: Any])?["sampleSufficient"] as? Bool == false)
            let dossiers = metrics["dossiers"] as? [String: Any] ?? [:]
            let figures = dossiers["figures"] as? [String: Any] ?? [:]
            let sample = figures["sample"] as? [String: Any] ?? [:]
            #expect(sample["required"] as? Int == 150)
            #expect(sample["respondents"] as? Int == 20)
            #expect(sample["reached"] as? Bool == false)
            let onTime = figures["onTime"] as? [String: Any] ?? [:]
            #expect(onTime["rate"] as? Double == 1)
            #expect(onTime["target"] as? Double == 0.98)
            #expect(onTime["denominator"] as? Int == 238)
            #expect((figures["apologyCoverage"] as? [String: Any])?["rate"] is NSNull, "no late dossier, no apology owed")
            let ratio = dossiers["qd766Ratio3"] as? [String: Any] ?? [:]
            #expect((ratio["ratio"] as? [String: Any])?["denominator"] as? Int == 238)
            #expect((ratio["ratio"] as? [String: Any])?["denominatorName"] as? String == "resolved")
            #expect(ratio["notRated"] as? Int == 238)

            let report = F.json(try await F.get(client, "/api/v1/reports/2026-Q1?form=sipas", token: tokens.analyst))
            let total = (report["rows"] as? [[String: Any]])?.last ?? [:]
            let totalFigures = (total["dossiers"] as? [String: Any])?["figures"] as? [String: Any] ?? [:]
            #expect((totalFigures["sample"] as? [String: Any])?["required"] as? Int == 150)
            #expect((total["satisfaction"] as? [String: Any])?["requiredSample"] as? Int == 150)
            let csv = String(buffer: try await F.get(client, "/api/v1/reports/2026-Q1?form=sipas&format=csv",
                                                     token: tokens.analyst).body)
            #expect(csv.contains("required_sample,sample_reached"))
            #expect(csv.contains(",238,150,false,1.0000,true,"), "\(csv)")
        }
    }

    @Test func theReportPageAndTheDashboardSayWhatEachFigureIs() async throws {
        try await TestApp.withApp { client, database in
            _ = try await F.prepare(database)
            try await F.storeResponses(database)
            try await Self.importSample(database)
            var (browser, _) = try await StaffFixtures.signIn(client, F.analyst)
            let report = String(buffer: try await browser.get(client, "/staff/reports/2026-Q1?form=sipas").body)
            #expect(report.contains("Cỡ mẫu cần thiết (Yamane, e = 5%)"))
            #expect(report.contains("150 với N = 238 hồ sơ đã giải quyết; 20 phiếu trả lời: chưa đạt"), "\(report)")
            #expect(report.contains("100,0% = 238 / 238 hồ sơ đã giải quyết"))
            let dashboard = String(buffer: try await browser.get(client, "/staff/dashboard?period=2026-Q1&lang=en").body)
            #expect(dashboard.contains("Required sample (Yamane, e = 5%)"))
            #expect(dashboard.contains("150 for N = 238 dossiers resolved; 20 respondents: not reached"), "\(dashboard)")
            #expect(dashboard.contains("QĐ 766 ratio 3"))
        }
    }
}
