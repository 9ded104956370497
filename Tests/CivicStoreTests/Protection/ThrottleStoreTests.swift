import CivicStore
import CivicTestSupport
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct ThrottleStoreTests {
    static let policy = ThrottleStore.Policy(capacity: 3, refillPerSecond: 1.0 / 60)
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func bucket(_ key: String, scope: String = "test_scope") -> ThrottleStore.Bucket {
        ThrottleStore.Bucket(scope: scope, key: key, policy: policy)
    }

    @Test func aBucketEmptiesThenRefillsWithTime() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let store = ThrottleStore(database: database)
            var taken: [Bool] = []
            for _ in 0..<4 { taken.append(try await store.take([Self.bucket("a")], now: Self.start, logger: TestDatabase.logger)) }
            #expect(taken == [true, true, true, false])
            // One token a minute: 59 seconds later still empty, at 60 one more.
            #expect(try await !store.take([Self.bucket("a")], now: Self.start.addingTimeInterval(59), logger: TestDatabase.logger))
            #expect(try await store.take([Self.bucket("a")], now: Self.start.addingTimeInterval(60), logger: TestDatabase.logger))
            // A clock behind the last change counts as no time passed.
            #expect(try await !store.take([Self.bucket("a")], now: Self.start, logger: TestDatabase.logger))
        }
    }

    @Test func severalBucketsAreTakenAllOrNone() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let store = ThrottleStore(database: database)
            for _ in 0..<3 { _ = try await store.take([Self.bucket("full")], now: Self.start, logger: TestDatabase.logger) }
            // "fresh" has tokens, "full" has none: neither is charged.
            #expect(try await !store.take([Self.bucket("fresh"), Self.bucket("full")], now: Self.start, logger: TestDatabase.logger))
            for _ in 0..<3 {
                #expect(try await store.take([Self.bucket("fresh")], now: Self.start, logger: TestDatabase.logger))
            }
            // Given back: one more may pass.
            try await store.giveBack([Self.bucket("full")], logger: TestDatabase.logger)
            #expect(try await store.take([Self.bucket("full")], now: Self.start, logger: TestDatabase.logger))
        }
    }

    @Test func parallelTakesNeverExceedTheCapacity() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let store = ThrottleStore(database: database)
            let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await store.take([Self.bucket("raced")], now: Self.start, logger: TestDatabase.logger) }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(granted == 3)
        }
    }

    @Test func fullBucketsAndOldPlacesArePruned() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let store = ThrottleStore(database: database)
            _ = try await store.take([Self.bucket("old")], now: Self.start, logger: TestDatabase.logger)
            _ = try await store.take([Self.bucket("recent")], now: Self.start.addingTimeInterval(150), logger: TestDatabase.logger)
            // Three minutes fill the bucket: "old" has refilled by then, "recent" not.
            try await store.prune(scope: "test_scope", policy: Self.policy, now: Self.start.addingTimeInterval(181),
                                  logger: TestDatabase.logger)
            let keys = try await database.query("SELECT key FROM throttle_buckets ORDER BY key", logger: TestDatabase.logger) {
                try $0.decode(String.self)
            }
            #expect(keys == ["recent"])

            try await store.rememberPlace(loginKey: "l", clientKey: "c", now: Self.start, logger: TestDatabase.logger)
            #expect(try await store.isKnownPlace(loginKey: "l", clientKey: "c", logger: TestDatabase.logger))
            #expect(try await !store.isKnownPlace(loginKey: "l", clientKey: "other", logger: TestDatabase.logger))
            try await store.forgetPlaces(unusedFor: 60, now: Self.start.addingTimeInterval(61), logger: TestDatabase.logger)
            #expect(try await !store.isKnownPlace(loginKey: "l", clientKey: "c", logger: TestDatabase.logger))
        }
    }
}
