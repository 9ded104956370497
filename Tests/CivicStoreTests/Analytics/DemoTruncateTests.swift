import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import Testing

/// `civicvoice demo --truncate` deletes demo data only (issue 13): on a database holding one
/// response a citizen sent, it refuses and deletes nothing.
@Suite(.timeLimit(.minutes(2)))
struct DemoTruncateTests {
    static func count(_ database: Database) async throws -> Int {
        try await database.query("SELECT count(*) FROM responses", logger: TestDatabase.logger) { try $0.decode(Int.self) }[0]
    }

    @Test func truncateEmptiesADemoDatabaseAndRefusesOneWithRealResponses() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            try await AnalyticsFixtures.prepare(database)
            let loader = DemoLoader(database: database)
            let plan = DemoPlan(total: 200, days: 20, lastDay: CalendarDate("2026-01-31")!, seed: 7,
                                units: try await loader.units(logger: TestDatabase.logger), forms: AnalyticsFixtures.forms)
            _ = try await loader.load(plan, batchSize: 100, logger: TestDatabase.logger)
            #expect(try await Self.count(database) == 200)
            // demo data only: emptied
            try await loader.truncate(logger: TestDatabase.logger)
            #expect(try await Self.count(database) == 0)

            // one citizen's response among demo data: refused, nothing deleted
            _ = try await loader.load(plan, batchSize: 100, logger: TestDatabase.logger)
            _ = try await AnalyticsFixtures.submit(database, unitID: nil, answers: AnalyticsFixtures.sipasAnswers(4))
            await #expect(throws: DemoLoader.RealResponses.self) { try await loader.truncate(logger: TestDatabase.logger) }
            #expect(try await Self.count(database) == 201)
        }
    }
}
