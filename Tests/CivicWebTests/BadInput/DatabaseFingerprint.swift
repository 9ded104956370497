import CivicStore
import CivicTestSupport
import PostgresNIO

/// A digest of every row of every table, to show that a run of requests changed nothing stored.
struct DatabaseFingerprint: Equatable, Sendable {
    /// Per table: row count and the md5 of its rows in a stable order.
    let tables: [String: String]

    /// Columns that legitimately move on a refused request and are left out of the digest:
    /// `api_tokens.last_used_at` records that a valid token was used (the corpus's staff cases
    /// that test parameters use one).
    static let ignoredColumns: [String: [String]] = ["api_tokens": ["last_used_at"]]

    /// Rows that record refused attempts, which is what they are for: the throttles' buckets
    /// (sign-ins, tracking-code misses) and the audit entries of failed sign-ins. Everything else
    /// of those tables is compared.
    static let ignoredRows: [String: String] = [
        "throttle_buckets": "false",
        "audit_log": "t.action <> 'session.login_failed'",
    ]

    static func take(_ database: Database) async throws -> DatabaseFingerprint {
        let names = try await database.query("""
            SELECT table_name::text
            FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
            ORDER BY 1
            """, logger: TestDatabase.logger) { try $0.decode(String.self) }
        var tables: [String: String] = [:]
        for name in names {
            let ignored = (ignoredColumns[name] ?? []).map { " - '\($0)'" }.joined()
            let row = "(to_jsonb(t)\(ignored))::text"
            let kept = ignoredRows[name].map { " WHERE \($0)" } ?? ""
            let sql = "SELECT count(*)::text || ':' || coalesce(md5(string_agg(\(row), ',' ORDER BY \(row))), '') FROM \"\(name)\" t\(kept)"
            tables[name] = try await database.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger) {
                try $0.decode(String.self)
            }.first ?? ""
        }
        return DatabaseFingerprint(tables: tables)
    }

    /// The tables whose rows differ from `other`'s.
    func changedTables(since other: DatabaseFingerprint) -> [String] {
        Set(tables.keys).union(other.tables.keys).sorted().filter { tables[$0] != other.tables[$0] }
    }
}
