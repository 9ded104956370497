import ArgumentParser
import CivicCore
import CivicStore
import Foundation
import Logging

extension CommandEnvironment {
    /// The audit actor for commands: `cli:<os user>`.
    static var actor: AuditLog.Actor {
        .commandLine(osUser: ProcessInfo.processInfo.environment["SUDO_USER"].flatMap { $0.isEmpty ? nil : $0 }
                     ?? NSUserName())
    }

    /// Runs `body` with a pool on DATABASE_URL, or with `asSchemaOwner` on MIGRATION_DATABASE_URL
    /// when it is set (the role that owns the schema, for what the server's role may not do);
    /// SECRET_KEY and DATA_KEYS not required. Every failure becomes one line on standard error and
    /// a non-zero exit.
    static func withDatabase<Result: Sendable>(
        asSchemaOwner: Bool = false,
        _ body: @escaping @Sendable (Database, AppConfiguration, Logger) async throws -> Result
    ) async throws -> Result {
        let configuration = try configuration(requireSecret: false)
        let logger = logger(configuration)
        let url = asSchemaOwner ? configuration.migrationDatabaseURL ?? configuration.databaseURL : configuration.databaseURL
        let database = Database(url: url, logger: logger)
        do {
            return try await database.whileRunning { try await body(database, configuration, logger) }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail(error)
        }
    }
}

extension StaffRole: ExpressibleByArgument {}

/// A failure told in words, for ``CommandEnvironment/fail(_:)``.
struct CommandMessage: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
