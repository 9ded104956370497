import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import PostgresNIO
import Testing

/// The kept counts agree exactly with a full scan of the responses, however they were written.
@Suite(.timeLimit(.minutes(5)))
struct CountsConsistencyTests {
    @Test func concurrentSubmissionsWithTheCompactorRunningAddUpExactly() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup
            try await AnalyticsFixtures.prepare(database)
            var units: [Int64?] = [nil]
            for code in ["LC.SNV", "LC.STP", "LC.P-LAOCAI", "LC.SVHTTDL.VP"] {
                units.append(try await AnalyticsFixtures.unitID(code, in: database))
            }
            let choices = units
            let questions = AnalyticsFixtures.form("sipas").scoredQuestions.map(\.questionID)
            let compactor = CountsCompactor(database: database, interval: .milliseconds(5), batchSize: 37,
                                            logger: TestDatabase.logger)
            // Minutes either side of midnight in Vietnam (17:00Z), so that days split.
            let start = AnalyticsFixtures.instant("2026-03-31T16:00:00Z")

            // act: 20 writers × 50 responses while the compactor moves batches.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await compactor.run() }
                try await withThrowingTaskGroup(of: Void.self) { writers in
                    for writer in 0..<20 {
                        writers.addTask {
                            for number in 0..<50 {
                                let seed = writer * 50 + number
                                var answers: [String: Int] = [:]
                                for (position, question) in questions.enumerated() where (seed + position) % 7 != 0 {
                                    answers[question] = 1 + (seed * 3 + position) % 5
                                }
                                try await AnalyticsFixtures.submit(
                                    database, unitID: choices[seed % choices.count], answers: answers,
                                    language: ["vi", "en", "hmn"][seed % 3], channel: ["web", "kiosk", "paper"][seed % 3],
                                    at: start.addingTimeInterval(Double(seed) * 7))
                            }
                        }
                    }
                    try await writers.waitForAll()
                }
                group.cancelAll()
            }

            // validate: exact with whatever is still queued, and after the queue is drained.
            let scan = try await AnalyticsFixtures.fullScan(database)
            #expect(scan.count > 100)
            #expect(try await AnalyticsFixtures.keptDaily(database) == scan)
            try await compactor.compactAll(logger: TestDatabase.logger)
            try await compactor.vacuumQueue(logger: TestDatabase.logger)
            #expect(try await AnalyticsFixtures.queued(database) == 0)
            #expect(try await AnalyticsFixtures.keptDaily(database) == scan)
            let check = try await AnalyticsStore(database: database).verifyCounts(logger: TestDatabase.logger)
            #expect(check.isExact, "\(check.mismatches)")
            #expect(check.scannedResponses == 1000)
            let analytics = AnalyticsStore(database: AnalyticsFixtures.patient(database))
            let counts = try await analytics.satisfaction(
                period: ReportingPeriod(parsing: "2026"), logger: TestDatabase.logger)
            #expect(counts.respondents == 1000)
            #expect(counts.pooled.answered == scan.reduce(0) { $0 + $1.answered })
            #expect(counts.pooled.satisfied == scan.reduce(0) { $0 + $1.satisfied })
        }
    }

    @Test func theDemoLoaderKeepsTheCountsExact() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup: a year across the July 2025 mergers, and responses through the write path too.
            try await AnalyticsFixtures.prepare(database)
            let loader = DemoLoader(database: database)
            let plan = DemoPlan(total: 3_000, days: 400, lastDay: CalendarDate("2026-01-31")!, seed: 42,
                                units: try await loader.units(logger: TestDatabase.logger),
                                forms: AnalyticsFixtures.forms)
            let before = try await AnalyticsFixtures.unitID("LC.P-COCLEU", in: database)
            try await AnalyticsFixtures.submit(database, unitID: before, answers: AnalyticsFixtures.sipasAnswers(2),
                                               at: AnalyticsFixtures.instant("2025-05-05T03:00:00Z"))

            // act
            let loaded = try await loader.load(plan, batchSize: 700, logger: TestDatabase.logger)
            try await loader.analyze(logger: TestDatabase.logger)

            // validate
            #expect(loaded == 3_000)
            #expect(try await AnalyticsFixtures.keptDaily(database) == AnalyticsFixtures.fullScan(database))
            let check = try await AnalyticsStore(database: database).verifyCounts(logger: TestDatabase.logger)
            #expect(check.isExact, "\(check.mismatches)")
            #expect(check.scannedResponses == 3_001)
            // Every generated response is one the form would have accepted.
            let samples = try await AnalyticsFixtures.patient(database).query("""
                SELECT form_id, answers::text
                FROM responses
                ORDER BY id
                LIMIT 200
                """, logger: TestDatabase.logger) { try $0.decode((String, String).self) }
            for (formID, json) in samples {
                let answers = try JSONDecoder().decode([String: AnswerValue].self, from: Data(json.utf8))
                let validation = AnalyticsFixtures.form(formID).validate(answers: answers)
                #expect(validation.isValid, "\(validation.errors)")
            }
            // The loaded days are the plan's, and every unit answered exists on its day.
            let outOfPeriod = try await AnalyticsFixtures.patient(database).query("""
                SELECT count(*)
                FROM responses r
                JOIN units u ON u.id = r.unit_id
                WHERE (r.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date < u.effective_from
                   OR (r.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date >= u.effective_to
                """, logger: TestDatabase.logger) { try $0.decode(Int.self) }.first
            #expect(outOfPeriod == 0)
            let analytics = AnalyticsStore(database: AnalyticsFixtures.patient(database))
            let counts = try await analytics.satisfaction(
                period: ReportingPeriod(from: plan.dayRange.lowerBound, to: plan.dayRange.upperBound),
                unitCode: "LC", logger: TestDatabase.logger)
            #expect(counts.respondents == 3_001)
            // Units differ: the best unit's rate is clearly above the worst's.
            let byUnit = try await analytics.satisfaction(
                period: ReportingPeriod(parsing: "2025-H2"), unitCode: "LC", breakdown: .unit, logger: TestDatabase.logger)
            let rates = byUnit.rows.filter { $0.answered > 1_000 }.compactMap(\.proportion.rate)
            #expect((rates.max() ?? 0) - (rates.min() ?? 0) > 0.03)
        }
    }

    @Test func migration0005SummarisesWhatThe0004RollupsHold() async throws {
        try await TestDatabase.withEmptyDatabase { database, _ in
            // setup: a database at 0004 whose rollups hold some responses and whose queue holds others.
            let all = try Migration.load(directory: TestDatabase.migrationsDirectory)
            let upTo0004 = all.filter { $0.version <= 4 }
            try await MigrationRunner(database: database, migrations: upTo0004).migrate(logger: TestDatabase.logger)
            try await AnalyticsFixtures.prepare(database)
            let unit = try await AnalyticsFixtures.unitID("LC.SNV", in: database)
            for number in 0..<12 {
                try await AnalyticsFixtures.submitAtEarlySchema(database, unitID: number % 3 == 0 ? nil : unit,
                                                                answers: AnalyticsFixtures.sipasAnswers(1 + number % 5),
                                                                at: AnalyticsFixtures.instant("2026-02-1\(number % 10)T03:00:00Z"))
            }
            // What 0004's compactor did: the four rollups, then an empty queue.
            for statement in AnalyticsFixtures.questionRollupsFromScan + [
                """
                INSERT INTO response_daily (day, unit_id, form_id, form_version, language, channel, responses)
                SELECT (submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, unit_id, form_id, form_version,
                       language, channel, count(*)
                FROM responses
                GROUP BY 1, unit_id, form_id, form_version, language, channel
                """,
                "DELETE FROM response_count_queue",
            ] {
                try await database.execute(statement, logger: TestDatabase.logger)
            }
            for number in 0..<5 {
                try await AnalyticsFixtures.submitAtEarlySchema(database, unitID: unit, answers: AnalyticsFixtures.sipasAnswers(4),
                                                                at: AnalyticsFixtures.instant("2026-03-0\(number + 1)T03:00:00Z"))
            }

            // act
            try await MigrationRunner(database: database, migrations: all).migrate(logger: TestDatabase.logger)

            // validate: the summaries hold the 12 counted responses; the 5 queued ones follow.
            let analytics = AnalyticsStore(database: database)
            let halfOfFebruary = try await analytics.satisfaction(period: ReportingPeriod(parsing: "2026-02"),
                                                                  logger: TestDatabase.logger)
            #expect(halfOfFebruary.respondents == 12)
            #expect(try await AnalyticsFixtures.queued(database) == 5)
            // response_halfmonthly was left empty above on purpose; everything else must agree.
            var check = try await analytics.verifyCounts(logger: TestDatabase.logger)
            #expect(check.mismatches.filter { $0.key != "response_halfmonthly" }.values.allSatisfy { $0 == 0 },
                    "\(check.mismatches)")
            try await CountsCompactor(database: database, logger: TestDatabase.logger).compactAll(logger: TestDatabase.logger)
            check = try await analytics.verifyCounts(logger: TestDatabase.logger)
            #expect(check.mismatches["summary_halfmonthly"] == 0)
            #expect(check.mismatches["summary_daily"] == 0)
            #expect(try await analytics.satisfaction(period: ReportingPeriod(parsing: "2026-Q1"),
                                                     logger: TestDatabase.logger).respondents == 17)
        }
    }
}
