import CivicCore
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// Moves queued responses into the satisfaction, response and summary rollups, so that
/// reports read a few rollup rows instead of scanning responses.
///
/// The submission path only appends to `response_count_queue` (``ResponseStore/insert(_:logger:)``);
/// this service, every ``interval``, deletes a batch of ids from the queue and adds their answers to
/// the six rollups (Migrations/0004, 0005, 0015, 0026), in one statement inside one transaction: an id leaves
/// the queue in the same commit that counts it, so a report (rollups plus queue, one snapshot) never counts a response
/// twice or misses it. The upserts touch one row per key (day, unit, form version, question,
/// language, channel) per batch, whatever the number of responses in it: this is where the hot rows
/// were moved to, away from the citizens' requests.
///
/// Several servers may run it: each batch takes a transaction-level advisory lock (``lockKey``) with
/// `pg_try_advisory_xact_lock`, so one compacts while the others skip the round. The demo loader
/// takes the same lock while it adds to the rollups.
public struct CountsCompactor: Service {
    /// "cvcounts" in ASCII, to be recognisable in pg_locks.
    public static let lockKey: Int64 = 0x6376_636F_756E_7473

    /// The pool, with a deadline long enough for a full batch.
    public let database: Database
    /// The pause between rounds when the queue is empty.
    public let interval: Duration
    /// Responses moved per transaction: bounds the time a batch holds its row locks.
    public let batchSize: Int
    let logger: Logger
    /// Awaited before the first round: the server's start-up migrations, which must not meet a
    /// batch holding the compactor's lock on the tables they change (a deadlock, seen in tests).
    let startsAfter: (@Sendable () async -> Void)?

    /// - Parameters:
    ///   - database: the pool; the compactor uses it with a deadline of its own (30 s).
    ///   - interval: the pause between rounds; 1 s by default.
    ///   - batchSize: responses per transaction; 10,000 by default.
    ///   - startsAfter: returns when the first round may start (nil: at once).
    public init(database: Database, interval: Duration = .seconds(1), batchSize: Int = 10_000, logger: Logger,
                startsAfter: (@Sendable () async -> Void)? = nil) {
        self.database = database.with(deadline: .seconds(30))
        self.interval = interval
        self.batchSize = batchSize
        self.logger = logger
        self.startsAfter = startsAfter
    }

    /// Compacts every ``interval`` until graceful shutdown or cancellation. A failed round is logged
    /// and retried next round (the queue keeps everything until a round commits).
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await startsAfter?()
            var movedSinceVacuum = 0
            while !Task.isCancelled {
                do {
                    movedSinceVacuum += try await compactAll(logger: logger, waitingForLock: false)
                    // Every queued row is deleted within seconds; vacuum the queue now and then so
                    // that the reports' scan of it stays short between autovacuum rounds.
                    if movedSinceVacuum >= 100_000 {
                        try await vacuumQueue(logger: logger)
                        movedSinceVacuum = 0
                    }
                } catch is CancellationError {
                    return
                } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42P01" {
                    // undefined_table: the server started before `civicvoice migrate` added the
                    // queue; there is nothing to count until it does.
                    logger.debug("counts compaction waits for migrations 0004 and 0005")
                } catch {
                    logger.warning("counts compaction failed; retrying next round",
                                   metadata: ["error": "\(StoreError.logDescription(error))"])
                }
                // Cancelled at graceful shutdown: end the loop and return, not throw, or the
                // service group takes the CancellationError for a failure and `serve` exits 1.
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Moves batches until the queue is empty.
    /// - Parameter waitingForLock: true (the default: `analytics compact`, tests) waits for another
    ///   compactor's batch to commit and then drains the queue; false (the service's rounds) stops
    ///   at once when another compactor holds the lock, which will do the work. Waiting matters even
    ///   on one server: a batch of a cancelled round may still be committing on its connection.
    /// - Returns: the number of responses moved.
    @discardableResult
    public func compactAll(logger: Logger, waitingForLock: Bool = true) async throws -> Int {
        var total = 0
        while true {
            guard let batch = try await compactBatch(logger: logger, waitingForLock: waitingForLock) else {
                return total
            }
            total += batch.moved
            // A batch short of full emptied its month: go on only if another month waits, so that a
            // round under a steady trickle still gathers a second's worth per batch.
            if batch.moved < batchSize && !batch.otherMonthsQueued { return total }
        }
    }

