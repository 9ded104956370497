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

/// Analytics on a real streaming replica (scripts/test starts one with `pg_basebackup -R`,
/// `TEST_REPLICA_URL`). Replay is paused to make the replica lag on purpose, which affects the
/// whole replica: these tests run one at a time, and no other suite reads the replica.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ReadReplicaTests {
    typealias F = AnalyticsWebFixtures

    static func replica(_ url: DatabaseURL) throws -> DatabaseURL {
        try TestDatabase.companionURL("TEST_REPLICA_URL", database: url.database)
    }

    static func readingReplica(_ url: DatabaseURL) throws -> [String: String] {
        ["DATABASE_READ_URL": TestApp.text(of: try replica(url))]
    }

    struct ReplicaNotCaughtUp: Error {}

    /// Runs `body` on a connection to the replica's maintenance database, as the superuser.
    static func withReplicaAdmin<Result: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await TestDatabase.withConnection(to: try TestDatabase.companionURL("TEST_REPLICA_URL", database: "postgres"),
                                              body)
    }

    /// Waits until the replica has replayed everything the primary had written when called.
    static func waitForReplay(of primary: Database) async throws {
        // The insert position, not the write position: the test cluster commits asynchronously
        // (synchronous_commit=off), so the last commit may still sit in the WAL buffers, past
        // pg_current_wal_lsn(); a replica "caught up" to that missed it (seen: 30 rows of 31).
        let position = try await primary.query("SELECT pg_current_wal_insert_lsn()::text", logger: TestDatabase.logger) {
            try $0.decode(String.self)
        }.first ?? "0/0"
        try await withReplicaAdmin { connection in
            // Bounded: a replica that does not catch up in a minute fails the test.
            for _ in 0..<600 {
                let rows = try await connection.query("SELECT pg_last_wal_replay_lsn() >= \(position)::pg_lsn",
                                                      logger: TestDatabase.logger)
                var caughtUp = false
                for try await flag in rows.decode(Bool.self) { caughtUp = flag }
                if caughtUp { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw ReplicaNotCaughtUp()
        }
    }

    /// Runs `body` with the replica's replay paused (it keeps receiving WAL but applies none), and
    /// resumes it afterwards whatever happens.
    static func withReplayPaused<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        try await withReplicaAdmin { connection in
            try await connection.query("SELECT pg_wal_replay_pause()", logger: TestDatabase.logger)
            for _ in 0..<600 {
                let rows = try await connection.query("SELECT pg_get_wal_replay_pause_state()", logger: TestDatabase.logger)
                var state = ""
                for try await value in rows.decode(String.self) { state = value }
                if state == "paused" { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw ReplicaNotCaughtUp()
        }
        do {
            let result = try await body()
            _ = try await withReplicaAdmin { try await $0.query("SELECT pg_wal_replay_resume()", logger: TestDatabase.logger) }
            return result
        } catch {
            _ = try? await withReplicaAdmin { try await $0.query("SELECT pg_wal_replay_resume()", logger: TestDatabase.logger) }
            throw error
        }
    }

    /// A counter's value in `/metrics`, 0 when it is not there yet.
    static func counter(_ client: some TestClientProtocol, _ series: String) async throws -> Double {
        let response = try await client.execute(uri: "/metrics", method: .get, headers: [:], body: nil)
        for line in String(buffer: response.body).split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1)) ?? 0
        }
        return 0
    }

    static func date(_ text: Any?) -> Date? {
        (text as? String).flatMap { ISO8601DateFormatter().date(from: $0) }
    }

    @Test func figuresAndExportsAreReadOnTheReplicaAndSayAsOfWhen() async throws {
        try await TestApp.withApp(databaseEnvironment: Self.readingReplica) { client, database in
            // setup: 20 respondents in 2026-Q1 under the analyst's unit, replayed; then one more
            // written on the primary while the replica applies nothing
            let tokens = try await F.prepare(database)
            try await F.storeResponses(database)
            try await Self.waitForReplay(of: database)
            let (metrics, csv, page, export, pausedAt) = try await Self.withReplayPaused {
                let pausedAt = Date()
                try await F.submit(database, unit: "LC.SVHTTDL.VP", value: 1, at: F.instant("2026-02-11T03:00:00Z"))

                // act
                let metrics = try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1", token: tokens.analyst)
                let csv = try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1&format=csv",
                                          token: tokens.analyst)
                let page = try await F.get(client, "/api/v1/reports/2026-Q1?format=html&lang=en", token: tokens.analyst)
                let export = try await F.get(client, "/api/v1/responses/export?form=sipas&period=2026-Q1&format=ndjson",
                                             token: tokens.analyst)
                return (metrics, csv, page, export, pausedAt)
            }
            try await Self.waitForReplay(of: database)
            let caughtUp = try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1", token: tokens.analyst)

            // validate: the replica's figures, without the response it has not replayed, dated
            // no later than the pause
            #expect(metrics.status == .ok)
            let json = F.json(metrics)
            #expect(json["readFrom"] as? String == "replica")
            #expect(json["respondents"] as? Int == 20, "the replica has not replayed the 21st")
            let asOf = try #require(Self.date(json["asOf"]))
            #expect(asOf <= pausedAt)
            #expect(csv.headers[AnalyticsResponse.dataReadFrom] == "replica")
            #expect(csv.headers[AnalyticsResponse.dataAsOf].flatMap { Self.date($0) } != nil)
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("(read from a replica of the database)"))
            #expect(export.status == .ok)
            #expect(export.headers[AnalyticsResponse.dataReadFrom] == "replica")
            #expect(String(buffer: export.body).split(separator: "\n").count == 20)
            // Once replayed, the 21st is counted.
            #expect(F.json(caughtUp)["respondents"] as? Int == 21)
            #expect(F.json(caughtUp)["readFrom"] as? String == "replica")
        }
    }

    @Test func aReplicaLaggingPastTheBoundFallsBackToThePrimaryAndIsCounted() async throws {
        try await TestApp.withApp(environment: ["DATABASE_READ_MAX_LAG": "1"],
                                  databaseEnvironment: Self.readingReplica) { client, database in
            // setup
            let tokens = try await F.prepare(database)
            try await F.storeResponses(database)
            try await Self.waitForReplay(of: database)
            let series = #"civicvoice_read_replica_fallbacks_total{reason="lagging"}"#
            let before = try await Self.counter(client, series)
            let response = try await Self.withReplayPaused {
                // The replica's last replayed commit is now fixed: past 1.5 s its lag exceeds the 1 s bound.
                try await Task.sleep(for: .milliseconds(1500))
                try await F.submit(database, unit: "LC.SVHTTDL.VP", value: 1, at: F.instant("2026-02-11T03:00:00Z"))

                // act
                return try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1", token: tokens.analyst)
            }
            let after = try await Self.counter(client, series)

            // validate: the primary's figures, the 21st included, and the fallback counted
            #expect(response.status == .ok)
            let json = F.json(response)
            #expect(json["readFrom"] as? String == "primary")
            #expect(json["respondents"] as? Int == 21)
            #expect(after >= before + 1)
        }
    }

    @Test func anUnreachableReplicaFallsBackToThePrimaryAndIsCounted() async throws {
        // Nothing listens on the discard port of the loopback: connections are refused at once.
        try await TestApp.withApp(environment: ["DATABASE_READ_URL": "postgres://postgres@127.0.0.1:9/none?sslmode=disable"]) {
            client, database in
            let tokens = try await F.prepare(database)
            try await F.storeResponses(database)
            let series = #"civicvoice_read_replica_fallbacks_total{reason="unavailable"}"#
            let before = try await Self.counter(client, series)

            let response = try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1", token: tokens.analyst)
            let dashboard = try await F.get(client, "/api/v1/reports/2026-Q1", token: tokens.analyst)

            #expect(response.status == .ok)
            #expect(F.json(response)["readFrom"] as? String == "primary")
            #expect(F.json(response)["respondents"] as? Int == 20)
            #expect(dashboard.status == .ok)
            #expect(try await Self.counter(client, series) >= before + 1)
        }
    }

    @Test func theGateReadsThePrimaryWhileTheReplicaLags() async throws {
        try await TestApp.withApp(databaseEnvironment: Self.readingReplica) { client, database in
            let tokens = try await F.prepare(database)
            try await Self.waitForReplay(of: database)
            let response = try await Self.withReplayPaused {
                _ = try await StaffFixtures.accounts(database).disable(login: F.analyst, by: StaffFixtures.cli,
                                                                       logger: TestDatabase.logger)
                return try await F.get(client, "/api/v1/metrics/satisfaction?period=2026-Q1", token: tokens.analyst)
            }
            #expect(response.status == .unauthorized, "a disabled account is refused at once, whatever the replica has")
        }
    }

    @Test func countsVerifyExactOnTheReplica() async throws {
        try await TestDatabase.withMigratedDatabase { database, url in
            try await TestApp.forms.synchronise(with: FormStore(database: database), logger: TestDatabase.logger)
            try await SampleUnits.importInto(database)
            try await F.storeResponses(database)
            _ = try await CountsCompactor(database: database, logger: TestDatabase.logger).compactAll(logger: TestDatabase.logger)
            try await F.submit(database, unit: "LC.STP", value: 3, at: F.instant("2026-03-01T03:00:00Z"))
            try await Self.waitForReplay(of: database)
            let replica = Database(url: try Self.replica(url), maximumConnections: 2, deadline: .seconds(30),
                                   logger: TestDatabase.logger)
            let (source, check) = try await replica.whileRunning {
                let source = await ReplicaRouter(primary: database, replica: replica).source(logger: TestDatabase.logger)
                return (source, try await AnalyticsStore(database: source.database).verifyCounts(logger: TestDatabase.logger))
            }
            #expect(source.place == .replica)
            #expect(check.isExact, "rollups plus queue equal a scan, on the replica: \(check.mismatches)")
            #expect(check.scannedResponses == 31)
        }
    }
}
