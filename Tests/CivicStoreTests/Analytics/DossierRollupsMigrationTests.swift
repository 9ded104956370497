import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import PostgresNIO
import Testing

/// QĐ 766 ratio 3 reads the dossier counts of the summary rollups (Migrations/0026_dossier_rollups.sql)
/// instead of the period's responses: the migration fills them for the responses already counted,
/// the compactor adds the later ones, and the figure is the same from the queue, from the rollups
/// and after the migration. Found by name, so that the test holds whatever its number.
@Suite(.timeLimit(.minutes(3)))
struct DossierRollupsMigrationTests {
    typealias F = AnalyticsFixtures

    /// The summary rollups' counts before 0026: the pool's and each element's six sums (0015).
    static let countsBefore = ([""] + SatisfactionElement.allCases.map { "\($0.rawValue)_" }).flatMap { prefix in
        ["satisfied", "answered", "satisfied_sq", "satisfied_x_answered", "answered_sq", "clusters"].map { prefix + $0 }
    }

    /// The rollups as a compactor before 0026 left them, filled from a scan of `response_summaries`.
    static let rollupsBefore = F.rollupsFromScan(responseDaily: Array(countsBefore.prefix(6)),
                                                 responseHalves: Array(countsBefore.prefix(6)), summary: countsBefore)

    static func rate(_ database: Database, _ dossier: String, overall: Int, unitID: Int64?, at instant: String) async throws {
        try await F.submitAtPartitionedSchema(database, form: "dossier-rating", unitID: unitID,
                                              answers: ["overall_service": overall, "on_time": 5, "attitude": 5],
                                              dossier: dossier, at: F.instant(instant))
    }

    @Test func theDossiersAlreadyCountedAreFilledAndTheFigureIsTheSameFromQueueAndRollups() async throws {
        try await TestDatabase.withEmptyDatabase { database, _ in
            // setup: a database just before the migration whose rollups count five ratings in Q1
            // (two dissatisfied at LC.SNV, one at LC.STP; one on a ragged day, 2026-03-31) and a
            // survey answer that names no dossier; two more ratings still queued.
            let all = try await F.migrate(database, upTo: "dossier_rollups")
            try await F.prepare(database)
            let snv = try await F.unitID("LC.SNV", in: database)
            let stp = try await F.unitID("LC.STP", in: database)
            try await Self.rate(database, "D1", overall: 2, unitID: snv, at: "2026-01-05T02:00:00Z")
            try await Self.rate(database, "D2", overall: 5, unitID: snv, at: "2026-02-03T02:00:00Z")
            try await Self.rate(database, "D3", overall: 1, unitID: snv, at: "2026-03-31T09:00:00Z")
            try await Self.rate(database, "D4", overall: 1, unitID: stp, at: "2026-02-20T02:00:00Z")
            try await Self.rate(database, "D5", overall: 4, unitID: snv, at: "2026-04-02T02:00:00Z")
            try await F.submitAtPartitionedSchema(database, unitID: snv, answers: F.sipasAnswers(1),
                                                  at: F.instant("2026-02-03T02:00:00Z"))
            for statement in Self.rollupsBefore {
                try await database.execute(statement, logger: TestDatabase.logger)
            }
            try await Self.rate(database, "D6", overall: 2, unitID: snv, at: "2026-03-10T02:00:00Z")
            try await Self.rate(database, "D7", overall: 5, unitID: nil, at: "2026-03-11T02:00:00Z")

            // act
            try await MigrationRunner(database: database, migrations: all).migrate(logger: TestDatabase.logger)

            // validate: the rollups equal the scan, dossier counts included; Q1's figures for the
            // department and the province, before and after the queue is compacted.
            let analytics = AnalyticsStore(database: database)
            var check = try await analytics.verifyCounts(logger: TestDatabase.logger)
            #expect(check.isExact, "\(check.mismatches)")
            #expect(try await F.queued(database) == 2)
            let q1 = try ReportingPeriod(parsing: "2026-Q1")
            func figures() async throws -> [Int] {
                let department = try await analytics.qd766Counts(period: q1, unitCode: "LC.SNV", logger: TestDatabase.logger)
                let province = try await analytics.qd766Counts(period: q1, unitCode: "LC", logger: TestDatabase.logger)
                return [department.dossiers, department.dossiersDissatisfiedOrComplained,
                        province.dossiers, province.dossiersDissatisfiedOrComplained]
            }
            // LC.SNV: D1, D2, D3, D6 (D1, D3, D6 dissatisfied); the province adds D4 and the unitless D7.
            #expect(try await figures() == [4, 3, 6, 4])
            try await CountsCompactor(database: database, logger: TestDatabase.logger).compactAll(logger: TestDatabase.logger)
            check = try await analytics.verifyCounts(logger: TestDatabase.logger)
            #expect(check.isExact, "\(check.mismatches)")
            #expect(try await F.queued(database) == 0)
            #expect(try await figures() == [4, 3, 6, 4])
            // A custom period reads its ragged days (10 to 14 March, D6) from the daily rollup and
            // its whole half-month (15 to 31 March, D3) from the half-month one.
            let custom = try await analytics.qd766Counts(period: ReportingPeriod(parsing: "2026-03-10/2026-03-31"),
                                                         unitCode: "LC.SNV", logger: TestDatabase.logger)
            let rated: [Int] = [custom.dossiers, custom.dossiersDissatisfiedOrComplained]
            #expect(rated == [2, 2])
        }
    }
}
