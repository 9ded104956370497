import CivicCore
import Foundation
import Logging
import PostgresNIO

extension AnalyticsStore {
    /// How the kept counts compare with a full scan of the responses.
    public struct CountsCheck: Sendable, Hashable {
        /// Keys whose counts differ, per rollup (`satisfaction_daily`, `satisfaction_halfmonthly`,
        /// `response_daily`, `response_halfmonthly`, `summary_daily`, `summary_halfmonthly`); the
        /// queue is added to each before comparing.
        public let mismatches: [String: Int]
        /// Scale answers and responses the scan found.
        public let scannedAnswers: Int
        public let scannedResponses: Int

        public var isExact: Bool { mismatches.values.allSatisfy { $0 == 0 } }
    }

    /// Compares every rollup, plus what is still queued, with a scan of every response: the check
    /// behind `civicvoice analytics verify` and the demo. Reads everything: about a minute per
    /// million responses on two cores, with up to 256 MB of memory per aggregate. One statement per rollup, each in its own snapshot; run it while nothing is being
    /// written (the compactor may run: it keeps rollups plus queue constant).
    public func verifyCounts(logger: Logger) async throws -> CountsCheck {
        var mismatches: [String: Int] = [:]
        for (name, query) in Self.verificationQueries + Self.summaryVerificationQueries {
            mismatches[name] = try await longRunning.withTransaction(logger: logger) { connection in
                // The scans group hundreds of millions of answers into about a million keys at 10M
                // responses; with the default work_mem the hash aggregates spill every row to disk
                // (tens of GB). Memory for the groups keeps them in memory.
                try await connection.query("SET LOCAL work_mem = '256MB'", logger: logger)
                var count = 0
                for try await value in try await connection.query(query, logger: logger).decode(Int.self) {
                    count = value
                }
                return count
            }
        }
        let totals = try await longRunning.query("""
            SELECT (SELECT count(*) FROM scored_answers),
                   (SELECT count(*) FROM responses)
            """, logger: logger) { try $0.decode((Int, Int).self) }
        return CountsCheck(mismatches: mismatches, scannedAnswers: totals.first?.0 ?? 0,
                           scannedResponses: totals.first?.1 ?? 0)
    }

    /// Recomputes every rollup from the responses: empties them, queues every response again and
    /// lets the compactor count them (the reports stay exact meanwhile, reading the queue). For
    /// recovery after responses were written around ``ResponseStore/insert(_:logger:)``.
    /// - Returns: the number of responses queued.
    @discardableResult
    public func rebuildCounts(logger: Logger) async throws -> Int {
        try await longRunning.withTransaction(logger: logger) { connection in
            // The compactor's lock: no batch may be half-way while the rollups are emptied.
            try await connection.query("SELECT pg_advisory_xact_lock(\(CountsCompactor.lockKey))", logger: logger)
            for table in ["satisfaction_daily", "satisfaction_halfmonthly", "response_daily", "response_halfmonthly",
                          "summary_daily", "summary_halfmonthly", "response_count_queue"] {
                try await connection.query("DELETE FROM \(unescaped: table)", logger: logger)
            }
            var queued = 0
            for try await count in try await connection.query("""
                WITH queued AS (
                    INSERT INTO response_count_queue (response_id)
                    SELECT id
                    FROM responses
                    RETURNING 1
                )
                SELECT count(*)
                FROM queued
                """, logger: logger).decode(Int.self) {
                queued = count
            }
            return queued
        }
    }

    /// The same pool without the short request deadline, for whole-table work.
    var longRunning: Database {
        database.with(deadline: .seconds(3600))
    }

    /// The summary and response rollups against `response_summaries` over every response: the
    /// same comparison for the daily and the half-month table of each, every count included (the
    /// per-respondent sums of Migrations/0015 too).
    static var summaryVerificationQueries: [(String, PostgresQuery)] {
        let summary = (keys: ["unit_id", "form_id", "form_version"], counts: CountsCompactor.summaryCounts)
        let response = (keys: ["unit_id", "form_id", "form_version", "language", "channel"],
                        counts: CountsCompactor.responseCounts)
        return [("summary_daily", "day", summary), ("summary_halfmonthly", "half_start", summary),
                ("response_daily", "day", response), ("response_halfmonthly", "half_start", response)]
            .map { table, bucket, shape in
                let scanBucket = bucket == "day" ? "s.day" : "half_month_start(s.day)"
                let counts = ["responses"] + shape.counts
                let columns = ([bucket] + shape.keys + counts).joined(separator: ", ")
                let keys = shape.keys.joined(separator: ", ")
                let scannedKeys = shape.keys.map { "s.\($0)" }.joined(separator: ", ")
                let perResponse = (["1"] + shape.counts.map { "s.\($0)" }).joined(separator: ", ")
                let query: PostgresQuery = """
                    WITH scanned AS (
                        SELECT \(unescaped: scanBucket) AS \(unescaped: bucket), \(unescaped: scannedKeys),
                               count(*) AS responses,
                               \(unescaped: shape.counts.map { "sum(s.\($0)) AS \($0)" }.joined(separator: ", "))
                        FROM response_summaries s
                        GROUP BY \(unescaped: (["1"] + shape.keys.map { "s.\($0)" }).joined(separator: ", "))
                    ), counted AS (
                        SELECT \(unescaped: bucket), \(unescaped: keys),
                               \(unescaped: counts.map { "sum(\($0)) AS \($0)" }.joined(separator: ", "))
                        FROM (
                            SELECT \(unescaped: columns)
                            FROM \(unescaped: table)
                            UNION ALL
                            SELECT \(unescaped: scanBucket), \(unescaped: scannedKeys), \(unescaped: perResponse)
                            FROM response_summaries s
                            WHERE s.response_id = ANY (ARRAY (SELECT response_id FROM response_count_queue))
                        ) c
                        GROUP BY \(unescaped: bucket), \(unescaped: keys)
                    )
                    SELECT count(*)
                    FROM ((SELECT \(unescaped: columns) FROM scanned
                           EXCEPT ALL
                           SELECT \(unescaped: columns) FROM counted)
                          UNION ALL
                          (SELECT \(unescaped: columns) FROM counted
                           EXCEPT ALL
                           SELECT \(unescaped: columns) FROM scanned)) d
                    """
                return (table, query)
            }
    }

