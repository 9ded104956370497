import CivicCore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The queue of background exports (Migrations/0027_export_jobs.sql), on the primary.
///
/// Any server runs any job: ``claim(owner:lease:keep:logger:)`` takes the oldest waiting one with
/// `FOR UPDATE SKIP LOCKED`, so servers claiming at once take different jobs and never wait on
/// each other, and holds it by a lease that the worker renews. A job whose lease ran out, because
/// its server was killed, is claimed again by another server under the next attempt number; every
/// write names its attempt, so a write from an earlier one (a server that was only slow) matches
/// no row and is refused, and the file never mixes two attempts.
///
/// No LISTEN/NOTIFY: workers poll, which also works through a transaction pooler.
public struct ExportJobStore: Sendable {
    public let database: Database
    /// A job is given up after this many attempts (servers that stopped while running it).
    public static let maximumAttempts = 3

    public init(database: Database) {
        self.database = database
    }

    /// What a staff member asks to export.
    public struct NewJob: Sendable {
        public let formID: String
        public let formVersion: Int?
        public let unitCode: String
        public let firstDay: CalendarDate
        public let lastDay: CalendarDate
        public let format: String
        public let language: String
        public let rowsExpected: Int?

        public init(formID: String, formVersion: Int?, unitCode: String, firstDay: CalendarDate, lastDay: CalendarDate,
                    format: String, language: String, rowsExpected: Int?) {
            self.formID = formID
            self.formVersion = formVersion
            self.unitCode = unitCode
            self.firstDay = firstDay
            self.lastDay = lastDay
            self.format = format
            self.language = language
            self.rowsExpected = rowsExpected
        }
    }

    /// A job a worker holds, and the attempt its writes must name.
    public struct Claim: Sendable {
        public let job: ExportJob
        public var attempt: Int { job.attempt }
    }

