import CivicCore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Loads synthetic survey responses fast, for demonstrations and benchmarks (`civicvoice demo`).
///
/// Each batch is one transaction on one connection: `COPY responses FROM STDIN` (and its ids into
/// `response_ids`), then the batch's counts, summed per key in Swift (``DemoBatch``), added to the
/// six rollups with one `INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE` each. The responses never enter the
/// count queue, and the rollups gain exactly what the compactor would have added, in the same
/// commit, so reports stay exact during and after the load. The batch holds the compactor's
/// advisory lock while it writes the rollups (see ``CountsCompactor``).
///
/// The next batch is generated while the current one is written, so Swift and PostgreSQL work at
/// the same time.
public struct DemoLoader: Sendable {
    /// What the progress callback receives after each batch.
    public struct Progress: Sendable {
        public let loaded: Int
        public let total: Int
        public let elapsed: Duration
        /// The day of the last response written.
        public let day: CalendarDate?
    }

    public let database: Database

    /// - Parameter database: the pool; batches run with a deadline of their own (5 minutes).
    public init(database: Database) {
        self.database = database.with(deadline: .seconds(300))
    }

    /// Writes every batch of `plan`, calling `progress` after each.
    /// - Parameter batchSize: responses per transaction; 20,000 by default.
    /// - Returns: the number of responses written.
    @discardableResult
    public func load(_ plan: DemoPlan, batchSize: Int = 20_000, logger: Logger,
                     progress: @escaping @Sendable (Progress) -> Void = { _ in }) async throws -> Int {
        let clock = ContinuousClock()
        let started = clock.now
        let count = plan.batchCount(size: batchSize)
        guard count > 0 else { return 0 }
        // One partition per month loaded, as the server makes them ahead for live responses
        // (Migrations/0025): without them the past months would all go to the DEFAULT partition.
        try await database.execute("""
            SELECT create_response_partitions(\(plan.dayRange.lowerBound.startInVietnam),
                                              \(plan.dayRange.upperBound.startInVietnam))
            """, logger: logger)
        var loaded = 0
        var current = DemoBatch.generate(plan: plan, index: 0, size: batchSize)
        for index in 0..<count {
            async let next: DemoBatch? = index + 1 < count
                ? DemoBatch.generate(plan: plan, index: index + 1, size: batchSize) : nil
            try await write(current, logger: logger)
            loaded += current.responses
            progress(Progress(loaded: loaded, total: plan.total, elapsed: clock.now - started, day: current.lastDay))
            guard let following = await next else { break }
            current = following
        }
        return loaded
    }

    /// The unit register, as a plan needs it.
    public func units(logger: Logger) async throws -> [DemoPlan.Unit] {
        try await database.query("""
            SELECT id,
                   code,
                   kind,
                   to_char(effective_from, 'YYYY-MM-DD'),
                   to_char(effective_to, 'YYYY-MM-DD')
            FROM units
            ORDER BY code
            """, logger: logger) { row in
            let (id, code, kind, from, to) = try row.decode((Int64, String, String, String, String?).self)
            guard let start = CalendarDate(from) else { throw StoreError.unavailable("unreadable date \(from)") }
            return DemoPlan.Unit(id: id, code: code, kind: kind, effectiveFrom: start,
                                 effectiveTo: to.flatMap(CalendarDate.init))
        }
    }

    /// The responses each unit received in each month, from the rollups: what the demo's dossier
    /// statistics are made to agree with (``DemoDossiers``).
    public func responsesByUnitAndMonth(logger: Logger) async throws -> [DemoDossiers.Month] {
        try await database.query("""
            SELECT u.code,
                   to_char(d.day, 'YYYY-MM') AS month,
                   sum(d.responses)::int8
            FROM response_daily d
            JOIN units u ON u.id = d.unit_id
            GROUP BY u.code, month
            ORDER BY u.code, month
            """, logger: logger) { row in
            let (code, month, responses) = try row.decode((String, String, Int).self)
            guard let parsed = YearMonth(month) else { throw StoreError.unavailable("unreadable month \(month)") }
            return DemoDossiers.Month(unitCode: code, month: parsed, responses: responses)
        }
    }