    /// One query per rollup: rows of the scan not in rollup + queue, and the reverse (EXCEPT ALL
    /// treats NULL units as equal, as the rollups' keys do).
    static let verificationQueries: [(String, PostgresQuery)] = [
        ("satisfaction_daily", """
            WITH scanned AS (
                SELECT day, unit_id, form_id, form_version, question_id, language, channel,
                       count(*) FILTER (WHERE satisfied) AS satisfied, count(*) AS answered
                FROM scored_answers
                GROUP BY day, unit_id, form_id, form_version, question_id, language, channel
            ), counted AS (
                SELECT day, unit_id, form_id, form_version, question_id, language, channel,
                       sum(satisfied) AS satisfied, sum(answered) AS answered
                FROM (
                    SELECT day, unit_id, form_id, form_version, question_id, language, channel, satisfied, answered
                    FROM satisfaction_daily
                    UNION ALL
                    SELECT s.day, s.unit_id, s.form_id, s.form_version, s.question_id, s.language, s.channel,
                           CASE WHEN s.satisfied THEN 1 ELSE 0 END, 1
                    FROM scored_answers s
                    WHERE s.response_id = ANY (ARRAY (SELECT response_id FROM response_count_queue))
                ) c
                GROUP BY day, unit_id, form_id, form_version, question_id, language, channel
            )
            SELECT count(*)
            FROM ((SELECT day, unit_id, form_id, form_version, question_id, language, channel, satisfied, answered
                   FROM scanned
                   EXCEPT ALL
                   SELECT day, unit_id, form_id, form_version, question_id, language, channel, satisfied, answered
                   FROM counted)
                  UNION ALL
                  (SELECT day, unit_id, form_id, form_version, question_id, language, channel, satisfied, answered
                   FROM counted
                   EXCEPT ALL
                   SELECT day, unit_id, form_id, form_version, question_id, language, channel, satisfied, answered
                   FROM scanned)) d
            """),
        ("satisfaction_halfmonthly", """
            WITH scanned AS (
                SELECT half_month_start(day) AS half_start, unit_id, form_id, form_version, question_id,
                       count(*) FILTER (WHERE satisfied) AS satisfied, count(*) AS answered
                FROM scored_answers
                GROUP BY half_month_start(day), unit_id, form_id, form_version, question_id
            ), counted AS (
                SELECT half_start, unit_id, form_id, form_version, question_id,
                       sum(satisfied) AS satisfied, sum(answered) AS answered
                FROM (
                    SELECT half_start, unit_id, form_id, form_version, question_id, satisfied, answered
                    FROM satisfaction_halfmonthly
                    UNION ALL
                    SELECT half_month_start(s.day), s.unit_id, s.form_id, s.form_version, s.question_id,
                           CASE WHEN s.satisfied THEN 1 ELSE 0 END, 1
                    FROM scored_answers s
                    WHERE s.response_id = ANY (ARRAY (SELECT response_id FROM response_count_queue))
                ) c
                GROUP BY half_start, unit_id, form_id, form_version, question_id
            )
            SELECT count(*)
            FROM ((SELECT half_start, unit_id, form_id, form_version, question_id, satisfied, answered
                   FROM scanned
                   EXCEPT ALL
                   SELECT half_start, unit_id, form_id, form_version, question_id, satisfied, answered
                   FROM counted)
                  UNION ALL
                  (SELECT half_start, unit_id, form_id, form_version, question_id, satisfied, answered
                   FROM counted
                   EXCEPT ALL
                   SELECT half_start, unit_id, form_id, form_version, question_id, satisfied, answered
                   FROM scanned)) d
            """),
    ]
}
