import Synchronization

/// At most `capacity` units in use at once, taken without waiting: a caller that finds it full
/// answers 503 with Retry-After at once instead of queueing work the server cannot finish soon
/// (password checks, exports, request bodies held in memory). Written here because neither
/// Hummingbird nor NIO offers a counting limit that refuses rather than waits.
final class CapacityLimit: Sendable {
    let capacity: Int
    private let used = Mutex(0)

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Takes `units`, or nothing when that would go over the capacity.
    func tryAcquire(_ units: Int = 1) -> Bool {
        used.withLock { used in
            guard used + units <= capacity else { return false }
            used += units
            return true
        }
    }

    func release(_ units: Int = 1) {
        used.withLock { $0 = max(0, $0 - units) }
    }

    /// Runs `body` holding `units`, or returns nil at once when they are not available.
    func withUnits<Result: Sendable>(_ units: Int = 1, _ body: () async throws -> Result) async rethrows -> Result? {
        guard tryAcquire(units) else { return nil }
        defer { release(units) }
        return try await body()
    }

    var inUse: Int { used.withLock { $0 } }
}
