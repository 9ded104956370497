import CivicCore
import Logging
import PostgresNIO
import Synchronization

/// The PostgreSQL pool the server and the commands share, with one failure policy.
///
/// PostgresNIO's pool keeps a request waiting while it retries a server that is down (its circuit
/// breaker trips only after a minute). A citizen on a weak network must not wait that long, so
/// every operation here has a deadline, and connection-level failures become
/// ``StoreError/unavailable(_:)``, which the web layer answers with 503. Once the database has
/// been found away, operations wait only ``probeDeadline`` until one succeeds again, so during an
/// outage every request fails fast instead of each waiting the full deadline.
public struct Database: Sendable {
    /// The pool, run as a service (``DatabasePool/run()``) or by ``whileRunning(_:)``.
    public let pool: DatabasePool
    /// How long an operation may wait for the database before it is given up as unavailable.
    public let deadline: Duration
    /// How long an operation waits while the database is known to be away.
    public let probeDeadline: Duration = .milliseconds(300)
    private let availability: Availability
    /// Where a missed deadline is checked: a slow answer from a busy server is not an outage.
    private let probeConfiguration: PostgresConnection.Configuration?
    private let logger: Logger

    /// A database around a client the caller made; ``pool`` runs it, and never replaces it.
    public init(client: PostgresClient, deadline: Duration = .seconds(3)) {
        self.init(pool: DatabasePool(client: client), deadline: deadline, probe: nil, availability: Availability(),
                  logger: Logger(label: "civicvoice.database"))
    }

    private init(pool: DatabasePool, deadline: Duration, probe: PostgresConnection.Configuration?,
                 availability: Availability, logger: Logger) {
        self.pool = pool
        self.deadline = deadline
        self.probeConfiguration = probe
        self.availability = availability
        self.logger = logger
    }

    /// A pool for `url`. It must run (``DatabasePool/run()``, as a service, or ``whileRunning(_:)``)
    /// before queries get connections.
    public init(url: DatabaseURL, maximumConnections: Int = 20, deadline: Duration = .seconds(3), logger: Logger) {
        let configuration = PostgresClient.Configuration(url: url, maximumConnections: maximumConnections)
        let pool = DatabasePool { PostgresClient(configuration: configuration, backgroundLogger: logger) }
        self.init(pool: pool, deadline: deadline, probe: try? PostgresConnection.Configuration(url: url),
                  availability: Availability(), logger: logger)
    }

    /// The same pool and outage record with another deadline: for batches that need longer than a
    /// request may wait.
    public func with(deadline: Duration) -> Database {
        Database(pool: pool, deadline: deadline, probe: probeConfiguration, availability: availability, logger: logger)
    }

    /// The client operations lease from now (it changes when the pool is replaced).
    public var client: PostgresClient { pool.client }

    /// Whether the last operation found the database away; shared by every copy of this value.
    public var isKnownUnavailable: Bool { availability.isDown }

    /// Runs `body` on one leased connection, within the deadline.
    /// - Throws: ``StoreError/unavailable(_:)`` when the database cannot be reached in time; any other
    ///   error from `body` unchanged.
    public func withConnection<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await guarded {
            try await client.withConnection { connection in try await body(connection) }
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
        try await guarded {
            try await client.withConnection { connection in
                try await connection.withTransaction(logger: logger) { transaction in
                    try await body(transaction)
                }
            }
        }
    }

    /// The deadline (shortened while the database is known away), error classification, and the
    /// record of whether the database answered.
    private func guarded<Result: Sendable>(_ operation: @escaping @Sendable () async throws -> Result) async throws -> Result {
        let wasDown = availability.isDown
        do {
            let result = try await Self.classifying { try await withDeadline(wasDown ? probeDeadline : deadline, operation) }
            if wasDown { availability.markUp() }
            return result
        } catch StoreError.unavailable(let reason) {
            if wasDown {
                // During an outage: once a fresh connection works while the pool still fails, the
                // pool is backing off or its circuit breaker is open; a new pool connects at once.
                if availability.beginProbe() {
                    if await probe() { pool.replace(logger: logger) }
                    availability.endProbe()
                }
            } else if await !probe() {
                // Only a failed fresh connection marks the database away: under heavy load a
                // deadline can pass while the server is up, and shortening every deadline then
                // would turn slowness into failures.
                availability.markDown()
            }
            throw StoreError.unavailable(reason)
        }
    }

    /// Whether a new connection can be opened and authenticated within a second.
    private func probe() async -> Bool {
        guard let configuration = probeConfiguration else { return true }
        let logger = Logger(label: "civicvoice.database.probe")
        do {
            return try await withDeadline(.seconds(1)) {
                let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
                try? await connection.close()
                return true
            }
        } catch {
            return false
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

/// Whether the database was reachable at the last attempt, shared by every copy of a ``Database``,
/// and whether a probe is under way (one at a time: during an outage every request fails, and
/// each opening a connection to check would add a storm of its own).
private final class Availability: Sendable {
    private struct State {
        var down = false
        var probing = false
    }

    private let state = Mutex(State())

    var isDown: Bool { state.withLock { $0.down } }
    func markDown() { state.withLock { $0.down = true } }
    func markUp() { state.withLock { $0.down = false } }

    /// Whether the caller may probe now (no other probe is running).
    func beginProbe() -> Bool {
        state.withLock { state in
            if state.probing { return false }
            state.probing = true
            return true
        }
    }

    func endProbe() { state.withLock { $0.probing = false } }
}

extension Database {
    /// Runs the pool for the duration of `body`, for commands and tests that are not a service
    /// group. The pool is closed when `body` returns or throws.
    public func whileRunning<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { group in
            let pool = self.pool
            group.addTask { await pool.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }
}