    /// Moves at most ``batchSize`` queued responses into the rollups, in one transaction.
    /// - Returns: the number moved, or nil when another compactor (or the demo loader) holds the lock
    ///   and `waitingForLock` is false.
    public func compactOnce(logger: Logger, waitingForLock: Bool = false) async throws -> Int? {
        try await compactBatch(logger: logger, waitingForLock: waitingForLock)?.moved
    }

    /// What one batch did.
    struct Batch: Sendable {
        let moved: Int
        /// Responses of other months were queued beside the batch's month.
        let otherMonthsQueued: Bool
    }

    /// One batch of one month: the month of the oldest queued response (Vietnamese calendar, as
    /// the partitions of `responses` are cut, Migrations/0025). Bounding every look-up of the batch
    /// by that month's instants lets PostgreSQL read one partition, not every month's index.
    func compactBatch(logger: Logger, waitingForLock: Bool) async throws -> Batch? {
        let batchSize = batchSize
        return try await database.withTransaction(logger: logger) { connection in
            var locked = false
            let lock: PostgresQuery = waitingForLock
                ? "SELECT true FROM pg_advisory_xact_lock(\(Self.lockKey))"
                : "SELECT pg_try_advisory_xact_lock(\(Self.lockKey))"
            for try await value in try await connection.query(lock, logger: logger).decode(Bool.self) {
                locked = value
            }
            guard locked else { return nil }
            var window: (lower: Date, upper: Date, othersQueued: Bool)?
            for try await row in try await connection.query("""
                SELECT response_month_start(min(submitted_at), 0),
                       response_month_start(min(submitted_at), 1),
                       response_month_start(max(submitted_at), 0) <> response_month_start(min(submitted_at), 0)
                FROM response_count_queue
                HAVING count(*) > 0
                """, logger: logger).decode((Date, Date, Bool).self) {
                window = (lower: row.0, upper: row.1, othersQueued: row.2)
            }
            guard let window else { return Batch(moved: 0, otherMonthsQueued: false) }
            // The batch's few thousand ids meet tens of thousands of answers, but PostgreSQL
            // estimates `= ANY (ARRAY (SELECT ...))` at ten rows and may pick nested loops of index
            // probes: hashing is cheaper at every batch size the compactor takes. With this and
            // the half-months summed from the days, PostgreSQL's time per compacted response under
            // the bench's submission load went from 205-284 µs to 136-175 µs (pg_stat_statements,
            // three alternated rounds). LOCAL: for this transaction only.
            try await connection.query("SET LOCAL enable_nestloop = off", logger: logger)
            var moved = 0
            let query = Self.compactionQuery(batchSize: batchSize, from: window.lower, to: window.upper)
            for try await count in try await connection.query(query, logger: logger).decode(Int.self) {
                moved = count
            }
            if moved > 0 {
                logger.debug("counts compacted", metadata: ["responses": "\(moved)"])
            }
            return Batch(moved: moved, otherMonthsQueued: window.othersQueued)
        }
    }

    /// `VACUUM response_count_queue`, outside any transaction: frees the dead rows that every
    /// compaction leaves, so that the reports' scan of the queue stays short.
    public func vacuumQueue(logger: Logger) async throws {
        try await database.execute("VACUUM response_count_queue", logger: logger)
    }

