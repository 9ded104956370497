import Foundation
import Synchronization

/// A token bucket per client key, in memory.
///
/// Kept in the process on purpose: a limit that needs a database write per request would become
/// the bottleneck it protects against. Behind several servers each enforces its own share, which
/// is acceptable for abuse protection (sign-ins and tracking-code guesses, where a shared count
/// matters, are limited in PostgreSQL: ``ThrottleStore``).
///
/// Memory stays bounded without ever scanning the table: buckets live in two generations per
/// shard. A bucket used is kept in (or moved to) the current one; every `secondsToFull` the current
/// generation becomes the previous one and the previous one is dropped, so a bucket untouched for
/// that long (full again: it carries no information) disappears, and a shard holding
/// `maximumKeys / shards` keys in its current generation rotates early. Keys are spread over shards
/// with their own locks, so clients do not all queue on one.
final class RateLimiter: Sendable {
    struct Policy: Sendable {
        /// Requests allowed in a burst.
        var capacity: Double
        /// Tokens regained per second.
        var refillPerSecond: Double
    }

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private struct Generations {
        var current: [String: Bucket] = [:]
        var previous: [String: Bucket] = [:]
        var rotated: ContinuousClock.Instant
    }

    /// A class around the lock: a `Mutex` cannot be copied into an array.
    private final class Shard: Sendable {
        let state: Mutex<Generations>
        init(_ now: ContinuousClock.Instant) { state = Mutex(Generations(rotated: now)) }
    }

    static let shardCount = 16

    private let policy: Policy
    private let shards: [Shard]
    private let clock = ContinuousClock()
    private let keysPerShard: Int
    private let generation: Duration

    init(policy: Policy, maximumKeys: Int = 100_000) {
        self.policy = policy
        let now = clock.now
        self.shards = (0..<Self.shardCount).map { _ in Shard(now) }
        self.keysPerShard = max(1, maximumKeys / Self.shardCount)
        let seconds = policy.refillPerSecond > 0 ? policy.capacity / policy.refillPerSecond : 3600
        self.generation = .milliseconds(Int64(min(seconds, 86_400) * 1000))
    }

    /// Whether `key` has a token left, without taking it.
    func hasToken(_ key: String) -> Bool {
        let now = clock.now
        return shard(for: key).state.withLock { shard in
            guard let bucket = shard.current[key] ?? shard.previous[key] else { return true }
            return refilled(bucket, now: now).tokens >= 1
        }
    }

    /// Takes one token for `key`; false when the client must wait.
    func allow(_ key: String) -> Bool {
        let now = clock.now
        return shard(for: key).state.withLock { shard in
            rotateIfDue(&shard, now: now)
            let stored = shard.current[key] ?? shard.previous.removeValue(forKey: key)
            var bucket = refilled(stored ?? Bucket(tokens: policy.capacity, updated: now), now: now)
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            shard.current[key] = bucket
            return allowed
        }
    }

    /// How many keys are held (for tests of the bound).
    var keyCount: Int { shards.reduce(0) { total, shard in total + shard.state.withLock { $0.current.count + $0.previous.count } } }

    private func rotateIfDue(_ shard: inout Generations, now: ContinuousClock.Instant) {
        guard now - shard.rotated >= generation || shard.current.count >= keysPerShard else { return }
        shard.previous = shard.current
        shard.current = [:]
        shard.rotated = now
    }

    private func shard(for key: String) -> Shard {
        var hasher = Hasher()
        hasher.combine(key)
        return shards[Int(UInt(bitPattern: hasher.finalize()) % UInt(Self.shardCount))]
    }

    private func refilled(_ bucket: Bucket, now: ContinuousClock.Instant) -> Bucket {
        let elapsed = now - bucket.updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Bucket(tokens: min(policy.capacity, bucket.tokens + seconds * policy.refillPerSecond), updated: now)
    }
}
