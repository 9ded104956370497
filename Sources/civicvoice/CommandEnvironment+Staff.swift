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

    /// Runs `body` with a pool on DATABASE_URL (SECRET_KEY and DATA_KEYS not required); every
    /// failure becomes one line on standard error and a non-zero exit.
    static func withDatabase<Result: Sendable>(
        _ body: @escaping @Sendable (Database, AppConfiguration, Logger) async throws -> Result
    ) async throws -> Result {
        let configuration = try configuration(requireSecret: false)
        let logger = logger(configuration)
        let database = Database(url: configuration.databaseURL, logger: logger)
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
