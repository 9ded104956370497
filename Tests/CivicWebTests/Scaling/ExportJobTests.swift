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

/// Background exports: the queue in PostgreSQL, its workers and the API.
@Suite(.timeLimit(.minutes(3)))
struct ExportJobTests {
    typealias F = AnalyticsWebFixtures

    static func post(_ client: some TestClientProtocol, _ uri: String, token: String, json: String,
                     contentType: String = "application/json") async throws -> TestResponse {
        var headers = StaffFixtures.bearer(token)
        headers[.contentType] = contentType
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json))
    }

    /// Waits until a worker has finished job `id` (bounded: a job not finished after 600 looks,
    /// a minute at least, fails the test).
    static func finished(_ id: UUID, in database: Database) async throws -> ExportJob {
        for _ in 0..<600 {
            if let job = try await ExportJobStore(database: database).job(id: id, logger: TestDatabase.logger),
               job.state == .done || job.state == .failed {
                return job
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("export \(id) did not finish")
        throw CancellationError()
    }

    static func newJob(_ database: Database, unit: String = F.grantUnit, format: String = "csv") async throws -> ExportJob {
        let analyst = try #require(try await UserStore(database: database).user(login: F.analyst, logger: TestDatabase.logger))
        return try await ExportJobStore(database: database).create(
            .init(formID: "sipas", formVersion: nil, unitCode: unit, firstDay: CalendarDate("2026-01-01")!,
                  lastDay: CalendarDate("2026-03-31")!, format: format, language: "vi", rowsExpected: 20),
            userID: analyst.id, login: analyst.login, logger: TestDatabase.logger)
    }

    /// How many rows the queue's two tables and the audit log hold.
    static func count(_ table: Table, _ database: Database) async throws -> Int {
        let query: PostgresQuery = switch table {
        case .jobs: """
            SELECT count(*)
            FROM export_jobs
            """
        case .chunks: """
            SELECT count(*)
            FROM export_chunks
            """
        case .audit: """
            SELECT count(*)
            FROM audit_log
            """
        }
        return try await database.query(query, logger: TestDatabase.logger) { try $0.decode(Int.self) }[0]
    }

    enum Table { case jobs, chunks, audit }

    static func service(_ database: Database) -> AnalyticsService {
        AnalyticsService(reads: ReplicaRouter(primary: database, replica: nil), registry: TestApp.forms,
                         defaultConvention: .calendar, clock: .system)
    }

    @Test func theAPIQueuesAnExportThatAWorkerRunsAndTheFileIsServed() async throws {
        try await TestApp.withApp(environment: ["EXPORT_KEEP_HOURS": "2"]) { client, database in
            // setup
            let tokens = try await F.prepare(database)
            try await F.storeResponses(database)

            // act
            let created = try await Self.post(client, "/api/v1/exports?unit=LC.SVHTTDL", token: tokens.analyst,
                                              json: #"{"form": "sipas", "period": "2026-Q1", "format": "ndjson"}"#)
            let id = try #require(UUID(uuidString: F.json(created)["id"] as? String ?? ""))
            let path = "/api/v1/exports/\(id.uuidString.lowercased())"
            let job = try await Self.finished(id, in: database)
            let status = try await F.get(client, path, token: tokens.analyst)
            let file = try await F.get(client, path + "/file", token: tokens.analyst)
            let outOfScope = try await F.get(client, path, token: try await StaffFixtures.token(database, F.twoGrants))

            // validate
            #expect(created.status == .accepted)
            #expect(created.headers[.location] == path)
            #expect(F.json(created)["state"] as? String == "queued")
            #expect(F.json(created)["rowsExpected"] as? Int == 20)
            #expect(job.state == .done, "\(job.failure ?? "")")
            let document = F.json(status)
            #expect(document["state"] as? String == "done")
            #expect(document["rowsWritten"] as? Int == 20)
            #expect(document["progress"] as? Double == 1)
            #expect(document["attempt"] as? Int == 1)
            #expect(document["file"] as? String == path + "/file")
            let kept = try #require(job.expiresAt.flatMap { expires in job.finishedAt.map { expires.timeIntervalSince($0) } })
            #expect(abs(kept - 7200) < 1, "EXPORT_KEEP_HOURS=2 keeps the file two hours")
            #expect(file.status == .ok)
            #expect(file.headers[.contentType] == "application/x-ndjson; charset=utf-8")
            #expect(file.headers[.contentDisposition]?.contains("responses-sipas-LC.SVHTTDL-2026-01-01-2026-03-31.ndjson") == true)
            let lines = String(buffer: file.body).split(separator: "\n")
            #expect(lines.count == 20)
            #expect(lines.allSatisfy { $0.hasPrefix("{\"id\":") })
            // The analyst with a grant on LC.SVHTTDL as well as LC.STP may read it too; an account
            // with no grant reaching the job's unit may not (the authorisation matrix covers that).
            #expect(outOfScope.status == .ok)
            let actions = try await AuditLog(database: database).search(.init(), logger: TestDatabase.logger).map(\.action)
            #expect(actions.contains("exports.requested"))
            #expect(actions.contains("responses.export"))
            #expect(actions.contains("exports.downloaded"))
        }
    }

    @Test func badRequestsAreNamedAndQueueNothing() async throws {
        try await TestApp.withApp { client, database in
            // setup
            let tokens = try await F.prepare(database)
            let auditBefore = try await Self.count(.audit, database)
            let uri = "/api/v1/exports?unit=LC.SVHTTDL"

            // act
            let noForm = try await Self.post(client, uri, token: tokens.analyst, json: #"{"period": "2026-Q1"}"#)
            let unknownForm = try await Self.post(client, uri, token: tokens.analyst, json: #"{"form": "nope"}"#)
            let badVersion = try await Self.post(client, uri, token: tokens.analyst, json: #"{"form": "sipas", "version": 99}"#)
            let unitInBody = try await Self.post(client, uri, token: tokens.analyst, json: #"{"form": "sipas", "unit": "LC"}"#)
            let badFormat = try await Self.post(client, uri, token: tokens.analyst, json: #"{"form": "sipas", "format": "xlsx"}"#)
            let badPeriod = try await Self.post(client, uri, token: tokens.analyst, json: #"{"form": "sipas", "period": "2026-Q9"}"#)
            let unknownField = try await Self.post(client, uri, token: tokens.analyst, json: #"{"form": "sipas", "perod": "2026"}"#)
            let nested = try await Self.post(client, uri, token: tokens.analyst, json: #"{"form": ["sipas"]}"#)
            let notJSON = try await Self.post(client, uri, token: tokens.analyst, json: "{form=sipas")
            let notAnObject = try await Self.post(client, uri, token: tokens.analyst, json: "[1]")
            let wrongType = try await Self.post(client, uri, token: tokens.analyst, json: "form=sipas",
                                                contentType: "application/x-www-form-urlencoded")
            let tooLarge = try await Self.post(client, uri, token: tokens.analyst,
                                               json: #"{"form": ""# + String(repeating: "x", count: 20_000) + #""}"#)
            let unknownUnit = try await Self.post(client, "/api/v1/exports?unit=NOPE", token: tokens.analyst,
                                                  json: #"{"form": "sipas"}"#)
            let unknownJob = try await F.get(client, "/api/v1/exports/\(UUID().uuidString.lowercased())", token: tokens.analyst)
            let notAnID = try await F.get(client, "/api/v1/exports/not-a-uuid/file", token: tokens.analyst)

            // validate
            #expect(noForm.status == .unprocessableContent)
            #expect(unknownForm.status == .unprocessableContent)
            #expect(badVersion.status == .unprocessableContent)
            #expect(unitInBody.status == .badRequest)
            #expect(badFormat.status == .badRequest)
            #expect(badPeriod.status == .unprocessableContent)
            #expect(unknownField.status == .badRequest)
            #expect(nested.status == .badRequest)
            #expect(notJSON.status == .badRequest)
            #expect(notAnObject.status == .unprocessableContent)
            #expect(wrongType.status == .unsupportedMediaType)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(unknownUnit.status == .unprocessableContent)
            #expect(unknownJob.status == .notFound)
            #expect(notAnID.status == .notFound)
            let all = [noForm, unknownForm, badVersion, unitInBody, badFormat, badPeriod, unknownField, nested, notJSON,
                       notAnObject, wrongType, tooLarge, unknownUnit, unknownJob, notAnID]
            for response in all {
                #expect(response.headers[.contentType] == "application/problem+json", "\(response.status)")
                #expect(response.status.code < 500)
            }
            #expect(F.json(noForm)["parameter"] as? String == "form")
            #expect(try await Self.count(.jobs, database) == 0)
            #expect(try await Self.count(.audit, database) == auditBefore, "a refused request records nothing")
        }
    }

    @Test func aKilledServersJobIsTakenOverAndItsLateWritesAreRefused() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // setup: a job claimed by a server that then died half way (one chunk written)
            _ = try await F.prepare(database)
            try await TestApp.forms.synchronise(with: FormStore(database: database), logger: TestDatabase.logger)
            try await F.storeResponses(database)
            let store = ExportJobStore(database: database)
            let job = try await Self.newJob(database)
            let dead = try #require(try await store.claim(owner: "dead", lease: .seconds(30), keep: .seconds(3600),
                                                          logger: TestDatabase.logger))
            #expect(try await store.append(dead, chunk: 0, content: ByteBuffer(string: "partial"), rowsWritten: 5,
                                           lease: .seconds(30), logger: TestDatabase.logger))
            #expect(try await store.claim(owner: "alive", lease: .seconds(30), keep: .seconds(3600),
                                          logger: TestDatabase.logger) == nil,
                    "a job under a live lease is nobody else's")
            // Its lease runs out (as 30 s without renewal would).
            try await database.execute("""
                UPDATE export_jobs
                SET lease_expires_at = now() - interval '1 second'
                WHERE id = \(job.id)
                """, logger: TestDatabase.logger)

            // act: another server takes it over and runs it; the dead one's late writes come after
            let alive = try #require(try await store.claim(owner: "alive", lease: .seconds(30), keep: .seconds(3600),
                                                           logger: TestDatabase.logger))
            let worker = ExportWorker(jobs: store, service: Self.service(database), audit: AuditLog(database: database),
                                      keep: .seconds(3600), logger: TestDatabase.logger)
            await worker.perform(alive)
            let lateChunk = try await store.append(dead, chunk: 1, content: ByteBuffer(string: "late"), rowsWritten: 9,
                                                   lease: .seconds(30), logger: TestDatabase.logger)
            let lateRenew = try await store.renew(dead, lease: .seconds(30), logger: TestDatabase.logger)
            let lateFinish = try await store.finish(dead, rowsWritten: 9, keep: .seconds(60), logger: TestDatabase.logger)
            try await store.fail(dead, reason: "late", keep: .seconds(60), logger: TestDatabase.logger)
            try await store.release(dead, logger: TestDatabase.logger)

            // validate
            #expect(alive.job.id == job.id && alive.attempt == 2)
            #expect(!lateChunk && !lateRenew && !lateFinish)
            let done = try #require(try await store.job(id: job.id, logger: TestDatabase.logger))
            #expect(done.state == .done, "the dead attempt's fail and release changed nothing")
            #expect(done.failure == nil)
            #expect(done.rowsWritten == 20)
            var file = ""
            for try await chunk in try await store.file(of: job.id, logger: TestDatabase.logger) { file += String(buffer: chunk) }
            #expect(!file.contains("partial") && !file.contains("late"), "nothing of the dead attempt is in the file")
            #expect(file.hasPrefix("\u{FEFF}"))
            #expect(file.split(separator: "\r\n").count == 21, "the header and 20 rows")
        }
    }

    @Test func aJobGivenBackAtShutdownIsTakenAtOnceByAnotherServer() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            _ = try await F.prepare(database)
            let store = ExportJobStore(database: database)
            let job = try await Self.newJob(database)
            let stopping = try #require(try await store.claim(owner: "stopping", lease: .seconds(600), keep: .seconds(60),
                                                              logger: TestDatabase.logger))
            try await store.release(stopping, logger: TestDatabase.logger)
            let next = try await store.claim(owner: "next", lease: .seconds(30), keep: .seconds(60), logger: TestDatabase.logger)
            #expect(next?.job.id == job.id, "no wait for the lease to run out")
            #expect(next?.attempt == 2)
        }
    }

    @Test func serversClaimingAtOnceTakeDifferentJobsAndGiveUpAfterThreeAttempts() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            _ = try await F.prepare(database)
            let store = ExportJobStore(database: database)
            var created: [UUID] = []
            for _ in 0..<4 { created.append(try await Self.newJob(database).id) }
            // Eight servers claim at once, twice over: four jobs, each taken by exactly one.
            let claims = try await withThrowingTaskGroup(of: UUID?.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await store.claim(owner: "server-\(index)", lease: .seconds(30), keep: .seconds(60),
                                              logger: TestDatabase.logger)?.job.id
                    }
                }
                return try await group.reduce(into: [UUID]()) { if let id = $1 { $0.append(id) } }
            }
            #expect(claims.count == 4, "\(claims)")
            #expect(Set(claims) == Set(created), "each job to one server, the others get none")

            // A job whose servers die three times is given up, its partial file deleted.
            let first = created[0]
            for _ in 0..<3 {
                try await database.execute("""
                    UPDATE export_jobs
                    SET lease_expires_at = now() - interval '1 second'
                    WHERE id = \(first)
                    """, logger: TestDatabase.logger)
                _ = try await store.claim(owner: "again", lease: .seconds(30), keep: .seconds(60), logger: TestDatabase.logger)
            }
            let givenUp = try #require(try await store.job(id: first, logger: TestDatabase.logger))
            #expect(givenUp.state == .failed)
            #expect(givenUp.attempt == 3)
            #expect(givenUp.failure == "the servers running it stopped 3 times")
            #expect(givenUp.expiresAt != nil, "a failed job is deleted in time too")
        }
    }

    @Test func anExpiredExportIsDeletedWithItsFile() async throws {
        try await TestApp.withApp { client, database in
            // setup: a finished export
            let tokens = try await F.prepare(database)
            try await F.storeResponses(database)
            let created = try await Self.post(client, "/api/v1/exports?unit=LC.SVHTTDL", token: tokens.analyst,
                                              json: #"{"form": "sipas", "period": "2026-Q1"}"#)
            let id = try #require(UUID(uuidString: F.json(created)["id"] as? String ?? ""))
            let path = "/api/v1/exports/\(id.uuidString.lowercased())"
            #expect(try await Self.finished(id, in: database).state == .done)
            let kept = try await ExportJobStore(database: database).deleteExpired(logger: TestDatabase.logger)
            let before = try await F.get(client, path + "/file", token: tokens.analyst)

            // act: its time runs out (as EXPORT_KEEP_HOURS would), and the clean-up runs
            try await database.execute("""
                UPDATE export_jobs
                SET expires_at = now() - interval '1 second'
                WHERE id = \(id)
                """, logger: TestDatabase.logger)
            let deleted = try await ExportJobStore(database: database).deleteExpired(logger: TestDatabase.logger)
            let status = try await F.get(client, path, token: tokens.analyst)
            let file = try await F.get(client, path + "/file", token: tokens.analyst)

            // validate
            #expect(kept == 0, "a file within its time is kept")
            #expect(before.status == .ok)
            #expect(deleted == 1)
            #expect(status.status == .notFound)
            #expect(file.status == .notFound)
            #expect(try await Self.count(.chunks, database) == 0)
        }
    }
}
