import Foundation
import Testing
import Yams

/// Issue 13, must fix 3: what `docker compose up` does when the operator set nothing must be safe:
/// no default database password, no start without the data keys, the proxy setting passed through,
/// the port published on the loopback interface only, and the server on the application role.
@Suite struct DeploymentDefaultsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func compose() throws -> [String: Any] {
        let text = try String(contentsOf: root.appendingPathComponent("docker-compose.yml"), encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    static func service(_ name: String) throws -> [String: Any] {
        let services = try #require(try compose()["services"] as? [String: Any])
        return try #require(services[name] as? [String: Any], "service \(name)")
    }

    /// A service's environment as name → value (compose accepts a map or a list of NAME=value).
    static func environment(_ service: [String: Any]) -> [String: String] {
        if let map = service["environment"] as? [String: Any] {
            return map.mapValues { $0 is NSNull ? "" : "\($0)" }
        }
        let list = service["environment"] as? [String] ?? []
        return Dictionary(list.map { entry in
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }, uniquingKeysWith: { $1 })
    }

    @Test func theKeysAndTheDatabasePasswordAreRequired() throws {
        let app = Self.environment(try Self.service("app"))
        for key in ["SECRET_KEY", "DATA_KEYS"] {
            #expect(app[key]?.hasPrefix("${\(key):?") == true, "\(key) = \(app[key] ?? "absent")")
        }
        let text = try String(contentsOf: Self.root.appendingPathComponent("docker-compose.yml"), encoding: .utf8)
        #expect(!text.contains("POSTGRES_PASSWORD:-"), "a default database password")
        #expect(!text.contains("_PASSWORD:-"), "a default password")
        let db = Self.environment(try Self.service("db"))
        #expect(db["POSTGRES_PASSWORD"]?.hasPrefix("${POSTGRES_PASSWORD:?") == true, "\(db["POSTGRES_PASSWORD"] ?? "absent")")
    }

    @Test func theProxySettingIsPassedAndThePortIsOnLoopback() throws {
        let service = try Self.service("app")
        #expect(Self.environment(service).keys.contains("TRUSTED_PROXIES"))
        let ports = service["ports"] as? [String] ?? []
        #expect(!ports.isEmpty)
        for port in ports {
            #expect(port.hasPrefix("${CIVICVOICE_BIND:-127.0.0.1}:") || port.hasPrefix("127.0.0.1:"), "published as \(port)")
        }
    }

    @Test func theServerConnectsAsTheApplicationRoleNotTheOwner() throws {
        let app = Self.environment(try Self.service("app"))
        let url = try #require(app["DATABASE_URL"])
        #expect(url.hasPrefix("postgres://civicvoice_app:"), "the server connects as \(url.prefix(40))")
        let command = (try Self.service("app")["command"] as? [String]) ?? []
        #expect(command.contains("--no-migrate"), "the server does not migrate: \(command)")
        let migrate = Self.environment(try Self.service("migrate"))
        #expect(migrate["DATABASE_URL"]?.hasPrefix("postgres://civicvoice:") == true, "migrations run as the owner")
    }
}
