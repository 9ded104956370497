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
        /// Months of the range left alone: `responses drop-month` removed their responses, and
        /// their counts, kept in the rollups, have nothing left to be compared with.
        public let droppedMonths: [YearMonth]

        public var isExact: Bool { mismatches.values.allSatisfy { $0 == 0 } }
    }

    /// Compares every rollup, plus what is still queued, with a scan of the responses of `months`
    /// (every month by default), dropped months excepted: the check behind `civicvoice analytics
    /// verify`, the demo and `responses drop-month`. Reads everything in range: about a minute per
    /// million responses on two cores, with up to 256 MB of memory per aggregate; a range reads
    /// only its months' partitions. One statement per rollup, each in its own snapshot; run it
    /// while nothing is being written (the compactor may run: it keeps rollups plus queue constant).
    public func verifyCounts(months: CountedMonths = .all, logger: Logger) async throws -> CountsCheck {
        var mismatches: [String: Int] = [:]
        for (name, query) in Self.verificationQueries(months) {
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
        let (lower, upper) = (months.lowerBound, months.upperBound)
        let totals = try await longRunning.query("""
            SELECT (SELECT count(*)
                    FROM scored_answers s
                    WHERE s.submitted_at >= \(lower) AND s.submitted_at < \(upper)
                      AND \(unescaped: Self.keptDay("s.day"))),
                   (SELECT count(*)
                    FROM responses r
                    WHERE r.submitted_at >= \(lower) AND r.submitted_at < \(upper)
                      AND \(unescaped: Self.keptDay("(r.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date")))
            """, logger: logger) { try $0.decode((Int, Int).self) }
        return CountsCheck(mismatches: mismatches, scannedAnswers: totals.first?.0 ?? 0,
                           scannedResponses: totals.first?.1 ?? 0,
                           droppedMonths: try await droppedMonths(in: months, logger: logger))
    }

    /// The months of `months` that `responses drop-month` retired, oldest first.
    public func droppedMonths(in months: CountedMonths = .all, logger: Logger) async throws -> [YearMonth] {
        let (lower, upper) = (months.lowerBound, months.upperBound)
        return try await database.query("""
            SELECT to_char(month, 'YYYY-MM')
            FROM response_months_dropped
            WHERE month >= (\(lower) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
              AND month < (\(upper) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
            ORDER BY month
            """, logger: logger) { row in
            let text = try row.decode(String.self)
            guard let month = YearMonth(text) else { throw StoreError.unavailable("unreadable month \(text)") }
            return month
        }
    }

    /// Recomputes the rollups of `months` (every month by default, dropped months excepted) from
    /// their responses: empties those days' rollup rows and queue, queues every response of them
    /// again and lets the compactor count them (the reports stay exact meanwhile, reading the
    /// queue). For recovery after responses were written around ``ResponseStore/insert(_:logger:)``.
    /// A dropped month keeps its counts: its responses are gone and could not give them back.
    /// - Returns: the number of responses queued.
    @discardableResult
    public func rebuildCounts(months: CountedMonths = .all, logger: Logger) async throws -> Int {
        let (lower, upper) = (months.lowerBound, months.upperBound)
        return try await longRunning.withTransaction(logger: logger) { connection in
            // The compactor's lock: no batch may be half-way while the rollups are emptied.
            try await connection.query("SELECT pg_advisory_xact_lock(\(CountsCompactor.lockKey))", logger: logger)
            for (table, bucket) in Self.rollupBuckets {
                try await connection.query("""
                    DELETE FROM \(unescaped: table)
                    WHERE \(unescaped: bucket) >= (\(lower) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                      AND \(unescaped: bucket) < (\(upper) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                      AND \(unescaped: Self.keptDay(bucket))
                    """, logger: logger)
            }
            try await connection.query("""
                DELETE FROM response_count_queue
                WHERE submitted_at >= \(lower) AND submitted_at < \(upper)
                  AND \(unescaped: Self.keptDay("(submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date"))
                """, logger: logger)
            var queued = 0
            for try await count in try await connection.query("""
                WITH queued AS (
                    INSERT INTO response_count_queue (response_id, submitted_at)
                    SELECT id, submitted_at
                    FROM responses
                    WHERE submitted_at >= \(lower) AND submitted_at < \(upper)
                      AND \(unescaped: Self.keptDay("(submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date"))
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

    /// Every rollup and the column holding its day (or its half-month's first day).
    static let rollupBuckets = [("satisfaction_daily", "day"), ("satisfaction_halfmonthly", "half_start"),
                                ("response_daily", "day"), ("response_halfmonthly", "half_start"),
                                ("summary_daily", "day"), ("summary_halfmonthly", "half_start")]

    /// SQL: the day `day` (a date expression) is in a month whose responses are still stored,
    /// not one `responses drop-month` retired.
    static func keptDay(_ day: String) -> String {
        """
        NOT EXISTS (SELECT 1 FROM response_months_dropped dropped
                    WHERE dropped.month = date_trunc('month', (\(day))::timestamp)::date)
        """
    }

    /// The same pool without the short request deadline, for whole-table work.
    var longRunning: Database {
        database.with(deadline: .seconds(3600))
    }

    /// One query per rollup: rows of the scan of `months` not in rollup + queue, and the reverse
    /// (EXCEPT ALL treats NULL units as equal, as the rollups' keys do). The per-question rollups
    /// are compared with `scored_answers`, the summary and response rollups with
    /// `response_summaries`, every count included (the per-respondent sums of Migrations/0015
    /// and the dossier counts of 0026 too). The range's instants are values known when the statement is planned, so only its
    /// months' partitions are read.
    static func verificationQueries(_ months: CountedMonths) -> [(String, PostgresQuery)] {
        let (lower, upper) = (months.lowerBound, months.upperBound)
        let answers = (source: "scored_answers", counts: ["satisfied", "answered"],
                       scanned: ["count(*) FILTER (WHERE s.satisfied)", "count(*)"],
                       perRow: ["CASE WHEN s.satisfied THEN 1 ELSE 0 END", "1"])
        let summaries = (source: "response_summaries", counts: ["responses"] + CountsCompactor.summaryCounts,
                         scanned: ["count(*)"] + CountsCompactor.summaryCounts.map { "sum(s.\($0))" },
                         perRow: ["1"] + CountsCompactor.summaryCounts.map { "s.\($0)" })
        let responses = (source: "response_summaries", counts: ["responses"] + CountsCompactor.responseCounts,
                         scanned: ["count(*)"] + CountsCompactor.responseCounts.map { "sum(s.\($0))" },
                         perRow: ["1"] + CountsCompactor.responseCounts.map { "s.\($0)" })
        let question = ["unit_id", "form_id", "form_version", "question_id"]
        let audience = ["language", "channel"]
        let version = ["unit_id", "form_id", "form_version"]
        return [("satisfaction_daily", "day", question + audience, answers),
                ("satisfaction_halfmonthly", "half_start", question, answers),
                ("summary_daily", "day", version, summaries), ("summary_halfmonthly", "half_start", version, summaries),
                ("response_daily", "day", version + audience, responses),
                ("response_halfmonthly", "half_start", version + audience, responses)]
            .map { table, bucket, keys, shape in
                let scanBucket = bucket == "day" ? "s.day" : "half_month_start(s.day)"
                let columns = ([bucket] + keys + shape.counts).joined(separator: ", ")
                let keyList = keys.joined(separator: ", ")
                let scannedKeys = keys.map { "s.\($0)" }.joined(separator: ", ")
                let scannedCounts = zip(shape.scanned, shape.counts).map { "\($0) AS \($1)" }.joined(separator: ", ")
                let query: PostgresQuery = """
                    WITH scanned AS (
                        SELECT \(unescaped: scanBucket) AS \(unescaped: bucket), \(unescaped: scannedKeys),
                               \(unescaped: scannedCounts)
                        FROM \(unescaped: shape.source) s
                        WHERE s.submitted_at >= \(lower) AND s.submitted_at < \(upper)
                          AND \(unescaped: Self.keptDay("s.day"))
                        GROUP BY \(unescaped: (["1"] + keys.map { "s.\($0)" }).joined(separator: ", "))
                    ), counted AS (
                        SELECT \(unescaped: bucket), \(unescaped: keyList),
                               \(unescaped: shape.counts.map { "sum(\($0)) AS \($0)" }.joined(separator: ", "))
                        FROM (
                            SELECT \(unescaped: columns)
                            FROM \(unescaped: table)
                            WHERE \(unescaped: bucket) >= (\(lower) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                              AND \(unescaped: bucket) < (\(upper) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                              AND \(unescaped: Self.keptDay(bucket))
                            UNION ALL
                            SELECT \(unescaped: scanBucket), \(unescaped: scannedKeys),
                                   \(unescaped: shape.perRow.joined(separator: ", "))
                            FROM \(unescaped: shape.source) s
                            WHERE s.response_id = ANY (ARRAY (SELECT q.response_id
                                                              FROM response_count_queue q
                                                              WHERE q.submitted_at >= \(lower)
                                                                AND q.submitted_at < \(upper)))
                              AND s.submitted_at >= \(lower) AND s.submitted_at < \(upper)
                              AND \(unescaped: Self.keptDay("s.day"))
                        ) c
                        GROUP BY \(unescaped: bucket), \(unescaped: keyList)
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
}
