import CivicCore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Issue 13, must fix 1: tracking-code look-ups (status page, rating, Open311) are rate limited per
/// client, and a client guessing codes is stopped after a few misses.
@Suite(.timeLimit(.minutes(2)))
struct LookupThrottleTests {
    @Test func aTrackingCodeGuesserIsThrottled() async throws {
        try await TestApp.withApp { client, _ in
            // act: codes of the right shape that name nothing, from one client
            var statuses: [Int] = []
            var generator = SystemRandomNumberGenerator()
            for index in 0..<40 {
                let code = TrackingCode(date: CalendarDate(year: 2026, month: 11, day: 27)!, sequence: index + 1,
                                        suffix: TrackingCode.randomSuffix(using: &generator))
                let uri = index.isMultiple(of: 2) ? "/pakn/\(code)" : "/open311/v2/requests/\(code).json"
                statuses.append(try await client.execute(uri: uri, method: .get).status.code)
            }
            // validate: misses are answered 404 until the allowance is spent, then 429
            #expect(statuses.prefix(5).allSatisfy { $0 == 404 }, "\(statuses)")
            #expect(statuses.suffix(10).allSatisfy { $0 == 429 }, "a guesser is stopped: \(statuses)")
        }
    }
}
