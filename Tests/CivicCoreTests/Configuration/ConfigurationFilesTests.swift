import Foundation
import Testing
@testable import CivicCore

/// `.env.example`, `docker-compose.yml` (with the Dockerfile's `ENV`), the README's table and
/// `civicvoice config` (which prints ``AppConfiguration/keys``) name the same variables, and agree
/// on which ones are required.
@Suite struct ConfigurationFilesTests {
    static let root = formsDirectory().deletingLastPathComponent()
    /// Variables of the compose file alone: the database roles' passwords, the host address and port.
    static let composeOnly: Set<String> = ["POSTGRES_PASSWORD", "APP_DATABASE_PASSWORD", "CIVICVOICE_BIND", "CIVICVOICE_PORT"]

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Names at the start of `NAME=` lines, commented out or not.
    static func envExample() throws -> [String: String] {
        var names: [String: String] = [:]
        for line in try text(".env.example").split(separator: "\n") {
            let assignment = line.hasPrefix("#") ? line.dropFirst() : line[...]
            let parts = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isUppercase || $0 == "_" }) else { continue }
            names[String(parts[0])] = line.hasPrefix("#") ? "commented" : String(parts[1])
        }
        return names
    }

    /// The app service's environment in the compose file: name → value text.
    static func composeEnvironment() throws -> [String: String] {
        let compose = try text("docker-compose.yml")
        let app = compose[try #require(compose.range(of: "\n  app:\n")).upperBound...]
        let environment = app[try #require(app.range(of: "    environment:\n")).upperBound...]
        var names: [String: String] = [:]
        for line in environment.split(separator: "\n") {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("#") { continue }
            guard line.hasPrefix("      ") else { break }
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            names[String(parts[0])] = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        }
        return names
    }

    static func dockerfileEnvironment() throws -> Set<String> {
        Set(try text("Dockerfile").split(separator: "\n").compactMap { line in
            let words = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "ENV ", with: "")
            guard let name = words.split(separator: "=").first, words.contains("="),
                  name.allSatisfy({ $0.isUppercase || $0 == "_" }) else { return nil }
            return String(name)
        })
    }

    @Test func everyVariableOfTheCodeIsInEveryFile() throws {
        let example = try Self.envExample()
        let compose = try Self.composeEnvironment()
        let image = try Self.dockerfileEnvironment()
        let readme = try Self.text("README.md")
        for key in AppConfiguration.keys {
            #expect(example[key.name] != nil, "\(key.name) in .env.example")
            #expect(compose[key.name] != nil || image.contains(key.name), "\(key.name) in docker-compose.yml or the Dockerfile")
            #expect(readme.contains("| `\(key.name)` |"), "\(key.name) in the README's table")
        }
    }

    @Test func theFilesNameNothingTheCodeDoesNotRead() throws {
        let known = Set(AppConfiguration.keys.map(\.name))
        #expect(Set(try Self.envExample().keys).subtracting(known).subtracting(Self.composeOnly) == [])
        #expect(Set(try Self.composeEnvironment().keys).subtracting(known) == [])
    }

    @Test func requiredVariablesAreRequiredEverywhere() throws {
        let required = AppConfiguration.keys.filter(\.isRequired).map(\.name)
        #expect(Set(required) == ["SECRET_KEY", "DATA_KEYS"])
        #expect(throws: ConfigurationError.self) { try AppConfiguration(environment: [:]) }
        let example = try Self.envExample()
        let compose = try Self.composeEnvironment()
        let readme = try Self.text("README.md")
        for name in required {
            #expect(example[name] == "", "\(name) is an empty, uncommented line of .env.example to fill in")
            #expect(compose[name]?.hasPrefix("${\(name):?") == true, "compose refuses to start without \(name)")
            #expect(readme.contains("| `\(name)` | required |"), "the README says \(name) is required")
        }
    }
}