    /// Refreshes the planner's statistics of the tables a load fills (the reports' plans depend on them).
    public func analyze(logger: Logger) async throws {
        for table in ["responses", "response_ids", "satisfaction_daily", "satisfaction_halfmonthly", "response_daily",
                      "response_halfmonthly", "summary_daily", "summary_halfmonthly", "units", "unit_successions",
                      "form_questions", "dossier_statistics"] {
            try await database.execute("ANALYZE \(unescaped: table)", logger: logger)
        }
    }

    /// What starts the content digest of every demo response; a submitted response's digest is bare hex.
    public static let digestPrefix: StaticString = "demo-"

    /// `--truncate` on a database that holds responses citizens sent.
    public struct RealResponses: Error, CustomStringConvertible {
        public let count: Int
        public var description: String {
            "the database holds \(count) response(s) that the demo did not load: --truncate deletes only demo data; "
                + "load the demo into a database of its own"
        }
    }

    /// Deletes every response and every count (`--truncate`): for a demo database only. Refuses,
    /// deleting nothing, when one response was not loaded by the demo (its digest is not marked).
    /// - Throws: ``RealResponses``.
    public func truncate(logger: Logger) async throws {
        let marker = "\(Self.digestPrefix)%"
        try await database.withTransaction(logger: logger) { connection in
            // Nothing may be submitted between the count and the TRUNCATE.
            try await connection.query("LOCK TABLE responses IN SHARE MODE", logger: logger)
            // response_ids too: it keeps the ids of responses whose month was dropped.
            let rows = try await connection.query("""
                SELECT (SELECT count(*) FROM responses WHERE content_digest NOT LIKE \(marker))
                       + (SELECT count(*) FROM response_ids WHERE content_digest NOT LIKE \(marker))
                """, logger: logger)
            var real = 0
            for try await count in rows.decode(Int.self) { real = count }
            guard real == 0 else { throw RealResponses(count: real) }
            try await connection.query("""
                TRUNCATE responses, response_ids, response_count_queue, dossier_ratings, satisfaction_daily,
                         satisfaction_halfmonthly, response_daily, response_halfmonthly, summary_daily, summary_halfmonthly
                """, logger: logger)
        }
    }

