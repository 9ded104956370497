import CivicCore
import PostgresNIO

extension PostgresClient.Configuration {
    /// Settings for a ``DatabaseURL``. PostgresNIO has no URL initialiser (STACK-NOTES 5), and its
    /// TLS default is `.prefer`, so `sslmode` is honoured here explicitly.
    init(url: DatabaseURL, maximumConnections: Int) {
        let tls: TLS
        switch url.sslMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        self.init(host: url.host, port: url.port, username: url.username, password: url.password,
                  database: url.database, tls: tls)
        options.maximumConnections = maximumConnections
        // A connection attempt to a host that does not answer must not outlive the request deadline.
        options.connectTimeout = .seconds(2)
        options.keepAliveBehavior = .init(frequency: .seconds(15))
    }
}

extension PostgresConnection.Configuration {
    /// A single connection's settings for a ``DatabaseURL`` (the availability probe uses one).
    init(url: DatabaseURL) throws {
        let tls: TLS
        switch url.sslMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        self.init(host: url.host, port: url.port, username: url.username, password: url.password,
                  database: url.database, tls: tls)
        options.connectTimeout = .seconds(1)
    }
}
