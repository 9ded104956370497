import ArgumentParser
import CivicCore
import CivicStore
import Foundation
import Logging

/// What every command reads from the process: configuration, logging, migrations.
enum CommandEnvironment {
    /// The validated configuration, or an exit with every bad key listed (EX_CONFIG, 78).
    static func configuration(requireSecret: Bool) throws -> AppConfiguration {
        do {
            return try AppConfiguration(environment: ProcessInfo.processInfo.environment, requireSecret: requireSecret)
        } catch {
            FileHandle.standardError.write(Data("civicvoice: \(error.description)\n".utf8))
            throw ExitCode(78)
        }
    }

    static func logger(_ configuration: AppConfiguration, label: String = "civicvoice") -> Logger {
        let level = Logger.Level(rawValue: configuration.logLevel.rawValue) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }

    static func migrations(_ configuration: AppConfiguration) throws -> [Migration] {
        do {
            return try Migration.load(directory: URL(fileURLWithPath: configuration.migrationsDirectory))
        } catch {
            FileHandle.standardError.write(Data("civicvoice: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// Prints a failure the operator can act on (no stack traces, no secrets) and exits non-zero.
    static func fail(_ error: any Error) -> ExitCode {
        FileHandle.standardError.write(Data("civicvoice: \(error)\n".utf8))
        return ExitCode.failure
    }
}
