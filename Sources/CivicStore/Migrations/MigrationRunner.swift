import CivicCore
import Foundation
import Logging
import PostgresNIO

/// Applies `Migrations/*.sql` in version order, each in its own transaction, recorded in
/// `schema_migrations`, so that servers starting together apply each migration exactly once.
///
/// Each of those transactions takes a transaction-level advisory lock first and reads what is
/// applied under it. No session state is involved, so migrating works through a transaction
/// pooler (pgbouncer) as well as on a direct connection: a session lock taken through such a
/// pooler would be held by whichever server connection ran it, and released by none.
public struct MigrationRunner: Sendable {
    /// Key of the advisory lock held while migrating ("civicvoi" in ASCII, to be recognisable in pg_locks).
    static let lockKey: Int64 = 0x6369_7669_6376_6F69

    public let database: Database
    public let migrations: [Migration]

    public init(database: Database, migrations: [Migration]) {
        self.database = database
        self.migrations = migrations
    }

    /// What the database has, compared with the files.
    public struct Status: Sendable {
        public let applied: [AppliedMigration]
        public let pending: [Migration]
    }

    public struct AppliedMigration: Sendable, Hashable {
        public let version: Int
        public let name: String
        public let checksum: String
        public let appliedAt: Date
    }

    /// Compares the applied migrations with the files, without changing anything.
    /// - Throws: ``MigrationError/changedAfterApply(migration:applied:onDisk:)`` or
    ///   ``MigrationError/unknownApplied(version:name:)`` when they disagree; ``StoreError`` when
    ///   the database is away.
    public func status(logger: Logger) async throws -> Status {
        let migrations = self.migrations
        return try await database.withConnection { connection in
            try await Self.status(of: migrations, on: connection, logger: logger)
        }
    }

    /// Applies every pending migration (or, with `dryRun`, only reports them).
    /// - Returns: the migrations applied, or that would be applied.
    @discardableResult
    public func migrate(dryRun: Bool = false, logger: Logger) async throws -> [Migration] {
        // Split every file first: a broken file stops the run before anything is applied.
        var plans: [(Migration, [SQLStatementSplitter.Statement])] = []
        for migration in migrations {
            do {
                plans.append((migration, try SQLStatementSplitter.split(migration.sql)))
            } catch {
                throw MigrationError.unsplittable(migration: migration.label, reason: error.description)
            }
        }
        // Fail fast with the usual deadline if the database is away; the migrations themselves may
        // take as long as they need.
        try await database.execute("SELECT 1", logger: logger)
        if dryRun { return try await status(logger: logger).pending }
        var applied: [Migration] = []
        while let migration = try await applyNext(plans, logger: logger) {
            applied.append(migration)
        }
        return applied
    }

    /// In one transaction under the lock: the first migration still pending, applied and recorded.
    /// - Returns: that migration, or nil when none is pending.
    private func applyNext(_ plans: [(Migration, [SQLStatementSplitter.Statement])],
                           logger: Logger) async throws -> Migration? {
        let migrations = self.migrations
        let applied: (Migration, Int)? = try await Database.classifying {
            try await database.client.withConnection { connection in
                try await connection.withTransaction(logger: logger) { transaction in
                    try await transaction.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
                    // Created only when missing: the server's own role may read the record but not
                    // create tables (0009_application_role.sql), and `serve` comes here at every start.
                    if try await !Self.recordExists(on: transaction, logger: logger) {
                        do {
                            try await transaction.query("""
                                CREATE TABLE schema_migrations (
                                    version    integer     PRIMARY KEY,
                                    name       text        NOT NULL,
                                    checksum   text        NOT NULL,
                                    applied_at timestamptz NOT NULL DEFAULT now()
                                )
                                """, logger: logger)
                        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42501" {
                            throw MigrationError.statementFailed(
                                migration: migrations.first?.label ?? "schema_migrations", line: 1,
                                message: Self.ownerHint(error.serverInfo?[.message] ?? "permission denied"))
                        }
                    }
                    // Read under the lock: another server may have applied some while we waited for it.
                    guard let migration = try await Self.status(of: migrations, on: transaction, logger: logger).pending.first,
                          let statements = plans.first(where: { $0.0.version == migration.version })?.1
                    else { return (Migration, Int)?.none }
                    for statement in statements {
                        do {
                            // Read to the end: a statement's error (a SELECT's included) can arrive
                            // after its first rows, and must be reported against it, not the next one.
                            for try await _ in try await transaction.query(PostgresQuery(unsafeSQL: statement.sql),
                                                                           logger: logger) {}
                        } catch let error as PSQLError {
                            let message = error.serverInfo?[.message] ?? String(reflecting: error)
                            throw MigrationError.statementFailed(
                                migration: migration.label, line: statement.line,
                                message: error.serverInfo?[.sqlState] == "42501" ? Self.ownerHint(message) : message)
                        }
                    }
                    try await transaction.query("""
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                        """, logger: logger)
                    return (migration, statements.count)
                }
            }
        }
        guard let (migration, statementCount) = applied else { return nil }
        logger.notice("applied migration", metadata: ["migration": "\(migration.label)", "statements": "\(statementCount)"])
        return migration
    }

    /// Whether the role this runner connects as could change the schema (a superuser, or a member
    /// of the role that owns the migrated tables). The server should not be: it is told to connect
    /// as `civicvoice_app` (0009_application_role.sql), so that nothing it sends can switch off the
    /// append-only triggers. False before the first migration.
    public func connectsAsSchemaOwner(logger: Logger) async throws -> Bool {
        try await database.query("""
            SELECT r.rolsuper OR COALESCE(pg_has_role(current_user, c.relowner, 'USAGE'), false)
            FROM pg_roles r
            LEFT JOIN pg_class c ON c.oid = to_regclass('schema_migrations')
            WHERE r.rolname = current_user
            """, logger: logger) { try $0.decode(Bool.self) }.first ?? false
    }

    /// A refused privilege while migrating: the server's own role may not change the schema, on
    /// purpose (0009_application_role.sql).
    static func ownerHint(_ message: String) -> String {
        "\(message) (migrations run as the role that owns the schema: `civicvoice migrate` with that role's DATABASE_URL)"
    }

    private static func recordExists(on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger)
        for try await exists in rows.decode(Bool.self) { return exists }
        return false
    }

    private static func status(of migrations: [Migration], on connection: PostgresConnection, logger: Logger) async throws -> Status {
        let exists = try await connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger)
        var tableExists = false
        for try await (flag) in exists.decode(Bool.self) { tableExists = flag }
        var applied: [AppliedMigration] = []
        if tableExists {
            let rows = try await connection.query("""
                SELECT version, name, checksum, applied_at
                FROM schema_migrations
                ORDER BY version
                """, logger: logger)
            for try await (version, name, checksum, appliedAt) in rows.decode((Int, String, String, Date).self) {
                applied.append(AppliedMigration(version: version, name: name, checksum: checksum, appliedAt: appliedAt))
            }
        }
        let onDisk = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for record in applied {
            guard let file = onDisk[record.version] else {
                throw MigrationError.unknownApplied(version: record.version, name: record.name)
            }
            if file.checksum != record.checksum {
                throw MigrationError.changedAfterApply(migration: file.label, applied: record.checksum, onDisk: file.checksum)
            }
        }
        let appliedVersions = Set(applied.map(\.version))
        return Status(applied: applied, pending: migrations.filter { !appliedVersions.contains($0.version) })
    }
}
