import CivicCore
import Logging
import PostgresNIO

/// The PostgreSQL pool the server and the commands share, with one failure policy.
///
/// PostgresNIO's pool keeps a request waiting while it retries a server that is down (its circuit
/// breaker trips only after a minute). A citizen on a weak network must not wait that long, so
/// every operation here has a deadline, and connection-level failures become
/// ``StoreError/unavailable(_:)``, which the web layer answers with 503.
public struct Database: Sendable {
    public let client: PostgresClient
    /// How long an operation may wait for the database before it is given up as unavailable.
    public let deadline: Duration

    public init(client: PostgresClient, deadline: Duration = .seconds(3)) {
        self.client = client
        self.deadline = deadline
    }

    /// A pool for `url`. It must run (`client.run()`, or as a service) before queries get connections.
    public init(url: DatabaseURL, maximumConnections: Int = 20, deadline: Duration = .seconds(3), logger: Logger) {
        self.init(client: PostgresClient(configuration: .init(url: url, maximumConnections: maximumConnections),
                                         backgroundLogger: logger),
                  deadline: deadline)
    }

    /// Runs `body` on one leased connection, within the deadline.
    /// - Throws: ``StoreError/unavailable(_:)`` when the database cannot be reached in time; any other
    ///   error from `body` unchanged.
    public func withConnection<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await Self.classifying {
            try await withDeadline(deadline) {
                try await client.withConnection { connection in try await body(connection) }
            }
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// The result is returned only after COMMIT succeeded, so a caller acknowledges nothing that
    /// was not stored.
    /// - Throws: ``StoreError/unavailable(_:)`` as above; otherwise `body`'s own error, unwrapped
    ///   from PostgresNIO's `PostgresTransactionError`.
    public func withTransaction<Result: Sendable>(
        logger: Logger,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await Self.classifying {
            try await withDeadline(deadline) {
                try await client.withConnection { connection in
                    try await connection.withTransaction(logger: logger) { transaction in
                        try await body(transaction)
                    }
                }
            }
        }
    }

    /// Runs one statement and collects its rows, within the deadline.
    public func query<Row: Sendable>(
        _ query: PostgresQuery,
        logger: Logger,
        decode: @escaping @Sendable (PostgresRow) throws -> Row
    ) async throws -> [Row] {
        try await withConnection { connection in
            var rows: [Row] = []
            for try await row in try await connection.query(query, logger: logger) {
                rows.append(try decode(row))
            }
            return rows
        }
    }

    /// Runs one statement whose rows, if any, are not needed.
    public func execute(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await withConnection { connection in
            try await connection.query(query, logger: logger)
        }
    }

    /// Maps the ways a database can be away to ``StoreError/unavailable(_:)``.
    static func classifying<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as PostgresTransactionError {
            if let closureError = error.closureError {
                throw StoreError.classify(closureError)
            }
            throw StoreError.classify(error.beginError ?? error.commitError ?? error.rollbackError ?? error)
        } catch {
            throw StoreError.classify(error)
        }
    }
}

/// Runs `operation`, giving up with ``StoreError/unavailable(_:)`` after `duration`.
/// Cancelling a pending connection lease is supported by the pool, so a request waiting for a
/// connection that will not come is released at once.
func withDeadline<Result: Sendable>(
    _ duration: Duration,
    _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: duration)
            throw StoreError.unavailable("no answer from the database within \(duration)")
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else {
            throw StoreError.unavailable("no answer from the database")
        }
        return first
    }
}
