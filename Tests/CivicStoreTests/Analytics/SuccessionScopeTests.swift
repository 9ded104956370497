import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import PostgresNIO
import Testing

/// Issue 13: analytics follow staff scope's succession rule. A successor reaches its predecessor
/// once the merger has taken effect; before that, its analysts do not see the predecessor's answers.
@Suite(.timeLimit(.minutes(2)))
struct SuccessionScopeTests {
    @Test func aMergerThatHasNotTakenEffectAddsNothingToTheSuccessor() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            try await AnalyticsFixtures.prepare(database)
            let today = ServiceClock.system.today()
            let later = today.adding(days: 30)
            let names = #"{"vi": "Xã thử"}"#
            // setup: old commune OLD merges into NEW in 30 days; NEW already exists; OLD has an answer today
            for (code, from) in [("T.OLD", "2020-01-01"), ("T.NEW", "2020-01-01")] {
                try await database.execute("""
                    INSERT INTO units (code, parent_id, kind, names, effective_from)
                    VALUES (\(code), (SELECT id FROM units WHERE code = 'LC'), 'commune', \(names)::jsonb, \(from)::date)
                    """, logger: TestDatabase.logger)
            }
            try await database.execute("""
                INSERT INTO unit_successions (predecessor_id, successor_id, kind, effective_on)
                VALUES ((SELECT id FROM units WHERE code = 'T.OLD'), (SELECT id FROM units WHERE code = 'T.NEW'), 'merger',
                        \(later.description)::date)
                """, logger: TestDatabase.logger)
            try await AnalyticsFixtures.submit(database, unitID: try await AnalyticsFixtures.unitID("T.OLD", in: database),
                                               answers: AnalyticsFixtures.sipasAnswers(5))
            // act
            let analytics = AnalyticsStore(database: database)
            let period = try ReportingPeriod(from: today.adding(days: -1), to: today)
            let successor = try await analytics.satisfaction(period: period, unitCode: "T.NEW", logger: TestDatabase.logger)
            let predecessor = try await analytics.satisfaction(period: period, unitCode: "T.OLD", logger: TestDatabase.logger)
            // validate: the predecessor's own answer, not yet the successor's
            #expect(predecessor.respondents == 1)
            #expect(successor.respondents == 0, "the successor reached a predecessor before the merger took effect")
        }
    }
}
