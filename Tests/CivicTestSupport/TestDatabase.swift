import CivicCore
import CivicStore
import Foundation
import Logging
import PostgresNIO

/// A fresh PostgreSQL database per test, cloned from a template migrated once per test process.
///
/// scripts/test starts a throwaway cluster and exports `DATABASE_URL` (a superuser on it). Each test
/// gets `CREATE DATABASE t_… TEMPLATE civicvoice_template`, so tests run in parallel without sharing
/// rows and without running the migrations again; the database is dropped afterwards.
///
/// Roles as in production (0009_application_role.sql): the template is migrated by ``ownerRole``,
/// which owns every database made here and every table in them; the application under test
/// connects as ``applicationRole``. `body` gets a superuser pool, for fixtures.
public enum TestDatabase {
    /// The role migrations run as (scripts/serve's owner has the same name).
    public static let ownerRole = "civicvoice"
    /// The role the server connects as: rows only, no DDL (0009_application_role.sql).
    public static let applicationRole = "civicvoice_app"

    /// The repository's `Migrations/` directory, found from this file's path.
    public static let migrationsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Migrations")

    public static let repositoryRoot = migrationsDirectory.deletingLastPathComponent()

    /// The server the tests may use. Refuses anything but a local host: the tests drop databases.
    public static let serverURL: DatabaseURL = {
        guard let text = ProcessInfo.processInfo.environment["DATABASE_URL"] else {
            fatalError("DATABASE_URL is not set: run the tests with scripts/test, which starts a throwaway PostgreSQL")
        }
        guard let url = try? DatabaseURL(parsing: text) else { fatalError("DATABASE_URL is not a valid postgres:// URL") }
        precondition(["127.0.0.1", "localhost", "::1"].contains(url.host),
                     "DATABASE_URL must point at a local throwaway server, not \(url.host)")
        return url
    }()

    /// The same server through pgbouncer in transaction mode (`TEST_POOLER_URL`), or through its
    /// streaming replica (`TEST_REPLICA_URL`), as scripts/test starts them; `database` is the
    /// test's own database, which exists there too (pgbouncer serves every database; the replica
    /// replays their creation).
    /// - Throws: when scripts/test did not set the variable, so that such a test fails, not passes.
    public static func companionURL(_ variable: String, database: String) throws -> DatabaseURL {
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else {
            throw TestEnvironmentError(variable: variable)
        }
        let url = try DatabaseURL(parsing: text)
        precondition(["127.0.0.1", "localhost", "::1"].contains(url.host), "\(variable) must point at a local server")
        return url.with(database: database)
    }

    /// Runs `body` with a pool of its own on `url` (a pool runs once: each use needs a new one).
    public static func withConnectionPool<Result: Sendable>(
        to url: DatabaseURL, _ body: @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        let database = Database(url: url, maximumConnections: 2, deadline: .seconds(30), logger: logger)
        return try await database.whileRunning { try await body(database) }
    }

    public struct TestEnvironmentError: Error, CustomStringConvertible {
        public let variable: String
        public var description: String { "\(variable) is not set: run the tests with scripts/test, which starts it" }
    }

