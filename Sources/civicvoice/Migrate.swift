import ArgumentParser
import CivicStore

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending migrations from MIGRATIONS_DIR (or list them with --dry-run)."
    )

    @Flag(name: .customLong("dry-run"), help: "List pending migrations without applying them.")
    var dryRun = false

    func run() async throws {
        let configuration = try CommandEnvironment.configuration(requireSecret: false)
        let logger = CommandEnvironment.logger(configuration)
        let runner = MigrationRunner(
            database: Database(url: configuration.migrationDatabaseURL ?? configuration.databaseURL, logger: logger),
            migrations: try CommandEnvironment.migrations(configuration)
        )
        let dryRun = self.dryRun
        do {
            let migrations = try await runner.database.whileRunning {
                try await runner.migrate(dryRun: dryRun, logger: logger)
            }
            if migrations.isEmpty {
                print("no pending migrations")
            }
            for migration in migrations {
                print(dryRun ? "pending \(migration.label)" : "applied \(migration.label)")
            }
        } catch {
            throw CommandEnvironment.fail(error)
        }
    }
}