    /// One batch: delete ids submitted in `from ..< to` from the queue and add their scored answers
    /// (`scored_answers`) to the per-question rollups and their per-response counts
    /// (`response_summaries`) to the response and summary rollups. Grouping makes one upsert per
    /// key, so no row is touched twice in the statement. A queued id whose response is gone counts
    /// nothing. The bounds are values, known when the statement is planned, so the partitions of
    /// other months are pruned from the plan (CountsPartitionTests reads it with EXPLAIN).
    static func compactionQuery(batchSize: Int, from lower: Date, to upper: Date) -> PostgresQuery {
        """
        WITH moved AS (
            DELETE FROM response_count_queue
            WHERE ctid = ANY (ARRAY (SELECT ctid
                                     FROM response_count_queue
                                     WHERE submitted_at >= \(lower) AND submitted_at < \(upper)
                                     LIMIT \(batchSize)))
            RETURNING response_id
        ), moved_answers AS (
            SELECT s.response_id, s.day, s.unit_id, s.form_id, s.form_version, s.question_id, s.language, s.channel,
                   s.satisfied, s.element
            FROM scored_answers s
            WHERE s.response_id = ANY (ARRAY (SELECT response_id FROM moved))
              AND s.submitted_at >= \(lower) AND s.submitted_at < \(upper)
        ), moved_responses AS (
            -- The sums of `response_summaries`, taken from the answers scored above so that each
            -- answer's JSON is read once per batch (verifyCounts compares the two definitions).
            SELECT (x.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day,
                   x.unit_id,
                   x.form_id,
                   x.form_version,
                   x.language,
                   x.channel,
                   \(unescaped: Self.perResponseColumns(satisfied: { "COALESCE(a.\($0)satisfied, 0)" },
                                                          answered: { "COALESCE(a.\($0)answered, 0)" })),
                   (x.dossier_code IS NOT NULL)::integer::int8 AS dossiers,
                   (x.dossier_code IS NOT NULL AND COALESCE(a.overall_dissatisfied, false))::integer::int8
                       AS dossiers_dissatisfied
            FROM responses x
            LEFT JOIN (
                SELECT response_id,
                       count(*) FILTER (WHERE satisfied) AS satisfied,
                       count(*) AS answered,
                       \(unescaped: Self.elementCounts),
                       bool_or(element IS NULL AND NOT satisfied) AS overall_dissatisfied
                FROM moved_answers
                GROUP BY response_id
            ) a ON a.response_id = x.id
            WHERE x.id = ANY (ARRAY (SELECT response_id FROM moved))
              AND x.submitted_at >= \(lower) AND x.submitted_at < \(upper)
        ), answer_days AS (
            -- The answers' counts per daily key, once: the half-months are summed from these few
            -- rows rather than grouping every answer a second time.
            SELECT day, unit_id, form_id, form_version, question_id, language, channel,
                   count(*) FILTER (WHERE satisfied) AS satisfied,
                   count(*) AS answered
            FROM moved_answers
            GROUP BY day, unit_id, form_id, form_version, question_id, language, channel
        ), daily AS (
            INSERT INTO satisfaction_daily AS t
                (day, unit_id, form_id, form_version, question_id, language, channel, satisfied, answered)
            SELECT day, unit_id, form_id, form_version, question_id, language, channel, satisfied, answered
            FROM answer_days
            ON CONFLICT ON CONSTRAINT satisfaction_daily_key DO UPDATE
            SET satisfied = t.satisfied + excluded.satisfied,
                answered = t.answered + excluded.answered
        ), halves AS (
            INSERT INTO satisfaction_halfmonthly AS t
                (half_start, unit_id, form_id, form_version, question_id, satisfied, answered)
            SELECT half_month_start(day), unit_id, form_id, form_version, question_id,
                   sum(satisfied),
                   sum(answered)
            FROM answer_days
            GROUP BY half_month_start(day), unit_id, form_id, form_version, question_id
            ON CONFLICT ON CONSTRAINT satisfaction_halfmonthly_key DO UPDATE
            SET satisfied = t.satisfied + excluded.satisfied,
                answered = t.answered + excluded.answered
        ), response_days AS (
            INSERT INTO response_daily AS t
                (day, unit_id, form_id, form_version, language, channel, responses, \(unescaped: Self.responseCountList))
            SELECT day, unit_id, form_id, form_version, language, channel, count(*), \(unescaped: Self.responseSums)
            FROM moved_responses
            GROUP BY day, unit_id, form_id, form_version, language, channel
            ON CONFLICT ON CONSTRAINT response_daily_key DO UPDATE
            SET \(unescaped: Self.responseIncrements)
        ), response_halves AS (
            INSERT INTO response_halfmonthly AS t
                (half_start, unit_id, form_id, form_version, language, channel, responses,
                 \(unescaped: Self.responseCountList))
            SELECT half_month_start(day), unit_id, form_id, form_version, language, channel, count(*),
                   \(unescaped: Self.responseSums)
            FROM moved_responses
            GROUP BY half_month_start(day), unit_id, form_id, form_version, language, channel
            ON CONFLICT ON CONSTRAINT response_halfmonthly_key DO UPDATE
            SET \(unescaped: Self.responseIncrements)
        ), summary_days AS (
            INSERT INTO summary_daily AS t (day, \(unescaped: Self.summaryKeyAndCounts))
            SELECT day, \(unescaped: Self.summarySums)
            FROM moved_responses
            GROUP BY day, unit_id, form_id, form_version
            ON CONFLICT ON CONSTRAINT summary_daily_key DO UPDATE
            SET \(unescaped: Self.summaryIncrements)
        ), summary_halves AS (
            INSERT INTO summary_halfmonthly AS t (half_start, \(unescaped: Self.summaryKeyAndCounts))
            SELECT half_month_start(day), \(unescaped: Self.summarySums)
            FROM moved_responses
            GROUP BY half_month_start(day), unit_id, form_id, form_version
            ON CONFLICT ON CONSTRAINT summary_halfmonthly_key DO UPDATE
            SET \(unescaped: Self.summaryIncrements)
        )
        SELECT count(*)
        FROM moved
        """
    }

