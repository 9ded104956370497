import CivicCore
import Foundation
import Logging
import PostgresNIO

/// Token buckets kept in PostgreSQL, so that a limit holds across every server process behind a
/// balancer (0010_throttles.sql), and the places staff accounts have signed in from.
///
/// Used where a request is rare and costly enough that one more statement does not matter (a
/// sign-in, a look-up by tracking code); the submission rate limit stays in memory, where a write
/// per request would be the load it protects against.
///
/// Guarantees: ``take(_:now:logger:)`` takes a token from every bucket or from none, atomically
/// (rows locked in the order given, so two callers naming the same buckets in the same order
/// cannot deadlock); keys are stored as given: callers pass keyed hashes, never raw addresses.
public struct ThrottleStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// A bucket: `capacity` tokens when full, `refillPerSecond` regained per second.
    public struct Policy: Sendable, Hashable {
        public var capacity: Double
        public var refillPerSecond: Double

        public init(capacity: Double, refillPerSecond: Double) {
            self.capacity = capacity
            self.refillPerSecond = refillPerSecond
        }

        /// How long an untouched bucket takes to fill up from empty: after that its row says nothing.
        public var secondsToFull: Double { refillPerSecond > 0 ? capacity / refillPerSecond : .infinity }
    }

    public struct Bucket: Sendable, Hashable {
        /// What is limited, e.g. `sign_in_login` (letters and `_`).
        public let scope: String
        public let key: String
        public let policy: Policy

        public init(scope: String, key: String, policy: Policy) {
            self.scope = scope
            self.key = key
            self.policy = policy
        }
    }

    private struct Refused: Error {}

    /// Takes one token from each bucket, or from none when one of them is empty.
    /// - Returns: whether the tokens were taken.
    public func take(_ buckets: [Bucket], now: Date, logger: Logger) async throws -> Bool {
        do {
            try await database.withTransaction(logger: logger) { connection in
                for bucket in buckets {
                    let capacity = bucket.policy.capacity
                    let rate = bucket.policy.refillPerSecond
                    // The bucket as it stands `now`: its tokens plus what it regained since its
                    // last change (never more than full; a clock behind another server's counts
                    // as no time passed).
                    let rows = try await connection.query("""
                        INSERT INTO throttle_buckets AS b (scope, key, tokens, updated_at)
                        VALUES (\(bucket.scope), \(bucket.key), \(capacity)::float8 - 1, \(now))
                        ON CONFLICT (scope, key) DO UPDATE
                        SET tokens = LEAST(\(capacity)::float8,
                                           b.tokens + GREATEST(0, extract(epoch FROM \(now)::timestamptz - b.updated_at)::float8)
                                                      * \(rate)::float8) - 1,
                            updated_at = GREATEST(b.updated_at, \(now)::timestamptz)
                        WHERE LEAST(\(capacity)::float8,
                                    b.tokens + GREATEST(0, extract(epoch FROM \(now)::timestamptz - b.updated_at)::float8)
                                               * \(rate)::float8) >= 1
                        RETURNING tokens
                        """, logger: logger)
                    var taken = false
                    for try await _ in rows { taken = true }
                    // Rolls back the tokens taken from the buckets before this one.
                    if !taken { throw Refused() }
                }
            }
            return true
        } catch is Refused {
            return false
        }
    }

    /// Gives one token back to each bucket (the request turned out to be one the limit does not
    /// count: a sign-in that succeeded, a code that named an item).
    public func giveBack(_ buckets: [Bucket], logger: Logger) async throws {
        for bucket in buckets {
            try await database.execute("""
                UPDATE throttle_buckets
                SET tokens = LEAST(\(bucket.policy.capacity)::float8, tokens + 1)
                WHERE scope = \(bucket.scope) AND key = \(bucket.key)
                """, logger: logger)
        }
    }

    /// Deletes the buckets of `scope` untouched long enough to be full again.
    public func prune(scope: String, policy: Policy, now: Date, logger: Logger) async throws {
        guard policy.secondsToFull.isFinite else { return }
        let cutoff = now.addingTimeInterval(-policy.secondsToFull)
        try await database.execute("""
            DELETE FROM throttle_buckets
            WHERE scope = \(scope) AND updated_at < \(cutoff)
            """, logger: logger)
    }

    // MARK: - Where accounts signed in from

    /// Whether the account (`loginKey`) has signed in from `clientKey` before.
    public func isKnownPlace(loginKey: String, clientKey: String, logger: Logger) async throws -> Bool {
        try await !database.query("""
            SELECT 1
            FROM sign_in_places
            WHERE login_key = \(loginKey) AND client_key = \(clientKey)
            """, logger: logger) { _ in true }.isEmpty
    }

    /// Records a successful sign-in of the account from `clientKey`.
    public func rememberPlace(loginKey: String, clientKey: String, now: Date, logger: Logger) async throws {
        try await database.execute("""
            INSERT INTO sign_in_places (login_key, client_key, last_seen_at)
            VALUES (\(loginKey), \(clientKey), \(now))
            ON CONFLICT (login_key, client_key) DO UPDATE SET last_seen_at = excluded.last_seen_at
            """, logger: logger)
    }

    /// Forgets the places not used for `seconds`.
    public func forgetPlaces(unusedFor seconds: TimeInterval, now: Date, logger: Logger) async throws {
        try await database.execute("""
            DELETE FROM sign_in_places
            WHERE last_seen_at < \(now.addingTimeInterval(-seconds))
            """, logger: logger)
    }
}
