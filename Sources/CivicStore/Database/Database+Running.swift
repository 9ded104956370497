import PostgresNIO

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
