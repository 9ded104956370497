import CivicCore
import CivicStore
import CivicTestSupport
import CivicWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Logging
import NIOCore
import Synchronization

/// Builds the real application against a fresh database, as `civicvoice serve` would.
enum TestApp {
    static let secret = "test-secret-key-0123456789abcdef-0123456789"
    /// Two data keys, the first current: k2 encrypts, both decrypt.
    static let dataKeys = "k2:" + Data(repeating: 2, count: 32).base64EncodedString()
        + ",k1:" + Data(repeating: 1, count: 32).base64EncodedString()

    static let forms = try! FormRegistry.load(directory: TestDatabase.repositoryRoot.appendingPathComponent("Forms").path)

    /// `url` as a `DATABASE_URL`-style text (the test servers have no passwords).
    static func text(of url: DatabaseURL) -> String {
        "postgres://\(url.username)@\(url.host):\(url.port)/\(url.database)?sslmode=disable"
    }

    /// - Parameter role: the database role the server connects as: the application role, as in
    ///   production (a test that migrates on start names the owner in MIGRATION_DATABASE_URL).
    static func configuration(url: DatabaseURL, environment: [String: String] = [:],
                              role: String = TestDatabase.applicationRole) throws -> AppConfiguration {
        try AppConfiguration(environment: environment.merging([
            "DATABASE_URL": text(of: TestDatabase.url(url, as: role)),
            "SECRET_KEY": secret,
            "DATA_KEYS": dataKeys,
            "FORMS_DIR": TestDatabase.repositoryRoot.appendingPathComponent("Forms").path,
            "MIGRATIONS_DIR": TestDatabase.migrationsDirectory.path,
            // Many requests come from one test client; the rate-limit test sets its own limit.
            "RATE_LIMIT_PER_MINUTE": "0",
        ]) { given, _ in given })
    }

    /// Runs `body` with a router-level test client on a migrated database.
    /// - Parameters:
    ///   - environment: settings of the application's own, over the test's defaults.
    ///   - databaseEnvironment: more settings, made from the test database's direct URL (to reach
    ///     that database through pgbouncer or the replica).
    ///   - logger: the application's logger (a capturing one checks what reaches the logs).
    ///   - live: serve on a real socket (the peer address is then 127.0.0.1, so that tests can name
    ///     clients with `X-Forwarded-For` and `TRUSTED_PROXIES`) rather than call the router.
    ///   - forms: the forms served (a scratch copy of Forms/, for a test that changes one).
    static func withApp<Result: Sendable>(
        migrated: Bool = true,
        live: Bool = false,
        migrateOnStart: Bool = false,
        environment: [String: String] = [:],
        databaseEnvironment: @escaping @Sendable (DatabaseURL) throws -> [String: String] = { _ in [:] },
        protection: ProtectionPolicy = ProtectionPolicy(),
        // Generous: tests run in parallel on small machines; only the outage test needs it short.
        deadline: Duration = .seconds(60),
        logger: Logger = TestDatabase.logger,
        clock: ServiceClock = .system,
        forms: FormRegistry = TestApp.forms,
        _ body: @escaping @Sendable (any TestClientProtocol, Database) async throws -> Result
    ) async throws -> Result {
        let run: @Sendable (Database, DatabaseURL) async throws -> Result = { _, url in
            // The app owns its own pool (started and stopped by the service group, as in production).
            // Migrations on start run as the owner, as `serve` does with MIGRATION_DATABASE_URL.
            let owner = migrateOnStart ? ["MIGRATION_DATABASE_URL": text(of: TestDatabase.url(url, as: TestDatabase.ownerRole))] : [:]
            let configuration = try configuration(
                url: url, environment: try databaseEnvironment(url).merging(environment) { given, _ in given }
                    .merging(owner) { given, _ in given })
            let database = Database(url: configuration.databaseURL, maximumConnections: 8, deadline: deadline,
                                    logger: TestDatabase.logger)
            let migrationDatabase = configuration.migrationDatabaseURL.map {
                Database(url: $0, maximumConnections: 2, deadline: deadline, logger: TestDatabase.logger)
            }
            let readDatabase = configuration.readDatabaseURL.map {
                Database(url: $0, maximumConnections: 4, deadline: deadline, logger: TestDatabase.logger)
            }
            var dependencies = ServerDependencies(
                configuration: configuration, database: database, migrationDatabase: migrationDatabase,
                readDatabase: readDatabase, migrations: try Migration.load(directory: TestDatabase.migrationsDirectory),
                forms: forms, migrateOnStart: migrateOnStart, passwordCost: StaffFixtures.passwordCost, clock: clock)
            dependencies.protection = protection
            let app = try await buildApplication(dependencies, logger: logger)
            return try await app.test(live ? .live : .router) { client in try await body(client, database) }
        }
        return migrated ? try await TestDatabase.withMigratedDatabase(run) : try await TestDatabase.withEmptyDatabase(run)
    }
}

