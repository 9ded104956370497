import CivicCore
import CivicStore
import Foundation
import Hummingbird
import Logging

/// What the HTTP application needs, built by the executable or by a test.
public struct ServerDependencies: Sendable {
    public var configuration: AppConfiguration
    public var database: Database
    public var migrations: [Migration]
    /// Apply pending migrations before the server accepts requests.
    public var migrateOnStart: Bool

    public init(configuration: AppConfiguration, database: Database, migrations: [Migration], migrateOnStart: Bool) {
        self.configuration = configuration
        self.database = database
        self.migrations = migrations
        self.migrateOnStart = migrateOnStart
    }
}

/// Builds the application: routes, middleware, and the database pool as a service, so that one
/// service group starts the pool first and, on SIGTERM, stops accepting, finishes in-flight
/// requests, then closes the pool.
public func buildApplication(_ dependencies: ServerDependencies, logger: Logger) -> some ApplicationProtocol {
    Telemetry.bootstrap()
    let router = buildRouter(dependencies)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(dependencies.configuration.host, port: dependencies.configuration.port),
                             serverName: "CivicVoice"),
        logger: logger
    )
    app.addServices(dependencies.database.client)
    if dependencies.migrateOnStart {
        let runner = MigrationRunner(database: dependencies.database, migrations: dependencies.migrations)
        app.beforeServerStarts {
            try await runner.migrate(logger: logger)
        }
    }
    return app
}

func buildRouter(_ dependencies: ServerDependencies) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.addMiddleware {
        RequestIDMiddleware()
        LogRequestsMiddleware(.info)
        MetricsMiddleware()
        ProblemMiddleware()
    }
    HealthController(migrations: MigrationRunner(database: dependencies.database, migrations: dependencies.migrations))
        .register(on: router)
    return router
}
