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
                    try await transaction.query("""
                        CREATE TABLE IF NOT EXISTS schema_migrations (
                            version    integer     PRIMARY KEY,
                            name       text        NOT NULL,
                            checksum   text        NOT NULL,
                            applied_at timestamptz NOT NULL DEFAULT now()
                        )
                        """, logger: logger)
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
                            throw MigrationError.statementFailed(
                                migration: migration.label, line: statement.line,
                                message: error.serverInfo?[.message] ?? String(reflecting: error))
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
