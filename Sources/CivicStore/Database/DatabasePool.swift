import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The PostgresClient behind a ``Database``, run as a service, and replaced by a fresh one when
/// it no longer recovers by itself quickly enough.
///
/// PostgresNIO's pool retries a server that has gone away with a growing back-off (up to a minute
/// between attempts) and, after a minute of failures, opens a circuit breaker that fails every
/// request at once. When the server returns, the old pool may therefore go on failing for up to a
/// minute. A province's citizens should not wait that long, so once a fresh connection works again
/// while the pool still fails, ``replace(logger:)`` starts a new pool (which connects at once) and
/// retires the old one. A pool built from a client given by the caller is never replaced.
public final class DatabasePool: Service, Sendable {
    private struct State {
        var current: Generation
        var lastReplacement: ContinuousClock.Instant?
    }

    /// One client and the signal that retires it.
    private struct Generation: Sendable {
        let client: PostgresClient
        let retire: AsyncStream<Void>.Continuation
        let retired: AsyncStream<Void>
    }

    private let state: Mutex<State>
    private let replacements: AsyncStream<Generation>.Continuation
    private let newGenerations: AsyncStream<Generation>
    private let makeClient: (@Sendable () -> PostgresClient)?
    /// How long a retired or stopping pool may take to close its connections before it is left to
    /// finish on its own: a pool stuck in back-off must not hold up a shutdown.
    static let closingGrace: Duration = .seconds(5)
    /// Replacements are at least this far apart, however many requests see the pool fail.
    static let minimumReplacementInterval: Duration = .seconds(2)

    /// A pool that can be replaced: `makeClient` builds each new client.
    init(makeClient: @escaping @Sendable () -> PostgresClient) {
        self.makeClient = makeClient
        (newGenerations, replacements) = AsyncStream.makeStream(of: Generation.self)
        state = Mutex(State(current: Self.generation(makeClient()), lastReplacement: nil))
    }

    /// A pool around a client the caller made: never replaced.
    init(client: PostgresClient) {
        self.makeClient = nil
        (newGenerations, replacements) = AsyncStream.makeStream(of: Generation.self)
        state = Mutex(State(current: Self.generation(client), lastReplacement: nil))
    }

    private static func generation(_ client: PostgresClient) -> Generation {
        let (retired, retire) = AsyncStream.makeStream(of: Void.self)
        return Generation(client: client, retire: retire, retired: retired)
    }

    /// The client new operations lease from.
    public var client: PostgresClient { state.withLock { $0.current.client } }

    /// Runs the current client and every replacement until cancelled or, in a service group,
    /// until graceful shutdown; then closes them.
    public func run() async {
        let first = state.withLock { $0.current }
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await Self.runUntilRetired(first) }
                for await next in self.newGenerations {
                    group.addTask { await Self.runUntilRetired(next) }
                }
                group.cancelAll()
            }
        }
    }

    /// Starts a fresh client for new operations and retires the current one, unless this pool
    /// cannot be replaced or was replaced moments ago.
    /// - Returns: whether a new client was started.
    @discardableResult
    func replace(logger: Logger) -> Bool {
        guard let makeClient else { return false }
        let now = ContinuousClock.now
        let retired: Generation? = state.withLock { state in
            if let last = state.lastReplacement, last.duration(to: now) < Self.minimumReplacementInterval { return nil }
            let old = state.current
            let fresh = Self.generation(makeClient())
            state.current = fresh
            state.lastReplacement = now
            replacements.yield(fresh)
            return old
        }
        guard let retired else { return false }
        retired.retire.finish()
        logger.notice("the database answers again but the connection pool still failed: replaced it")
        return true
    }

    /// Runs `generation`'s client until it is retired or the task is cancelled, then closes it,
    /// waiting at most ``closingGrace``.
    private static func runUntilRetired(_ generation: Generation) async {
        let client = generation.client
        let running = Task { await client.run() }
        // Ends when the generation is retired, or at once when this task is cancelled.
        for await _ in generation.retired {}
        running.cancel()
        // Waited for from a task of its own: this one is usually cancelled by now (shutdown), and
        // a cancelled waiter would not wait at all.
        let closing = Task<Void, any Error> { await running.value }
        await Task { _ = await first(of: closing, within: closingGrace) }.value
    }
}
