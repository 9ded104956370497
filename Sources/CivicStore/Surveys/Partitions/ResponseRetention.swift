import CivicCore
import Foundation
import Logging
import PostgresNIO

/// Retention by the month (`civicvoice responses drop-month`): the responses of a Vietnamese
/// calendar month are removed, their counts stay in the rollups, so every report on that month
/// stays exact; their ids stay in `response_ids`, so a late replay is still told apart
/// (Migrations/0025). How long responses must be kept is the agency's decision, not the code's.
///
/// Needs the role that owns the schema (as `civicvoice migrate` does): the server's role cannot
/// detach or drop a table, nor delete a month of responses behind the counts' back.
public struct ResponseRetention: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database.with(deadline: .seconds(3600))
    }

    /// What a drop removed.
    public struct Dropped: Sendable, Hashable {
        public let month: YearMonth
        public let responses: Int
        /// The partition detached and dropped, or nil when the month shared one (the table the
        /// migration converted, or DEFAULT) and its rows were deleted from it instead.
        public let partition: String?
        public let forced: Bool
    }

    /// Why a month was not dropped; nothing was removed.
    public enum Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// The month has not ended in Vietnam: responses may still arrive for it.
        case monthNotOver(YearMonth)
        /// No response of the month is stored and it has no partition to remove: most likely a
        /// mistyped month, which would otherwise be recorded as dropped and left out of verify.
        case nothingStored(YearMonth)
        /// Its rollups do not match its responses (per rollup, keys that differ): dropping them
        /// would leave figures that nothing can rebuild.
        case figuresDiffer(YearMonth, mismatches: [String: Int])
        /// Responses of the month are still queued for the counts (arrived while dropping).
        case stillQueued(YearMonth, count: Int)
        /// Another session held `responses` (a long export, a migration) past the lock timeout.
        case busy(YearMonth)
        /// The role connected may not detach or delete (the server's role).
        case notOwner

        public var description: String {
            switch self {
            case .monthNotOver(let month):
                "\(month) has not ended in Vietnam: responses may still arrive for it"
            case .nothingStored(let month):
                "no response of \(month) is stored and it has no partition: nothing to drop"
            case .figuresDiffer(let month, let mismatches):
                "the counts of \(month) do not match its responses ("
                    + mismatches.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value) keys" }
                    .joined(separator: ", ")
                    + "): run `civicvoice analytics rebuild --from \(month) --to \(month)` first, or --force to lose them"
            case .stillQueued(let month, let count):
                "\(count) response(s) of \(month) arrived while dropping and are not counted yet: try again, "
                    + "or --force to lose them"
            case .busy(let month):
                "responses were locked by another session for too long; nothing of \(month) was dropped: try again"
            case .notOwner:
                "dropping a month needs the role that owns the schema: set MIGRATION_DATABASE_URL as for `civicvoice migrate`"
            }
        }
    }

    /// Removes the responses of `month`, after checking that their counts are all in the rollups
    /// and equal to what the responses give, and records it (`response_months_dropped`) and the
    /// audit entry in the same transaction.
    ///
    /// When the month has a partition of its own, it is detached and dropped (no row by row
    /// delete, no vacuum); otherwise its rows are deleted. `responses` is locked only for the
    /// detach, with a lock timeout of 10 s, so that a long query holding it makes this give up
    /// rather than queue every submission behind it.
    /// - Parameters:
    ///   - force: drop even when the figures differ or responses of the month are still queued
    ///     (those counts are lost); never a month that has not ended, nor one of which nothing is
    ///     stored.
    ///   - now: the instant it is (the service's clock).
    /// - Throws: ``Refusal``.
    public func dropMonth(_ month: YearMonth, force: Bool, now: Date, by actor: AuditLog.Actor,
                          logger: Logger) async throws -> Dropped {
        let lower = month.firstDay.startInVietnam
        let upper = month.next.firstDay.startInVietnam
        guard upper <= now else { throw Refusal.monthNotOver(month) }
        // Everything of the month counted, then its counts compared with its responses.
        try await CountsCompactor(database: database, logger: logger).compactAll(logger: logger)
        guard let months = CountedMonths(from: month, to: month) else { preconditionFailure("one month is a range") }
        let check = try await AnalyticsStore(database: database).verifyCounts(months: months, logger: logger)
        if !check.isExact && !force { throw Refusal.figuresDiffer(month, mismatches: check.mismatches) }
        do {
            return try await database.withTransaction(logger: logger) { connection in
                try await connection.query("SET LOCAL lock_timeout = '10s'", logger: logger)
                // No batch of the compactor until this commits: what is queued now stays queued.
                try await connection.query("SELECT pg_advisory_xact_lock(\(CountsCompactor.lockKey))", logger: logger)
                let removed = try await Self.count("""
                    SELECT count(*)
                    FROM responses
                    WHERE submitted_at >= \(lower) AND submitted_at < \(upper)
                    """, on: connection, logger: logger)
                var partition: String?
                for try await name in try await connection.query("""
                    SELECT partition_name
                    FROM response_partitions
                    WHERE lower_bound = \(lower) AND upper_bound = \(upper)
                    """, logger: logger).decode(String.self) {
                    partition = name
                }
                if partition == nil && removed == 0 { throw Refusal.nothingStored(month) }
                if let partition {
                    // The name comes from the catalogue and is checked to be one the migration or
                    // create_response_partitions made, so it can stand in the DDL (which binds nothing).
                    guard Self.isMonthPartitionName(partition) else {
                        throw StoreError.unavailable("unexpected partition name \(partition)")
                    }
                    try await connection.query("ALTER TABLE responses DETACH PARTITION \(unescaped: partition)",
                                               logger: logger)
                    try await connection.query("DROP TABLE \(unescaped: partition)", logger: logger)
                } else {
                    try await connection.query("""
                        DELETE FROM responses
                        WHERE submitted_at >= \(lower) AND submitted_at < \(upper)
                        """, logger: logger)
                }
                // Whatever arrived for the month since the compaction above is queued: without a
                // response it would count nothing.
                let queued = try await Self.count("""
                    SELECT count(*)
                    FROM response_count_queue
                    WHERE submitted_at >= \(lower) AND submitted_at < \(upper)
                    """, on: connection, logger: logger)
                if queued > 0 {
                    guard force else { throw Refusal.stillQueued(month, count: queued) }
                    try await connection.query("""
                        DELETE FROM response_count_queue
                        WHERE submitted_at >= \(lower) AND submitted_at < \(upper)
                        """, logger: logger)
                }
                let forced = force && (!check.isExact || queued > 0)
                try await connection.query("""
                    INSERT INTO response_months_dropped AS d (month, responses, forced)
                    VALUES (\(month.firstDay.description)::date, \(removed), \(forced))
                    ON CONFLICT (month) DO UPDATE
                    SET responses = d.responses + excluded.responses,
                        dropped_at = now(),
                        forced = d.forced OR excluded.forced
                    """, logger: logger)
                var details: [String: AuditLog.Value] = ["responses": .int(removed), "forced": .string(forced ? "yes" : "no")]
                if let partition { details["partition"] = .string(partition) }
                if !check.isExact {
                    details["mismatched_rollups"] = .strings(check.mismatches.filter { $0.value > 0 }.keys.sorted())
                }
                try await AuditLog.append("responses.drop_month", objectType: "responses_month",
                                          objectID: month.description, details: details, by: actor,
                                          on: connection, logger: logger)
                return Dropped(month: month, responses: removed, partition: partition, forced: forced)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "55P03" {
            throw Refusal.busy(month)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42501" {
            throw Refusal.notOwner
        }
    }

    /// `responses_YYYY_MM`, and nothing else.
    static func isMonthPartitionName(_ name: String) -> Bool {
        let suffix = name.utf8.dropFirst("responses_".utf8.count)
        return name.hasPrefix("responses_") && suffix.count == 7
            && suffix.enumerated().allSatisfy { $0.offset == 4 ? $0.element == UInt8(ascii: "_") : (48...57).contains($0.element) }
    }

    private static func count(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        var value = 0
        for try await count in try await connection.query(query, logger: logger).decode(Int.self) { value = count }
        return value
    }
}