    /// The six sums of one ``ClusteredCount`` under `prefix` ("" for the pool, `access_` and so on
    /// for an element), as the summary and response rollups name them (Migrations/0005, 0015):
    /// Σs, Σa, Σs², Σs·a, Σa² and the respondents with an answer.
    static func clusteredColumns(_ prefix: String) -> [String] {
        ["satisfied", "answered", "satisfied_sq", "satisfied_x_answered", "answered_sq", "clusters"].map { prefix + $0 }
    }

    /// The prefixes of the pool and of each element, in SatisfactionElement.allCases order.
    static let prefixes = [""] + SatisfactionElement.allCases.map { "\($0.rawValue)_" }

    /// The dossier counts of a summary row (Migrations/0026): the responses that name a dossier,
    /// and those of them that answered an overall question dissatisfied (QĐ 766 ratio 3).
    static let dossierCounts = ["dossiers", "dossiers_dissatisfied"]

    /// The counts of a summary row: the pool's six sums, then each element's, then the dossiers.
    static let summaryCounts = prefixes.flatMap(clusteredColumns) + dossierCounts

    /// The counts of a response rollup row besides `responses`: the pool's six sums.
    static let responseCounts = clusteredColumns("")

    /// One response's summary counts from its satisfied and answered counts per prefix (SQL
    /// expressions): `s AS satisfied, a AS answered, s * s AS satisfied_sq, …`, as
    /// `response_summaries` defines them.
    static func perResponseColumns(satisfied: (String) -> String, answered: (String) -> String) -> String {
        prefixes.flatMap { prefix -> [String] in
            let s = satisfied(prefix), a = answered(prefix)
            let expressions = [s, a, "\(s) * \(s)", "\(s) * \(a)", "\(a) * \(a)", "(\(a) > 0)::integer::int8"]
            return zip(expressions, clusteredColumns(prefix)).map { "\($0) AS \($1)" }
        }.joined(separator: ",\n    ")
    }

    /// `count(*) FILTER (WHERE element = 'access' AND satisfied) AS access_satisfied, …` over scored answers.
    static let elementCounts = SatisfactionElement.allCases.map { element in
        "count(*) FILTER (WHERE element = '\(element.rawValue)' AND satisfied) AS \(element.rawValue)_satisfied, "
            + "count(*) FILTER (WHERE element = '\(element.rawValue)') AS \(element.rawValue)_answered"
    }.joined(separator: ",\n    ")

    /// `unit_id, form_id, form_version, responses, satisfied, …`: a summary row after its day or half.
    static let summaryKeyAndCounts = (["unit_id", "form_id", "form_version", "responses"] + summaryCounts)
        .joined(separator: ", ")

    /// The same, summed over per-response rows grouped by day or half, unit and form version.
    static let summarySums = (["unit_id", "form_id", "form_version", "count(*)"] + summaryCounts.map { "sum(\($0))" })
        .joined(separator: ", ")

    /// `responses = t.responses + excluded.responses, …` for the upserts.
    static let summaryIncrements = (["responses"] + summaryCounts).map { "\($0) = t.\($0) + excluded.\($0)" }
        .joined(separator: ",\n    ")

    /// The response rollups' counts, as a column list, as sums, and as increments.
    static let responseCountList = responseCounts.joined(separator: ", ")
    static let responseSums = responseCounts.map { "sum(\($0))" }.joined(separator: ", ")
    static let responseIncrements = (["responses"] + responseCounts).map { "\($0) = t.\($0) + excluded.\($0)" }
        .joined(separator: ",\n    ")
}
