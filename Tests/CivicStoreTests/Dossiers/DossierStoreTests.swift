import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct DossierStoreTests {
    static let header = "unit,period,procedure,received,resolved,resolved_on_time,resolved_late,apologies_sent,online,received_by_post,returned_by_post"
    static let actor = AuditLog.Actor.commandLine(osUser: "test")
    static let sample = TestDatabase.repositoryRoot.appendingPathComponent("scripts/data/dossiers-lao-cai-2026-q1.csv")

    func importCSV(_ csv: String, into database: Database) async throws -> DossierStore.ImportSummary {
        let plan = try DossierStatisticsImport.parse(csv: csv, file: "d.csv")
        return try await DossierStore(database: database)
            .importStatistics(plan, fileName: "d.csv", contents: Data(csv.utf8), by: Self.actor, logger: TestDatabase.logger)
    }

    func totals(_ database: Database, _ period: String, unit: String? = nil) async throws -> DossierTotals {
        try await AnalyticsStore(database: database).dossierTotals(period: try ReportingPeriod(parsing: period),
                                                                   unitCode: unit, logger: TestDatabase.logger)
    }

    @Test func theSampleSumsBySubtreeAndPeriod() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            try await SampleUnits.importInto(database)
            let data = try Data(contentsOf: Self.sample)
            let plan = try DossierStatisticsImport.parse(data: data, path: "sample.csv")
            let summary = try await DossierStore(database: database)
                .importStatistics(plan, fileName: "sample.csv", contents: data, by: Self.actor, logger: TestDatabase.logger)
            #expect(summary.rows == 21)
            #expect(summary.units == 6)   // LC.SVHTTDL has two procedures
            #expect(summary.replaced == 0)
            #expect(summary.firstDay == CalendarDate("2026-01-01"))
            #expect(summary.lastDay == CalendarDate("2026-03-31"))

            let province = try await totals(database, "2026-Q1", unit: "LC")
            #expect(province.rowsCounted == 21)
            #expect(province.counts == plan.total)
            #expect(province.counts.resolved == 6464)
            // The whole service (no unit) is the province here; one month; one department's two procedures.
            #expect(try await totals(database, "2026-Q1").counts == plan.total)
            #expect(try await totals(database, "2026-02", unit: "LC").rowsCounted == 7)
            let culture = try await totals(database, "2026-Q1", unit: "LC.SVHTTDL")
            #expect(culture.rowsCounted == 6)
            #expect(culture.counts.resolved == 37 + 47 + 23 + 30 + 41 + 60)
            #expect(try await totals(database, "2025-Q4", unit: "LC").rowsCounted == 0)

            let audit = try await AuditLog(database: database).recent(limit: 5, logger: TestDatabase.logger)
            #expect(audit.first?.action == "dossiers.import")
            #expect(audit.first?.details["rows"] == .int(21))
            #expect(audit.first?.actorLogin == "cli:test")
        }
    }

    @Test func importingAPeriodAgainReplacesItForTheUnitsOfTheFile() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            try await SampleUnits.importInto(database)
            _ = try await importCSV("""
                \(Self.header)
                LC.SNV,2026-03,,10,9,8,1,1,3,2,1
                LC.STP,2026-03,,20,20,20,0,0,3,2,1
                """, into: database)
            // Days of March for LC.SNV replace its month row; LC.STP is not in the file and stays.
            let again = try await importCSV("""
                \(Self.header)
                LC.SNV,2026-03-02,,4,4,4,0,0,1,0,0
                LC.SNV,2026-03-03,,3,2,1,1,0,1,0,0
                """, into: database)
            #expect(again.replaced == 1)
            let snv = try await totals(database, "2026-03", unit: "LC.SNV")
            #expect(snv.rowsCounted == 2)
            #expect(snv.counts.resolved == 6)
            #expect(try await totals(database, "2026-03", unit: "LC.STP").counts.resolved == 20)
            let imports = try await DossierStore(database: database).imports(logger: TestDatabase.logger)
            #expect(imports.map(\.rows) == [2, 2])
            #expect(imports.first?.replaced == 1)
        }
    }

    @Test func unitsOutsideTheRegisterRefuseTheWholeFile() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            try await SampleUnits.importInto(database)
            do {
                _ = try await importCSV("""
                    \(Self.header)
                    LC.SNV,2026-03,,10,9,8,1,1,3,2,1
                    LC.SVHTT,2026-03,,1,1,1,0,0,0,0,0
                    NOWHERE,2026-03,,1,1,1,0,0,0,0,0
                    """, into: database)
                Issue.record("the import must be refused")
            } catch let errors as FormValidationErrors {
                #expect(errors.issues.map(\.line) == [3, 4])
            }
            #expect(try await totals(database, "2026-03").rowsCounted == 0)
            #expect(try await DossierStore(database: database).imports(logger: TestDatabase.logger).isEmpty)
        }
    }

    @Test func ratioThreeDividesByTheDossiersResolved() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            try await AnalyticsFixtures.prepare(database)
            let snv = try await AnalyticsFixtures.unitID("LC.SNV", in: database)
            let march = AnalyticsFixtures.instant("2026-03-10T03:00:00Z")
            // Three dossiers rated: two satisfied, one not (overall 2).
            for (dossier, overall) in [("HS-1", 5), ("HS-2", 4), ("HS-3", 2)] {
                try await AnalyticsFixtures.submit(database, form: "dossier-rating", unitID: snv,
                                                   answers: ["overall_service": overall], dossier: dossier, at: march)
            }
            let analytics = AnalyticsStore(database: database)
            let q1 = try ReportingPeriod(parsing: "2026-Q1")
            let before = try await analytics.qd766Counts(period: q1, unitCode: "LC.SNV", logger: TestDatabase.logger)
            #expect(before.dossiersResolved == nil)
            #expect(before.dossierRatio.ratio.denominator == 3)
            _ = try await importCSV("\(Self.header)\nLC.SNV,2026-03,,40,40,39,1,1,10,2,3\n", into: database)
            let after = try await analytics.qd766Counts(period: q1, unitCode: "LC.SNV", logger: TestDatabase.logger)
            #expect(after.dossiersResolved == 40)
            #expect(after.dossierRatio.ratio.rate == 39.0 / 40)
            #expect(after.dossierRatio.notRated == 37)
            #expect(after.dossierRatio.responseRate.rate == 2.0 / 3)
            let score = try after.score()
            #expect(score.dossierSatisfaction.denominator == 40)
            #expect(score.dossierSatisfaction.numerator == 39)
        }
    }
}
