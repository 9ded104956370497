import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing
@testable import CivicWeb

/// The server behind pgbouncer in transaction mode (scripts/test starts one, `TEST_POOLER_URL`):
/// consecutive statements of one client may run on different server connections, so nothing may
/// rely on session state (session advisory locks, SET, named prepared statements).
@Suite(.timeLimit(.minutes(3)))
struct PoolerTests {
    typealias F = AnalyticsWebFixtures

    /// The test database reached through pgbouncer.
    static func pooled(_ url: DatabaseURL) throws -> DatabaseURL {
        try TestDatabase.companionURL("TEST_POOLER_URL", database: url.database)
    }

    static func throughPooler(_ url: DatabaseURL) throws -> [String: String] {
        ["DATABASE_URL": TestApp.text(of: try pooled(url))]
    }

    static func post(_ client: some TestClientProtocol, id: UUID, overall: Int) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/responses", method: .post, headers: [.contentType: "application/json"],
                                 body: ByteBuffer(string: ResponsesAPITests.body(id: id, overall: overall)))
    }

    @Test func submissionsReplaysAndReportsWorkThroughTransactionPooling() async throws {
        try await TestApp.withApp(databaseEnvironment: Self.throughPooler) { client, database in
            // setup: the fixtures are written through the pooler too
            let tokens = try await F.prepare(database)
            try await F.storeResponses(database)

            // act: one response created, replayed and contradicted; 40 at once (group commit)
            let id = UUID()
            let created = try await Self.post(client, id: id, overall: 5)
            let replayed = try await Self.post(client, id: id, overall: 5)
            let conflict = try await Self.post(client, id: id, overall: 1)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await Self.post(client, id: UUID(), overall: 4).status }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            let beforeCompaction = try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1",
                                                   token: tokens.analyst)
            // The app's own compactor runs too: between the two, the queue ends empty.
            _ = try await CountsCompactor(database: database, logger: TestDatabase.logger).compactAll(logger: TestDatabase.logger)
            let queued = try await database.query("SELECT count(*) FROM response_count_queue", logger: TestDatabase.logger) {
                try $0.decode(Int.self)
            }.first
            let afterCompaction = try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1",
                                                  token: tokens.analyst)
            let report = try await F.get(client, "/api/v1/reports/2026-Q1", token: tokens.analyst)
            // pgbouncer's server connections name themselves (scripts/lib/pgbouncer.sh, connect_query).
            let applicationName = try await database.query("SELECT current_setting('application_name')",
                                                           logger: TestDatabase.logger) { try $0.decode(String.self) }.first

            // validate
            #expect(created.status == .created)
            #expect(replayed.status == .ok)
            #expect(conflict.status == .conflict)
            #expect(statuses.count == 40 && statuses.allSatisfy { $0 == .created })
            #expect(try await ResponseStore(database: database).count(logger: TestDatabase.logger) == 30 + 1 + 40)
            #expect(queued == 0, "the compactors' transaction lock works through the pooler")
            for response in [beforeCompaction, afterCompaction] {
                #expect(response.status == .ok)
                let json = F.json(response)
                #expect(json["respondents"] as? Int == 20)
                #expect((json["pooled"] as? [String: Any])?["rate"] as? Double == 0.8)
            }
            #expect(report.status == .ok)
            #expect(applicationName == "pgbouncer", "the app's statements ran on pgbouncer's server connections")
        }
    }

    @Test func serversStartingTogetherApplyEachMigrationOnceThroughThePooler() async throws {
        try await TestDatabase.withEmptyDatabase { _, url in
            // setup: two servers' runners, each with its own pool through pgbouncer
            let migrations = try Migration.load(directory: TestDatabase.migrationsDirectory)
            let runners = try (0..<2).map { _ in
                MigrationRunner(database: Database(url: try Self.pooled(url), maximumConnections: 2, deadline: .seconds(30),
                                                   logger: TestDatabase.logger),
                                migrations: migrations)
            }

            // act
            let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                for runner in runners {
                    group.addTask {
                        try await runner.database.whileRunning {
                            try await runner.migrate(logger: TestDatabase.logger).map(\.version)
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0 += $1 }
            }
            let status = try await TestDatabase.withConnectionPool(to: try Self.pooled(url)) { database in
                try await MigrationRunner(database: database, migrations: migrations).status(logger: TestDatabase.logger)
            }

            // validate
            #expect(applied.sorted() == migrations.map(\.version), "each migration applied by exactly one runner")
            #expect(status.pending.isEmpty)
            #expect(status.applied.map(\.version) == migrations.map(\.version))
        }
    }

    @Test func serveMigratesOnItsMigrationURLAndServesThroughThePooler() async throws {
        // setup: an empty database; the app's pool through pgbouncer, its migrations direct
        try await TestApp.withApp(migrated: false, migrateOnStart: true, databaseEnvironment: { url in
            try Self.throughPooler(url).merging(["MIGRATION_DATABASE_URL": TestApp.text(of: url)]) { pooled, _ in pooled }
        }) { client, _ in
            // act
            let ready = try await client.execute(uri: "/readyz", method: .get, headers: [:], body: nil)
            let created = try await Self.post(client, id: UUID(), overall: 5)

            // validate
            #expect(ready.status == .ok, "\(String(buffer: ready.body))")
            #expect(created.status == .created)
        }
    }
}