    public static let logger: Logger = {
        var logger = Logger(label: "civicvoice.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// One template per test process: two runs against one server (a developer's and a helper's)
    /// must not drop each other's template. Templates of processes that are gone are dropped.
    static let templateName = "civicvoice_template_\(ProcessInfo.processInfo.processIdentifier)"
    private static let template = TemplateOnce()
    private static let roles = RolesOnce()

    /// Runs `body` with a pool on a new, fully migrated database of its own.
    public static func withMigratedDatabase<Result: Sendable>(
        _ body: @Sendable (Database, DatabaseURL) async throws -> Result
    ) async throws -> Result {
        try await template.ensure()
        return try await withDatabase(template: templateName, body)
    }

    /// Runs `body` with a pool on a new, empty database (no migrations applied).
    public static func withEmptyDatabase<Result: Sendable>(
        _ body: @Sendable (Database, DatabaseURL) async throws -> Result
    ) async throws -> Result {
        try await roles.ensure()
        return try await withDatabase(template: "template0", body)
    }

    /// `url` (a database made here) as `role` connects to it, without a password (the throwaway
    /// cluster trusts local connections).
    public static func url(_ url: DatabaseURL, as role: String) -> DatabaseURL {
        var copy = url
        copy.username = role
        copy.password = nil
        return copy
    }

    /// Creates the owner and application roles unless they exist (scripts/test creates them too;
    /// several test processes may race here, hence the exceptions swallowed).
    static func ensureRoles() async throws {
        try await admin(["""
            DO $$
            BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(ownerRole)') THEN
                    CREATE ROLE \(ownerRole) LOGIN;
                END IF;
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(applicationRole)') THEN
                    CREATE ROLE \(applicationRole) LOGIN;
                END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END
            $$
            """, "ALTER ROLE \(applicationRole) LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"])
    }

    /// Runs SQL as the superuser on the server's maintenance database.
    public static func admin(_ statements: [String]) async throws {
        try await withConnection(to: serverURL) { connection in
            for statement in statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
        }
    }

    private static func withDatabase<Result: Sendable>(
        template: String,
        _ body: @Sendable (Database, DatabaseURL) async throws -> Result
    ) async throws -> Result {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        do { try await createDatabase(name, template: template) } catch { throw DescribedPSQLError.wrapping(error) }
        let url = serverURL.with(database: name)
        // A long deadline: these pools serve tests, which run in parallel on small machines.
        let database = Database(url: url, maximumConnections: 8, deadline: .seconds(30), logger: logger)
        do {
            let result = try await database.whileRunning { try await body(database, url) }
            try? await admin(["DROP DATABASE IF EXISTS \(name) WITH (FORCE)"])
            return result
        } catch {
            try? await admin(["DROP DATABASE IF EXISTS \(name) WITH (FORCE)"])
            throw DescribedPSQLError.wrapping(error)
        }
    }

    /// Drops `civicvoice_template_<pid>` databases whose process no longer runs on this machine.
    static func dropTemplatesOfEndedProcesses() async throws {
        let names = try await withConnection(to: serverURL) { connection in
            var names: [String] = []
            let rows = try await connection.query("""
                SELECT datname
                FROM pg_database
                WHERE datname LIKE 'civicvoice\\_template\\_%'
                """, logger: logger)
            for try await name in rows.decode(String.self) { names.append(name) }
            return names
        }
        for name in names {
            guard let pid = Int(name.split(separator: "_").last ?? ""),
                  !FileManager.default.fileExists(atPath: "/proc/\(pid)") else { continue }
            try? await admin(["DROP DATABASE IF EXISTS \(name) WITH (FORCE)"])
        }
    }

    /// CREATE DATABASE … TEMPLATE fails while a closing connection still touches the template
    /// (SQLSTATE 55006), so it is retried briefly.
    static func createDatabase(_ name: String, template: String) async throws {
        var attempt = 0
        while true {
            do {
                try await admin(["CREATE DATABASE \(name) TEMPLATE \(template) OWNER \(ownerRole)"])
                return
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "55006" && attempt < 50 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Runs `body` on one connection of its own to `url` (no pool), closed afterwards.
    public static func withConnection<Result: Sendable>(
        to url: DatabaseURL,
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password,
            database: url.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Builds the migrated template once per process.
    private actor TemplateOnce {
        private var task: Task<Void, any Error>?

        func ensure() async throws {
            if task == nil {
                task = Task {
                    try await TestDatabase.dropTemplatesOfEndedProcesses()
                    try await TestDatabase.roles.ensure()
                    try await TestDatabase.admin([
                        "DROP DATABASE IF EXISTS \(TestDatabase.templateName) WITH (FORCE)",
                        "CREATE DATABASE \(TestDatabase.templateName) OWNER \(TestDatabase.ownerRole)",
                    ])
                    // Migrated by the owner, as `civicvoice migrate` runs in production.
                    let url = TestDatabase.url(TestDatabase.serverURL.with(database: TestDatabase.templateName),
                                               as: TestDatabase.ownerRole)
                    let database = Database(url: url, maximumConnections: 1, logger: TestDatabase.logger)
                    let runner = MigrationRunner(
                        database: database,
                        migrations: try Migration.load(directory: TestDatabase.migrationsDirectory))
                    try await database.whileRunning { try await runner.migrate(logger: TestDatabase.logger) }
                }
            }
            try await task!.value
        }
    }

    /// Creates the roles once per process.
    private actor RolesOnce {
        private var task: Task<Void, any Error>?

        func ensure() async throws {
            if task == nil { task = Task { try await TestDatabase.ensureRoles() } }
            try await task!.value
        }
    }
}

/// A PostgresNIO error as the test report shows it: `PSQLError`'s own description hides
/// everything ("Generic description to prevent accidental leakage"), which leaves a failure in CI
/// unexplained; tests hold no personal data, so its full reflection is shown instead.
public struct DescribedPSQLError: Error, CustomStringConvertible {
    public let underlying: PSQLError
    public var description: String { String(reflecting: underlying) }

    static func wrapping(_ error: any Error) -> any Error {
        (error as? PSQLError).map(DescribedPSQLError.init(underlying:)) ?? error
    }
}
