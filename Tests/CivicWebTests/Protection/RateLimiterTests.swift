import Testing

@testable import CivicWeb

@Suite struct RateLimiterTests {
    @Test func aClientIsLimitedAndOthersAreNot() {
        let limiter = RateLimiter(policy: .init(capacity: 3, refillPerSecond: 1.0 / 60))
        #expect((0..<4).map { _ in limiter.allow("a") } == [true, true, true, false])
        #expect(limiter.allow("b"))
        #expect(!limiter.hasToken("a") && limiter.hasToken("b") && limiter.hasToken("never seen"))
    }

    @Test func aFloodOfDistinctKeysStaysBoundedWithoutForgettingARecentAbuser() {
        let limiter = RateLimiter(policy: .init(capacity: 2, refillPerSecond: 1.0 / 60), maximumKeys: 1600)
        #expect(limiter.allow("abuser") && limiter.allow("abuser") && !limiter.allow("abuser"))
        // 50 keys per shard on average: far below the 100 a shard holds, the abuser stays limited.
        for index in 0..<800 { _ = limiter.allow("client-\(index)") }
        #expect(!limiter.allow("abuser"))
        // A flood of 100 000 keys: memory holds at most two generations of each shard.
        for index in 0..<100_000 { _ = limiter.allow("flood-\(index)") }
        #expect(limiter.keyCount <= 2 * 1600)
    }
}
