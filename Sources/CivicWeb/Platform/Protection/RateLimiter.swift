import Foundation
import Synchronization

/// A token bucket per client key, in memory.
///
/// Kept in the process on purpose: a limit that needs a database write per request would become
/// the bottleneck it protects against. Behind several servers each enforces its own share, which
/// is acceptable for abuse protection. Stale buckets are pruned as the table grows.
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

    private let policy: Policy
    private let buckets = Mutex<[String: Bucket]>([:])
    private let clock = ContinuousClock()
    private let maximumKeys: Int

    init(policy: Policy, maximumKeys: Int = 100_000) {
        self.policy = policy
        self.maximumKeys = maximumKeys
    }

    /// Whether `key` has a token left, without taking it (a login throttle charges failures only).
    func hasToken(_ key: String) -> Bool {
        let now = clock.now
        return buckets.withLock { buckets in
            guard let bucket = buckets[key] else { return true }
            return refilled(bucket, now: now).tokens >= 1
        }
    }

    /// Takes one token for `key`; false when the client must wait.
    func allow(_ key: String) -> Bool {
        let now = clock.now
        let policy = self.policy
        let maximumKeys = self.maximumKeys
        return buckets.withLock { buckets in
            if buckets.count >= maximumKeys {
                // Drop buckets that have refilled completely: they carry no information.
                let full = Duration.seconds(policy.capacity / policy.refillPerSecond)
                buckets = buckets.filter { now - $0.value.updated < full }
            }
            var bucket = refilled(buckets[key] ?? Bucket(tokens: policy.capacity, updated: now), now: now)
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                return false
            }
            bucket.tokens -= 1
            buckets[key] = bucket
            return true
        }
    }

    private func refilled(_ bucket: Bucket, now: ContinuousClock.Instant) -> Bucket {
        let elapsed = now - bucket.updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Bucket(tokens: min(policy.capacity, bucket.tokens + seconds * policy.refillPerSecond), updated: now)
    }
}