    /// Queues a job for the staff member `userID` and records the request in the audit log, in one
    /// transaction.
    public func create(_ new: NewJob, userID: Int64, login: String, logger: Logger) async throws -> ExportJob {
        let id = UUID()
        let actor = AuditLog.Actor.user(id: userID, login: login)
        return try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query("""
                INSERT INTO export_jobs
                    (id, requested_by, requested_login, form_id, form_version, unit_code, first_day, last_day, format,
                     language, rows_expected)
                VALUES (\(id), \(userID), \(login), \(new.formID), \(new.formVersion), \(new.unitCode),
                        \(new.firstDay.description)::date, \(new.lastDay.description)::date, \(new.format),
                        \(new.language), \(new.rowsExpected))
                RETURNING \(unescaped: ExportJob.columns)
                """, logger: logger)
            var job: ExportJob?
            for try await row in rows { job = try ExportJob(row) }
            try await AuditLog.append("exports.requested", objectType: "export", objectID: id.uuidString.lowercased(),
                                      details: ["form": .string(new.formID),
                                                "version": .string(new.formVersion.map(String.init) ?? "all"),
                                                "unit": .string(new.unitCode), "from": .string(new.firstDay.description),
                                                "to": .string(new.lastDay.description), "format": .string(new.format)],
                                      by: actor, on: connection, logger: logger)
            guard let job else { throw ExportJobStoreError.malformedRow(id) }
            return job
        }
    }

    public func job(id: UUID, logger: Logger) async throws -> ExportJob? {
        try await database.query("""
            SELECT \(unescaped: ExportJob.columns)
            FROM export_jobs
            WHERE id = \(id)
            """, logger: logger) { try ExportJob($0) }.first
    }

    /// The unit a job exports, for the gate's scope check; nil for no such job.
    public func unitCode(ofJob id: UUID, logger: Logger) async throws -> String? {
        try await database.query("""
            SELECT unit_code
            FROM export_jobs
            WHERE id = \(id)
            """, logger: logger) { try $0.decode(String.self) }.first
    }

    /// A user's newest jobs first.
    public func recent(requestedBy userID: Int64, limit: Int, logger: Logger) async throws -> [ExportJob] {
        try await database.query("""
            SELECT \(unescaped: ExportJob.columns)
            FROM export_jobs
            WHERE requested_by = \(userID)
            ORDER BY created_at DESC
            LIMIT \(limit)
            """, logger: logger) { try ExportJob($0) }
    }

    /// Takes the oldest job that is waiting, or whose lease ran out, for `owner` until `lease`
    /// from now; deletes what an earlier attempt wrote. A job already taken ``maximumAttempts``
    /// times is marked failed instead (and deleted after `keep`, as a failed job is).
    /// - Returns: nil when no job is to be had.
    public func claim(owner: String, lease: Duration, keep: Duration, logger: Logger) async throws -> Claim? {
        let givenUp = "the servers running it stopped \(Self.maximumAttempts) times"
        return try await database.withTransaction(logger: logger) { connection in
            try await connection.query("""
                WITH given_up AS (
                    UPDATE export_jobs
                    SET state = 'failed', finished_at = now(), lease_owner = NULL, lease_expires_at = NULL,
                        failure = \(givenUp), expires_at = now() + make_interval(secs => \(Self.seconds(keep)))
                    WHERE attempt >= \(Self.maximumAttempts)
                      AND (state = 'queued' OR (state = 'running' AND lease_expires_at < now()))
                    RETURNING id
                )
                DELETE FROM export_chunks
                WHERE job_id IN (SELECT id FROM given_up)
                """, logger: logger)
            let rows = try await connection.query("""
                UPDATE export_jobs
                SET state = 'running', attempt = attempt + 1, lease_owner = \(owner),
                    lease_expires_at = now() + make_interval(secs => \(Self.seconds(lease))),
                    rows_written = 0, bytes_written = 0, started_at = now()
                WHERE id = (
                    SELECT id
                    FROM export_jobs
                    WHERE state = 'queued' OR (state = 'running' AND lease_expires_at < now())
                    ORDER BY created_at
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED
                )
                RETURNING \(unescaped: ExportJob.columns)
                """, logger: logger)
            var job: ExportJob?
            for try await row in rows { job = try ExportJob(row) }
            guard let job else { return nil }
            try await connection.query("""
                DELETE FROM export_chunks
                WHERE job_id = \(job.id)
                """, logger: logger)
            return Claim(job: job)
        }
    }

    /// Stores the next chunk of the file, the rows written so far, and renews the lease, if the
    /// claim still holds.
    /// - Returns: false when the job was taken over (or deleted): the caller must stop.
    public func append(_ claim: Claim, chunk seq: Int, content: ByteBuffer, rowsWritten: Int, lease: Duration,
                       logger: Logger) async throws -> Bool {
        try await database.query("""
            WITH job AS (
                UPDATE export_jobs
                SET rows_written = \(rowsWritten), bytes_written = bytes_written + \(content.readableBytes),
                    lease_expires_at = now() + make_interval(secs => \(Self.seconds(lease)))
                WHERE id = \(claim.job.id) AND attempt = \(claim.attempt) AND state = 'running'
                RETURNING id
            )
            INSERT INTO export_chunks (job_id, seq, content)
            SELECT id, \(seq), \(content)
            FROM job
            RETURNING seq
            """, logger: logger) { try $0.decode(Int.self) }.count == 1
    }

    /// Renews the lease while a chunk takes long (a slow query start).
    /// - Returns: false when the claim no longer holds.
    public func renew(_ claim: Claim, lease: Duration, logger: Logger) async throws -> Bool {
        try await database.query("""
            UPDATE export_jobs
            SET lease_expires_at = now() + make_interval(secs => \(Self.seconds(lease)))
            WHERE id = \(claim.job.id) AND attempt = \(claim.attempt) AND state = 'running'
            RETURNING attempt
            """, logger: logger) { try $0.decode(Int.self) }.count == 1
    }

    /// Marks the job done: its file is kept for `keep`.
    /// - Returns: false when the claim no longer holds.
    public func finish(_ claim: Claim, rowsWritten: Int, keep: Duration, logger: Logger) async throws -> Bool {
        try await database.query("""
            UPDATE export_jobs
            SET state = 'done', rows_written = \(rowsWritten), finished_at = now(), lease_owner = NULL,
                lease_expires_at = NULL, expires_at = now() + make_interval(secs => \(Self.seconds(keep)))
            WHERE id = \(claim.job.id) AND attempt = \(claim.attempt) AND state = 'running'
            RETURNING attempt
            """, logger: logger) { try $0.decode(Int.self) }.count == 1
    }

    /// Marks the job failed with `reason` (no personal data), and deletes what it wrote.
    public func fail(_ claim: Claim, reason: String, keep: Duration, logger: Logger) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query("""
                UPDATE export_jobs
                SET state = 'failed', failure = \(reason), finished_at = now(), lease_owner = NULL,
                    lease_expires_at = NULL, expires_at = now() + make_interval(secs => \(Self.seconds(keep)))
                WHERE id = \(claim.job.id) AND attempt = \(claim.attempt) AND state = 'running'
                RETURNING id
                """, logger: logger)
            var held = false
            for try await _ in rows { held = true }
            if held {
                try await connection.query("""
                    DELETE FROM export_chunks
                    WHERE job_id = \(claim.job.id)
                    """, logger: logger)
            }
        }
    }

    /// Gives the job back to the queue (a server stopping gracefully), so another takes it at once
    /// rather than when the lease runs out.
    public func release(_ claim: Claim, logger: Logger) async throws {
        try await database.execute("""
            UPDATE export_jobs
            SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL
            WHERE id = \(claim.job.id) AND attempt = \(claim.attempt) AND state = 'running'
            """, logger: logger)
    }

    /// Deletes the jobs (and files) past their `expires_at`.
    /// - Returns: how many.
    @discardableResult
    public func deleteExpired(logger: Logger) async throws -> Int {
        try await database.query("""
            DELETE FROM export_jobs
            WHERE expires_at < now()
            RETURNING id
            """, logger: logger) { try $0.decode(UUID.self) }.count
    }

    /// How many chunks the file of job `id` has.
    public func chunkCount(of id: UUID, logger: Logger) async throws -> Int {
        try await database.query("""
            SELECT count(*)
            FROM export_chunks
            WHERE job_id = \(id)
            """, logger: logger) { try $0.decode(Int.self) }.first ?? 0
    }

    /// Chunk `seq` of job `id`'s file; nil once the file is gone (expired meanwhile).
    public func chunk(of id: UUID, seq: Int, logger: Logger) async throws -> ByteBuffer? {
        try await database.query("""
            SELECT content
            FROM export_chunks
            WHERE job_id = \(id) AND seq = \(seq)
            """, logger: logger) { try $0.decode(ByteBuffer.self) }.first
    }

    /// The file of a finished job, chunk after chunk, each read when the consumer asks for it by a
    /// query of its own: memory stays one chunk, and a slow download holds no pool connection.
    public func file(of id: UUID, logger: Logger) async throws -> ExportFile {
        ExportFile(store: self, jobID: id, chunks: try await chunkCount(of: id, logger: logger), logger: logger)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
