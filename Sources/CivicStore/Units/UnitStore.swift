import CivicCore
import Foundation
import Logging
import PostgresNIO

/// Organisational units as the citizen pages need them: which units exist today, by code.
public struct UnitStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// A unit a citizen can rate.
    public struct ActiveUnit: Sendable, Hashable {
        public let id: Int64
        public let code: String
        /// Names per language tag; always has `vi`.
        public let names: [String: String]
    }

    /// The units in effect on `day` (a date in the service's time zone), by Vietnamese collation of
    /// their Vietnamese names.
    public func activeUnits(on date: CalendarDate, logger: Logger) async throws -> [ActiveUnit] {
        let day = date.description
        let units = try await database.query("""
            SELECT id, code, names::text
            FROM units
            WHERE effective_from <= \(day)::date
              AND (effective_to IS NULL OR effective_to > \(day)::date)
            """, logger: logger) { row in
            let (id, code, namesJSON) = try row.decode((Int64, String, String).self)
            let names = (try? JSONDecoder().decode([String: String].self, from: Data(namesJSON.utf8))) ?? [:]
            return ActiveUnit(id: id, code: code, names: names)
        }
        return units.sorted { VietnameseText.collationKey($0.names["vi"] ?? $0.code) < VietnameseText.collationKey($1.names["vi"] ?? $1.code) }
    }
}