    /// One batch, in one transaction.
    func write(_ batch: DemoBatch, logger: Logger) async throws {
        try await database.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(CountsCompactor.lockKey))", logger: logger)
            try await connection.copyFrom(table: "responses", columns: DemoBatch.copyColumns, logger: logger) { writer in
                try await writer.write(batch.copyText)
            }
            try await connection.copyFrom(table: "response_ids", columns: DemoBatch.idColumns, logger: logger) { writer in
                try await writer.write(batch.idsText)
            }
            let daily = batch.daily
            try await connection.query("""
                INSERT INTO satisfaction_daily AS t
                    (day, unit_id, form_id, form_version, question_id, language, channel, satisfied, answered)
                SELECT x.day::date, NULLIF(x.unit_id, 0), x.form_id, x.form_version, x.question_id, x.language,
                       x.channel, x.satisfied, x.answered
                FROM unnest(\(daily.day)::text[], \(daily.unit)::int8[], \(daily.form)::text[], \(daily.version)::int4[],
                            \(daily.question)::text[], \(daily.language)::text[], \(daily.channel)::text[],
                            \(daily.satisfied)::int8[], \(daily.answered)::int8[])
                     AS x (day, unit_id, form_id, form_version, question_id, language, channel, satisfied, answered)
                ON CONFLICT ON CONSTRAINT satisfaction_daily_key DO UPDATE
                SET satisfied = t.satisfied + excluded.satisfied,
                    answered = t.answered + excluded.answered
                """, logger: logger)
            let halves = batch.halves
            try await connection.query("""
                INSERT INTO satisfaction_halfmonthly AS t
                    (half_start, unit_id, form_id, form_version, question_id, satisfied, answered)
                SELECT x.half_start::date, NULLIF(x.unit_id, 0), x.form_id, x.form_version, x.question_id,
                       x.satisfied, x.answered
                FROM unnest(\(halves.day)::text[], \(halves.unit)::int8[], \(halves.form)::text[],
                            \(halves.version)::int4[], \(halves.question)::text[], \(halves.satisfied)::int8[],
                            \(halves.answered)::int8[])
                     AS x (half_start, unit_id, form_id, form_version, question_id, satisfied, answered)
                ON CONFLICT ON CONSTRAINT satisfaction_halfmonthly_key DO UPDATE
                SET satisfied = t.satisfied + excluded.satisfied,
                    answered = t.answered + excluded.answered
                """, logger: logger)
            try await writeResponses(batch.responseDays, table: "response_daily", column: "day",
                                     on: connection, logger: logger)
            try await writeResponses(batch.responseHalves, table: "response_halfmonthly", column: "half_start",
                                     on: connection, logger: logger)
            try await writeSummaries(batch.summaryDays, table: "summary_daily", column: "day",
                                     on: connection, logger: logger)
            try await writeSummaries(batch.summaryHalves, table: "summary_halfmonthly", column: "half_start",
                                     on: connection, logger: logger)
        }
    }

    /// Adds `rows` to a response rollup (Migrations/0004, 0015). The table and column names are
    /// this type's own constants; every value is bound.
    private func writeResponses(_ rows: DemoBatch.ResponseRows, table: String, column: String,
                                on connection: PostgresConnection, logger: Logger) async throws {
        let names = CountsCompactor.responseCounts
        try await connection.query("""
            INSERT INTO \(unescaped: table) AS t
                (\(unescaped: column), unit_id, form_id, form_version, language, channel, responses,
                 \(unescaped: CountsCompactor.responseCountList))
            SELECT x.bucket::date, NULLIF(x.unit_id, 0), x.form_id, x.form_version, x.language, x.channel, x.responses,
                   \(unescaped: Self.flatColumns(names.count))
            FROM unnest(\(rows.day)::text[], \(rows.unit)::int8[], \(rows.form)::text[], \(rows.version)::int4[],
                        \(rows.language)::text[], \(rows.channel)::text[], \(rows.responses)::int8[])
                 WITH ORDINALITY AS x (bucket, unit_id, form_id, form_version, language, channel, responses, n)
            CROSS JOIN (SELECT \(Self.rowMajor(rows.counts))::int8[] AS v) f
            ON CONFLICT ON CONSTRAINT \(unescaped: table)_key DO UPDATE
            SET \(unescaped: CountsCompactor.responseIncrements)
            """, logger: logger)
    }

    /// Adds `rows` to a summary rollup (Migrations/0005, 0015). The table and column names are this
    /// type's own constants; every value is bound.
    private func writeSummaries(_ rows: DemoBatch.SummaryRows, table: String, column: String,
                                on connection: PostgresConnection, logger: Logger) async throws {
        let names = CountsCompactor.summaryCounts
        try await connection.query("""
            INSERT INTO \(unescaped: table) AS t
                (\(unescaped: column), \(unescaped: CountsCompactor.summaryKeyAndCounts))
            SELECT x.bucket::date, NULLIF(x.unit_id, 0), x.form_id, x.form_version, x.responses,
                   \(unescaped: Self.flatColumns(names.count))
            FROM unnest(\(rows.day)::text[], \(rows.unit)::int8[], \(rows.form)::text[], \(rows.version)::int4[],
                        \(rows.responses)::int8[])
                 WITH ORDINALITY AS x (bucket, unit_id, form_id, form_version, responses, n)
            CROSS JOIN (SELECT \(Self.rowMajor(rows.counts))::int8[] AS v) f
            ON CONFLICT ON CONSTRAINT \(unescaped: table)_key DO UPDATE
            SET \(unescaped: CountsCompactor.summaryIncrements)
            """, logger: logger)
    }

    /// `columns` (each one array of every row's value) as one array, row after row, so that any
    /// number of count columns binds as one parameter.
    static func rowMajor(_ columns: [[Int]]) -> [Int] {
        let rows = columns.first?.count ?? 0
        var flat: [Int] = []
        flat.reserveCapacity(rows * columns.count)
        for row in 0..<rows {
            for column in columns { flat.append(column[row]) }
        }
        return flat
    }

    /// `f.v[(x.n - 1) * width + 1], …, f.v[(x.n - 1) * width + width]`: row `x.n`'s counts out of
    /// ``rowMajor(_:)``.
    static func flatColumns(_ width: Int) -> String {
        (1...width).map { "f.v[(x.n - 1) * \(width) + \($0)]" }.joined(separator: ", ")
    }
}
