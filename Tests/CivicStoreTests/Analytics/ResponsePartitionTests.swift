import CivicCore
import CivicTestSupport
import Foundation
import PostgresNIO
import Testing

@testable import CivicStore

/// Responses partitioned by month (Migrations/0025): ids exact across months, partitions made
/// ahead and usable by the server's role, the look-ups of queued responses pruned to their months,
/// and the conversion of a database in service.
@Suite(.timeLimit(.minutes(3)))
struct ResponsePartitionTests {
    typealias F = AnalyticsFixtures

    static func month(_ text: String) -> YearMonth { YearMonth(text)! }

    /// The partition each response is stored in.
    static func placement(_ database: Database) async throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try await database.query("""
            SELECT id, tableoid::regclass::text
            FROM responses
            """, logger: TestDatabase.logger) { try $0.decode((UUID, String).self) })
    }

    static func response(_ id: UUID, digest: String, overall: Int = 5, at instant: Date?) -> ResponseStore.NewResponse {
        .init(id: id, formID: "sipas", formVersion: 1, unitID: nil, language: "vi", channel: "api",
              dossierCode: nil, answersJSON: #"{"overall": \#(overall)}"#, contentDigest: digest, submittedAt: instant)
    }

    /// The partitions of `responses` a statement's plan reads, from EXPLAIN.
    static func partitionsRead(by query: PostgresQuery, in database: Database) async throws -> Set<String> {
        let lines = try await database.query(PostgresQuery(unsafeSQL: "EXPLAIN " + query.sql, binds: query.binds),
                                             logger: TestDatabase.logger) { try $0.decode(String.self) }
        let relation = try Regex(" on (responses_[a-z0-9_]+)")
        return Set(lines.flatMap { line in
            line.matches(of: relation).compactMap { $0.output[1].substring.map(String.init) }
        })
    }

    @Test func aReplayInAnotherMonthIsStillTheSameResponse() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup: a paper form of last October, entered then
            try await F.prepare(database)
            #expect(try await F.makePartitions(database, "2026-10", "2026-10") == 1)
            let store = ResponseStore(database: database)
            let id = UUID()
            let october = F.instant("2026-10-15T03:00:00Z")
            #expect(try await store.insert(Self.response(id, digest: "d", at: october), logger: TestDatabase.logger)
                    == .created)

            // act: the same id sent again now (an offline kiosk's resend), once as it was, once changed
            let replay = try await store.insert(Self.response(id, digest: "d", at: nil), logger: TestDatabase.logger)
            let conflict = try await store.insert(Self.response(id, digest: "e", overall: 1, at: nil),
                                                  logger: TestDatabase.logger)

            // validate: stored once, in October's partition, queued once
            #expect(replay == .replayed && conflict == .conflict)
            #expect(try await Self.placement(database) == [id: "responses_2026_10"])
            #expect(try await F.queued(database) == 1)
        }
    }

    @Test func partitionsAreMadeByTheServersRoleAndUsableByIt() async throws {
        try await TestDatabase.withMigratedDatabase { database, url in
            try await F.prepare(database)
            // A response of a month without a partition goes to the DEFAULT partition.
            let early = UUID()
            #expect(try await ResponseStore(database: database).insert(
                Self.response(early, digest: "x", at: F.instant("2031-05-20T03:00:00Z")), logger: TestDatabase.logger)
                == .created)
            #expect(try await Self.placement(database)[early] == "responses_default")
            let app = Database(url: TestDatabase.url(url, as: TestDatabase.applicationRole), maximumConnections: 2,
                               deadline: .seconds(30), logger: TestDatabase.logger)
            try await app.whileRunning {
                // act: the server's job, as the server's role, with a clock in April 2031
                let made = try await ResponsePartitionMaintainer(
                    database: app, clock: .fixed(on: CalendarDate("2031-04-10")!), logger: TestDatabase.logger
                ).makeAhead()
                let again = try await ResponsePartitionMaintainer(
                    database: app, clock: .fixed(on: CalendarDate("2031-04-10")!), logger: TestDatabase.logger
                ).makeAhead()
                // validate: April to July made once; May's row moved out of DEFAULT; the role
                // writes and reads there, and still may not create a table of its own.
                #expect(made == 4 && again == 0)
                #expect(try await Self.placement(database)[early] == "responses_2031_05")
                let later = UUID()
                #expect(try await ResponseStore(database: app).insert(
                    Self.response(later, digest: "y", at: F.instant("2031-07-02T03:00:00Z")), logger: TestDatabase.logger)
                    == .created)
                let read = try await app.query("SELECT count(*) FROM responses_2031_07", logger: TestDatabase.logger) {
                    try $0.decode(Int.self)
                }
                #expect(read == [1])
                var refused = false
                do {
                    try await app.execute("CREATE TABLE responses_9999_01 (LIKE responses)", logger: TestDatabase.logger)
                } catch {
                    refused = true
                }
                #expect(refused)
            }
            let names = try await ResponsePartitions(database: database).list(logger: TestDatabase.logger).map(\.name)
            #expect(Array(names.suffix(5)) == ["responses_2031_04", "responses_2031_05", "responses_2031_06",
                                        "responses_2031_07", "responses_default"])
        }
    }

    @Test func theQueuedLookUpsReadOnlyTheirMonthsPartitions() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup: responses queued in January, February and March 2026
            try await F.prepare(database)
            #expect(try await F.makePartitions(database, "2026-01", "2026-03") == 3)
            for day in ["2026-01-20", "2026-02-10", "2026-02-11", "2026-03-05"] {
                try await F.submit(database, unitID: nil, answers: F.sipasAnswers(4), at: F.instant("\(day)T03:00:00Z"))
            }
            let february = Self.month("2026-02")

            // act: the plans of the compactor's batch for February and of a February report
            let batch = CountsCompactor.compactionQuery(batchSize: 100, from: february.firstDay.startInVietnam,
                                                        to: february.next.firstDay.startInVietnam)
            let period = february.period
            let report = AnalyticsStore.satisfactionQuery(
                window: CountsWindow(period: period, convention: .calendar), convention: .calendar, unitCode: nil,
                formID: "sipas", formVersion: nil, breakdown: .question)

            // validate: February's partition only, in both
            #expect(try await Self.partitionsRead(by: batch, in: database) == ["responses_2026_02"])
            #expect(try await Self.partitionsRead(by: report, in: database) == ["responses_2026_02"])
            // and the batches, one month each, count everything
            let compactor = CountsCompactor(database: database, batchSize: 100, logger: TestDatabase.logger)
            #expect(try await compactor.compactAll(logger: TestDatabase.logger) == 4)
            let check = try await AnalyticsStore(database: database).verifyCounts(logger: TestDatabase.logger)
            #expect(check.isExact && check.scannedResponses == 4, "\(check.mismatches)")
        }
    }

    /// What the compactor of every version before 0025 left: the rollups hold what is not queued.
    static func countAsBefore(_ database: Database) async throws {
        // The dossier counts came after 0025 (0026_dossier_rollups).
        let summaries = CountsCompactor.summaryCounts.filter { !CountsCompactor.dossierCounts.contains($0) }
        let responses = CountsCompactor.responseCounts
        func fill(_ table: String, _ bucket: String, _ keys: [String], _ counts: [String]) -> PostgresQuery {
            let scanBucket = bucket == "day" ? "day" : "half_month_start(day)"
            return """
                INSERT INTO \(unescaped: table) (\(unescaped: ([bucket] + keys + ["responses"] + counts).joined(separator: ", ")))
                SELECT \(unescaped: scanBucket), \(unescaped: keys.joined(separator: ", ")), count(*),
                       \(unescaped: counts.map { "sum(\($0))" }.joined(separator: ", "))
                FROM response_summaries
                GROUP BY \(unescaped: ([scanBucket] + keys).joined(separator: ", "))
                """
        }
        let version = ["unit_id", "form_id", "form_version"]
        for statement in F.questionRollupsFromScan + [
            fill("summary_daily", "day", version, summaries), fill("summary_halfmonthly", "half_start", version, summaries),
            fill("response_daily", "day", version + ["language", "channel"], responses),
            fill("response_halfmonthly", "half_start", version + ["language", "channel"], responses),
            "DELETE FROM response_count_queue",
        ] {
            try await database.execute(statement, logger: TestDatabase.logger)
        }
    }

    @Test func theMigrationConvertsADatabaseInServiceInPlace() async throws {
        try await TestDatabase.withEmptyDatabase { database, _ in
            // setup: a database just before the migration: 10 responses counted in February and
            // March, 3 still queued in March
            let all = try await F.migrate(database, upTo: "response_partitions")
            try await F.prepare(database)
            let unit = try await F.unitID("LC.SNV", in: database)
            var ids: [UUID] = []
            for number in 0..<10 {
                ids.append(try await F.submitAtEarlySchema(
                    database, unitID: number % 4 == 0 ? nil : unit, answers: F.sipasAnswers(1 + number % 5),
                    at: F.instant("2026-0\(2 + number % 2)-1\(number)T03:00:00Z")))
            }
            try await Self.countAsBefore(database)
            for number in 0..<3 {
                ids.append(try await F.submitAtEarlySchema(database, unitID: unit, answers: F.sipasAnswers(5),
                                                           at: F.instant("2026-03-2\(number)T03:00:00Z")))
            }
            let analytics = AnalyticsStore(database: database)

            // act
            try await MigrationRunner(database: database, migrations: all).migrate(logger: TestDatabase.logger)

            // validate: the old table is the partition of February to this month, every id is
            // claimed, the queue knows its instants, and the figures are those of before, exact
            let thisMonth = YearMonth(CalendarDate.inVietnam(at: Date()))
            let legacy = "responses_2026_02_to_\(thisMonth.description.replacingOccurrences(of: "-", with: "_"))"
            #expect(Set(try await Self.placement(database).values) == [legacy])
            let names = try await ResponsePartitions(database: database).list(logger: TestDatabase.logger).map(\.name)
            #expect(names.first == legacy && names.last == "responses_default" && names.count == 5, "\(names)")
            let claimed = try await database.query("""
                SELECT count(*) FROM response_ids
                """, logger: TestDatabase.logger) { try $0.decode(Int.self) }
            #expect(claimed == [13])
            #expect(try await F.queued(database) == 3)
            var check = try await analytics.verifyCounts(logger: TestDatabase.logger)
            #expect(check.isExact && check.scannedResponses == 13, "\(check.mismatches)")
            let after = try await analytics.satisfaction(period: ReportingPeriod(parsing: "2026-Q1"),
                                                         logger: TestDatabase.logger)
            #expect(after.respondents == 13)
            // The write path on the converted table: a replay of an old id, a conflict, a new one.
            let store = ResponseStore(database: database)
            let old = try #require(ids.first)
            #expect(try await store.insert(Self.response(old, digest: old.uuidString, at: nil), logger: TestDatabase.logger)
                    == .replayed)
            #expect(try await store.insert(Self.response(old, digest: "other", at: nil), logger: TestDatabase.logger)
                    == .conflict)
            #expect(try await store.insert(Self.response(UUID(), digest: "new", at: nil), logger: TestDatabase.logger)
                    == .created)
            try await CountsCompactor(database: database, logger: TestDatabase.logger).compactAll(logger: TestDatabase.logger)
            check = try await analytics.verifyCounts(logger: TestDatabase.logger)
            #expect(check.isExact && check.scannedResponses == 14, "\(check.mismatches)")
            #expect(try await F.queued(database) == 0)
        }
    }
}