extension TestApp {
    /// Takes the test's database away as an outage does (no new connections, the open ones
    /// killed); returns its name, for ``bringDatabaseBack(_:)``.
    static func takeDatabaseAway(_ database: Database) async throws -> String {
        let name = try await database.query("SELECT current_database()", logger: TestDatabase.logger) {
            try $0.decode(String.self)
        }[0]
        try await TestDatabase.admin([
            "ALTER DATABASE \(name) ALLOW_CONNECTIONS false",
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(name)'",
        ])
        return name
    }

    static func bringDatabaseBack(_ name: String) async throws {
        try await TestDatabase.admin(["ALTER DATABASE \(name) ALLOW_CONNECTIONS true"])
    }
}

/// A clock a test moves by hand: the application reads the instant it was last set to.
final class ClockHand: Sendable {
    private let instant: Mutex<Date>

    init(_ start: Date) {
        instant = Mutex(start)
    }

    func set(_ date: Date) {
        instant.withLock { $0 = date }
    }

    var clock: ServiceClock {
        ServiceClock { [self] in instant.withLock { $0 } }
    }
}

/// A browser's view of the citizen pages: cookies kept between requests, hidden fields read from HTML.
struct BrowserSession {
    var cookies: [String: String] = [:]

    var cookieHeader: HTTPFields {
        guard !cookies.isEmpty else { return [:] }
        return [.cookie: cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
    }

    mutating func remember(_ response: TestResponse) {
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            if pair.count == 2 { cookies[String(pair[0])] = String(pair[1]) }
        }
    }

    /// GETs a page, keeping its cookies.
    mutating func get(_ client: some TestClientProtocol, _ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var all = cookieHeader
        all.append(contentsOf: headers)
        let response = try await client.execute(uri: uri, method: .get, headers: all, body: nil)
        remember(response)
        return response
    }

    /// POSTs fields as `application/x-www-form-urlencoded`, as a browser submits a form.
    mutating func post(_ client: some TestClientProtocol, _ uri: String, fields: [(String, String)]) async throws -> TestResponse {
        var headers = cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// The CSRF token of the form that posts to `action` in an HTML page (a staff page also holds
    /// the header's sign-out form, whose token comes first).
    static func formToken(action: String, in html: String) -> String? {
        guard let form = html.range(of: "action=\"\(action)\"") else { return nil }
        return hiddenField("csrf", in: String(html[form.upperBound...]))
    }

    /// The value of the hidden input `name` in an HTML page.
    static func hiddenField(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

extension BrowserSession {
    /// POSTs fields and files as `multipart/form-data`, as a browser submits a form with file inputs.
    mutating func postMultipart(_ client: some TestClientProtocol, _ uri: String, fields: [(String, String)],
                                files: [(field: String, name: String, bytes: [UInt8])]) async throws -> TestResponse {
        let boundary = "----civicvoice-test-\(UUID().uuidString)"
        var body = ByteBuffer()
        for (name, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\n")
            body.writeString("Content-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(file.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        var headers = cookieHeader
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: body)
        remember(response)
        return response
    }
}
