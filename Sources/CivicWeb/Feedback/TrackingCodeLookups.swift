import CivicCore
import CivicStore
import Foundation
import Hummingbird
import Logging

/// Look-ups by tracking code (the status page, its rating, the JSON status, Open311), limited per
/// client: a tracking code is the only secret behind an item's page and its one rating.
///
/// Two limits: look-ups of any outcome per minute, in memory (``RateLimiter``); and look-ups that
/// name no item, in PostgreSQL so that a guesser gains nothing from several servers. A miss is
/// charged before the look-up runs (a token is taken, and given back when the code named an item),
/// so parallel guesses cannot all pass a check made before any was charged; and once the misses are
/// spent every look-up of that client is refused, hits too, or the refusal itself would tell a
/// guess that hit from one that missed.
struct TrackingCodeLookups: Sendable {
    static let missScope = "code_miss"

    enum Outcome<Found: Sendable>: Sendable {
        case found(Found)
        case notFound
        /// The client must wait (429, Retry-After).
        case limited
    }

    let store: ThrottleStore
    let misses: ThrottleStore.Policy
    let perMinute: RateLimiter
    let addresses: AddressHasher
    let clock: ServiceClock
    private let pruning = PruneSchedule(every: 600)

    init(store: ThrottleStore, policy: ProtectionPolicy, addresses: AddressHasher, clock: ServiceClock) {
        self.store = store
        self.misses = policy.trackingCodeMisses
        self.perMinute = RateLimiter(policy: .init(capacity: Double(policy.lookupsPerMinute),
                                                   refillPerSecond: Double(policy.lookupsPerMinute) / 60))
        self.addresses = addresses
        self.clock = clock
    }

    /// Runs `lookUp` (nil: no item has the code) within the client's limits.
    func lookUp<Found: Sendable>(_ request: Request, context: AppRequestContext,
                                 _ lookUp: () async throws -> Found?) async throws -> Outcome<Found> {
        let client = addresses.hash(request, peer: context.remoteAddress)
        guard perMinute.allow(client) else {
            CivicMetrics.blocked("lookup_rate").increment()
            return .limited
        }
        let now = clock.now()
        try await pruneIfDue(now: now, logger: context.logger)
        let bucket = ThrottleStore.Bucket(scope: Self.missScope, key: client, policy: misses)
        guard try await store.take([bucket], now: now, logger: context.logger) else {
            CivicMetrics.blocked("code_guessing").increment()
            context.logger.notice("tracking-code look-ups throttled")
            return .limited
        }
        guard let found = try await lookUp() else { return .notFound }
        try await store.giveBack([bucket], logger: context.logger)
        return .found(found)
    }

    /// At most every ten minutes per process: buckets that have refilled are deleted.
    private func pruneIfDue(now: Date, logger: Logger) async throws {
        if pruning.isDue(at: now) { try await store.prune(scope: Self.missScope, policy: misses, now: now, logger: logger) }
    }
}
