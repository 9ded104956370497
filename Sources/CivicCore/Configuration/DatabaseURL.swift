import Foundation

/// A parsed `postgres://user:password@host:port/database?sslmode=…` address.
///
/// Parsing is done here, not by the driver, because PostgresNIO takes its settings field by field
/// and because a bad URL must be reported with every other configuration error at once.
public struct DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    /// How the connection negotiates TLS, named as libpq names it.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, prefer, require
    }

    public var username: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode

    public init(username: String, password: String?, host: String, port: Int, database: String, sslMode: SSLMode) {
        self.username = username
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.sslMode = sslMode
    }

    /// Parses a URL of the form `postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]`.
    /// - Throws: a message naming what is wrong, never echoing the password.
    public init(parsing text: String) throws(DatabaseURLError) {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme
        else { throw DatabaseURLError("is not a URL (expected postgres://user:pass@host:port/db)") }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw DatabaseURLError("scheme must be postgres:// or postgresql://, not \(scheme)://")
        }
        guard let host = components.host, !host.isEmpty else { throw DatabaseURLError("has no host") }
        guard let user = components.user, !user.isEmpty else { throw DatabaseURLError("has no user name") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw DatabaseURLError("must name exactly one database after the host, as in /civicvoice")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw DatabaseURLError("port \(port) is out of range") }
        var sslMode = SSLMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let mode = SSLMode(rawValue: value) else {
                    let allowed = SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
                    throw DatabaseURLError("sslmode must be one of \(allowed)")
                }
                sslMode = mode
            default:
                throw DatabaseURLError("unknown parameter \(item.name) (only sslmode is understood)")
            }
        }
        self.init(
            username: components.user?.removingPercentEncoding ?? user,
            password: components.password?.removingPercentEncoding,
            host: host,
            port: port,
            database: database.removingPercentEncoding ?? database,
            sslMode: sslMode
        )
    }

    /// The URL without its password, safe to print and log.
    public var description: String {
        let secret = password == nil ? "" : ":***"
        return "postgres://\(username)\(secret)@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }

    /// The same server and credentials, another database (tests clone one database per test).
    public func with(database: String) -> DatabaseURL {
        var copy = self
        copy.database = database
        return copy
    }
}

/// Why a database URL was refused.
public struct DatabaseURLError: Error, Sendable, Hashable, CustomStringConvertible {
    public let reason: String
    init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
