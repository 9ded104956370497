import CivicCore
import CivicStore
import CivicTestSupport
import CivicWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging

/// Builds the real application against a fresh database, as `civicvoice serve` would.
enum TestApp {
    static let secret = "test-secret-key-0123456789abcdef-0123456789"

    static func configuration(url: DatabaseURL) throws -> AppConfiguration {
        try AppConfiguration(environment: [
            "DATABASE_URL": "postgres://\(url.username)@\(url.host):\(url.port)/\(url.database)?sslmode=disable",
            "SECRET_KEY": secret,
            "FORMS_DIR": TestDatabase.repositoryRoot.appendingPathComponent("Forms").path,
            "MIGRATIONS_DIR": TestDatabase.migrationsDirectory.path,
        ])
    }

    /// Runs `body` with a router-level test client on a migrated database.
    static func withApp<Result: Sendable>(
        migrated: Bool = true,
        migrateOnStart: Bool = false,
        _ body: @escaping @Sendable (any TestClientProtocol, Database) async throws -> Result
    ) async throws -> Result {
        let run: @Sendable (Database, DatabaseURL) async throws -> Result = { _, url in
            // The app owns its own pool (started and stopped by the service group, as in production).
            let configuration = try configuration(url: url)
            let database = Database(url: configuration.databaseURL, maximumConnections: 8, deadline: .seconds(2),
                                    logger: TestDatabase.logger)
            let app = buildApplication(
                ServerDependencies(configuration: configuration, database: database,
                                   migrations: try Migration.load(directory: TestDatabase.migrationsDirectory),
                                   migrateOnStart: migrateOnStart),
                logger: TestDatabase.logger)
            return try await app.test(.router) { client in try await body(client, database) }
        }
        return migrated ? try await TestDatabase.withMigratedDatabase(run) : try await TestDatabase.withEmptyDatabase(run)
    }
}
