import CivicCore
import Foundation
import Logging
import PostgresNIO

/// The monthly partitions of `responses` (Migrations/0025): what exists, and making the months to
/// come before their first response arrives.
public struct ResponsePartitions: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// One partition: a month (`responses_2026_12`), the months a converted table held
    /// (`responses_2025_03_to_2026_12`), or the DEFAULT partition (no bounds).
    public struct Partition: Sendable, Hashable {
        public let name: String
        public let lowerBound: Date?
        public let upperBound: Date?
        /// PostgreSQL's estimate (`pg_class.reltuples`, as of the last ANALYZE); nil before the
        /// first one.
        public let estimatedRows: Int?

        public var isDefault: Bool { lowerBound == nil }
    }

    /// Every partition, oldest first, the DEFAULT partition last.
    public func list(logger: Logger) async throws -> [Partition] {
        try await database.query("""
            SELECT p.partition_name,
                   p.lower_bound,
                   p.upper_bound,
                   CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::int8 END
            FROM response_partitions p
            JOIN pg_class c ON c.relname = p.partition_name AND c.relnamespace = 'public'::regnamespace
            ORDER BY p.lower_bound NULLS LAST
            """, logger: logger) { row in
            let (name, lower, upper, rows) = try row.decode((String, Date?, Date?, Int?).self)
            return Partition(name: name, lowerBound: lower, upperBound: upper, estimatedRows: rows)
        }
    }

    /// Makes the partitions of the Vietnamese months holding `first` through `last` that no
    /// partition covers yet (`create_response_partitions`, callable by the server's role).
    /// - Returns: how many were made.
    @discardableResult
    public func create(from first: Date, through last: Date, logger: Logger) async throws -> Int {
        try await database.query("""
            SELECT create_response_partitions(\(first), \(last))
            """, logger: logger) { try $0.decode(Int.self) }.first ?? 0
    }
}
