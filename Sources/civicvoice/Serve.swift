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
        let database = Database(url: configuration.databaseURL, logger: logger)
        logger.notice("starting", metadata: [
            "database": "\(configuration.databaseURL)",
            "address": "\(configuration.host):\(configuration.port)",
        ])
        let app = buildApplication(
            ServerDependencies(configuration: configuration, database: database, migrations: migrations,
                               migrateOnStart: !noMigrate),
            logger: logger
        )
        do {
            try await app.runService()
        } catch {
            throw CommandEnvironment.fail(error)
        }
    }
}
