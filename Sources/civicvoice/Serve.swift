import ArgumentParser
import CivicStore
import CivicWeb

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending migrations, then serve HTTP until SIGTERM or SIGINT."
    )

    @Flag(name: .customLong("no-migrate"), help: "Do not apply pending migrations first (readiness stays 503 while any is pending).")
    var noMigrate = false

    func run() async throws {
        let configuration = try CommandEnvironment.configuration(requireSecret: true)
        let logger = CommandEnvironment.logger(configuration)
        let migrations = try CommandEnvironment.migrations(configuration)
        let forms: FormRegistry
        do {
            forms = try FormRegistry.load(directory: configuration.formsDirectory)
        } catch {
            throw CommandEnvironment.fail(error)
        }
        let database = Database(url: configuration.databaseURL, logger: logger)
        // Two connections at most: the runner uses one at a time; the pool closes them when idle.
        let migrationDatabase = configuration.migrationDatabaseURL.map {
            Database(url: $0, maximumConnections: 2, logger: logger)
        }
        let readDatabase = configuration.readDatabaseURL.map { Database(url: $0, logger: logger) }
        logger.notice("starting", metadata: [
            "database": "\(configuration.databaseURL)",
            "readDatabase": "\(configuration.readDatabaseURL.map { "\($0)" } ?? "none")",
            "address": "\(configuration.host):\(configuration.port)",
        ])
        do {
            let app = try await buildApplication(
                ServerDependencies(configuration: configuration, database: database,
                                   migrationDatabase: migrationDatabase, readDatabase: readDatabase,
                                   migrations: migrations,
                                   forms: forms, migrateOnStart: !noMigrate),
                logger: logger
            )
            try await app.runService()
        } catch {
            throw CommandEnvironment.fail(error)
        }
    }
}
