import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import PostgresNIO
import Testing

/// `civicvoice responses drop-month` (ResponseRetention): a past month's responses go, its figures
/// and its ids stay, the record and the audit say so, and a month whose figures would be lost is
/// refused unless forced.
@Suite(.timeLimit(.minutes(3)))
struct ResponseRetentionTests {
    typealias F = AnalyticsFixtures

    static func month(_ text: String) -> YearMonth { YearMonth(text)! }

    static func stored(_ database: Database) async throws -> Int {
        try await ResponseStore(database: database).count(logger: TestDatabase.logger)
    }

    static func drop(_ database: Database, _ text: String, force: Bool = false) async throws -> ResponseRetention.Dropped {
        try await ResponseRetention(database: database).dropMonth(month(text), force: force, now: Date(),
                                                                  by: SampleUnits.actor, logger: TestDatabase.logger)
    }

    @Test func droppingAMonthKeepsItsFiguresAndIds() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup: January 2026 (5 responses, its own partition), February (3), and June 2025 (1,
            // older than every partition: DEFAULT); all counted
            try await F.prepare(database)
            try await F.makePartitions(database, "2026-01", "2026-02")
            var january: [UUID] = []
            for day in 10..<15 {
                january.append(try await F.submit(database, unitID: nil, answers: F.sipasAnswers(day % 2 == 0 ? 5 : 2),
                                                  at: F.instant("2026-01-\(day)T03:00:00Z")))
            }
            for day in 10..<13 {
                try await F.submit(database, unitID: nil, answers: F.sipasAnswers(4), at: F.instant("2026-02-\(day)T03:00:00Z"))
            }
            try await F.submit(database, unitID: nil, answers: F.sipasAnswers(3), at: F.instant("2025-06-10T03:00:00Z"))
            let analytics = AnalyticsStore(database: database)
            let year = try ReportingPeriod(parsing: "2026-Q1")
            let before = try await analytics.satisfaction(period: year, logger: TestDatabase.logger)

            // act
            let dropped = try await Self.drop(database, "2026-01")
            let fromDefault = try await Self.drop(database, "2025-06")

            // validate: the partition is gone, the rows of June deleted from DEFAULT
            #expect(dropped.month == Self.month("2026-01") && dropped.responses == 5
                    && dropped.partition == "responses_2026_01" && !dropped.forced)
            #expect(fromDefault.month == Self.month("2025-06") && fromDefault.responses == 1
                    && fromDefault.partition == nil && !fromDefault.forced)
            #expect(try await Self.stored(database) == 3)
            let table = try await database.query("SELECT to_regclass('responses_2026_01')::text",
                                                 logger: TestDatabase.logger) { try $0.decode(String?.self) }
            #expect(table == [nil])
            // the figures of the quarter are those of before, and verify says exact, leaving the
            // dropped months alone; a rebuild keeps their counts
            let after = try await analytics.satisfaction(period: year, logger: TestDatabase.logger)
            #expect(after.respondents == 8 && after.pooled == before.pooled)
            var check = try await analytics.verifyCounts(logger: TestDatabase.logger)
            #expect(check.isExact, "\(check.mismatches)")
            #expect(check.droppedMonths == [Self.month("2025-06"), Self.month("2026-01")] && check.scannedResponses == 3)
            #expect(try await analytics.rebuildCounts(logger: TestDatabase.logger) == 3)
            try await CountsCompactor(database: database, logger: TestDatabase.logger).compactAll(logger: TestDatabase.logger)
            check = try await analytics.verifyCounts(logger: TestDatabase.logger)
            #expect(check.isExact, "\(check.mismatches)")
            #expect(try await analytics.satisfaction(period: year, logger: TestDatabase.logger).respondents == 8)
            // a late resend of a dropped response is still a replay, not a new count
            let replay = try await ResponseStore(database: database).insert(
                .init(id: january[0], formID: "sipas", formVersion: 1, unitID: nil, language: "vi", channel: "web",
                      dossierCode: nil, answersJSON: "{}", contentDigest: january[0].uuidString),
                logger: TestDatabase.logger)
            #expect(replay == .replayed)
            // recorded and audited
            let entries = try await AuditLog(database: database).recent(limit: 5, logger: TestDatabase.logger)
                .filter { $0.action == "responses.drop_month" }
            #expect(entries.map(\.objectID) == ["2025-06", "2026-01"])
            #expect(entries.last?.details == ["responses": .int(5), "forced": .string("no"),
                                              "partition": .string("responses_2026_01")])
        }
    }

    @Test func aMonthWhoseFiguresWouldBeLostIsRefusedUnlessForced() async throws {
        try await TestDatabase.withMigratedDatabase { database, url in
            // setup: February's counts changed behind the responses' back; a month not over; a
            // month of which nothing is stored
            try await F.prepare(database)
            try await F.makePartitions(database, "2026-02", "2026-02")
            for day in 10..<13 {
                try await F.submit(database, unitID: nil, answers: F.sipasAnswers(4), at: F.instant("2026-02-\(day)T03:00:00Z"))
            }
            try await CountsCompactor(database: database, logger: TestDatabase.logger).compactAll(logger: TestDatabase.logger)
            try await database.execute("""
                UPDATE summary_daily
                SET responses = responses + 1
                WHERE day = '2026-02-10'
                """, logger: TestDatabase.logger)
            let thisMonth = YearMonth(CalendarDate.inVietnam(at: Date())).description

            // act and validate: refused, nothing removed
            await #expect(throws: ResponseRetention.Refusal.monthNotOver(Self.month(thisMonth))) {
                try await Self.drop(database, thisMonth, force: true)
            }
            await #expect(throws: ResponseRetention.Refusal.nothingStored(Self.month("2024-03"))) {
                try await Self.drop(database, "2024-03", force: true)
            }
            do {
                _ = try await Self.drop(database, "2026-02")
                Issue.record("dropped a month whose figures differ")
            } catch ResponseRetention.Refusal.figuresDiffer(let month, let mismatches) {
                #expect(month == Self.month("2026-02") && mismatches["summary_daily"] == 2)  // the key, each way
            }
            // the server's role may not drop a month at all
            let app = Database(url: TestDatabase.url(url, as: TestDatabase.applicationRole), maximumConnections: 2,
                               deadline: .seconds(30), logger: TestDatabase.logger)
            try await app.whileRunning {
                await #expect(throws: ResponseRetention.Refusal.notOwner) {
                    try await Self.drop(app, "2026-02", force: true)
                }
            }
            #expect(try await Self.stored(database) == 3)
            // forced: dropped, and recorded as forced
            let forced = try await Self.drop(database, "2026-02", force: true)
            #expect(forced.forced && forced.responses == 3)
            let record = try await database.query("""
                SELECT responses, forced
                FROM response_months_dropped
                """, logger: TestDatabase.logger) { try $0.decode((Int, Bool).self) }
            #expect(record.map(\.0) == [3] && record.map(\.1) == [true])
        }
    }
}
