import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import PostgresNIO
import Testing

/// The cluster-sums migration (Migrations/0015_cluster_sums.sql) fills the per-respondent sums of
/// the responses the rollups already count, so that a database in service keeps exact, flat-cost
/// figures with the new intervals. Found by name, so that the test holds whatever its number.
@Suite(.timeLimit(.minutes(3)))
struct ClusterSumsMigrationTests {
    typealias F = AnalyticsFixtures

    @Test func theSumsOfWhatIsCountedAreFilledAndTheQueueFollows() async throws {
        try await TestDatabase.withEmptyDatabase { database, _ in
            // setup: a database just before the migration whose rollups hold 14 responses (as the
            // compactor of that version left them) and whose queue holds 4 more.
            let all = try await F.migrate(database, upTo: "cluster_sums")
            try await F.prepare(database)
            let unit = try await F.unitID("LC.SNV", in: database)
            let questions = F.form("sipas").scoredQuestions.map(\.questionID)
            for number in 0..<14 {
                // Each respondent satisfied on a different share of the questions, some skipped.
                var answers: [String: Int] = [:]
                for (position, question) in questions.enumerated() where (position + number) % 6 != 0 {
                    answers[question] = position < 3 + number ? 5 : 2
                }
                try await F.submitAtEarlySchema(database, unitID: number % 4 == 0 ? nil : unit, answers: answers,
                                                language: number % 3 == 0 ? "en" : "vi",
                                                at: F.instant("2026-02-\(10 + number)T03:00:00Z"))
            }
            let base = ["satisfied", "answered"] + SatisfactionElement.allCases.flatMap { ["\($0.rawValue)_satisfied", "\($0.rawValue)_answered"] }
            for statement in F.rollupsFromScan(responseDaily: [], responseHalves: ["satisfied", "answered"], summary: base) {
                try await database.execute(statement, logger: TestDatabase.logger)
            }
            for number in 0..<4 {
                try await F.submitAtEarlySchema(database, unitID: unit, answers: F.sipasAnswers(number == 0 ? 1 : 4),
                                                at: F.instant("2026-03-0\(number + 1)T03:00:00Z"))
            }

            // act
            try await MigrationRunner(database: database, migrations: all).migrate(logger: TestDatabase.logger)

            // validate: every rollup, new sums included, equals the scan of the responses; still after
            // the queue is compacted.
            let analytics = AnalyticsStore(database: database)
            var check = try await analytics.verifyCounts(logger: TestDatabase.logger)
            #expect(check.isExact, "\(check.mismatches)")
            #expect(try await F.queued(database) == 4)
            try await CountsCompactor(database: database, logger: TestDatabase.logger).compactAll(logger: TestDatabase.logger)
            check = try await analytics.verifyCounts(logger: TestDatabase.logger)
            #expect(check.isExact, "\(check.mismatches)")
            let counts = try await analytics.satisfaction(period: ReportingPeriod(parsing: "2026-Q1"), unitCode: "LC",
                                                          formID: "sipas", logger: TestDatabase.logger)
            #expect(counts.respondents == 18 && counts.pooled.clusters == 18)
            #expect(counts.summary().pooled.interval.designEffect.map { $0 > 1 } == true)
        }
    }
}
