import Foundation
import Testing
@testable import CivicCore

@Suite struct ProportionTests {
    /// Wilson with z = 1.959963984540054, z² = 3.841458820694125:
    ///   centre = (p̂ + z²/(2n)) / (1 + z²/n),  half = z/(1 + z²/n) · √(p̂(1−p̂)/n + z²/(4n²)).
    private func expectInterval(_ interval: ClosedRange<Double>?, _ low: Double, _ high: Double,
                                sourceLocation: SourceLocation = #_sourceLocation) {
        guard let interval else {
            Issue.record("no interval", sourceLocation: sourceLocation)
            return
        }
        #expect(abs(interval.lowerBound - low) < 1e-6, "low \(interval.lowerBound) vs \(low)", sourceLocation: sourceLocation)
        #expect(abs(interval.upperBound - high) < 1e-6, "high \(interval.upperBound) vs \(high)", sourceLocation: sourceLocation)
    }

    @Test func wilsonFortyFiveOfFifty() {
        // p̂ = 0.9, n = 50: z²/n = 0.0768291764, 1 + z²/n = 1.0768291764
        // centre = (0.9 + 0.0384145882) / 1.0768291764 = 0.8714609603
        // half   = 1.9599639845 / 1.0768291764 · √(0.09/50 + 3.8414588207/10000)
        //        = 1.8201253716 · √0.0021841459 = 0.0850632747
        // → [0.7863976856, 0.9565242351]
        let proportion = Proportion(successes: 45, trials: 50)
        #expect(proportion.rate == 0.9)
        expectInterval(proportion.wilsonInterval(), 0.7863976856, 0.9565242351)
    }

    @Test func wilsonNoneOfTen() {
        // p̂ = 0, n = 10: 1 + z²/n = 1.3841458821; centre = 0.1920729410 / 1.3841458821 = 0.1387663999,
        // half = 1.9599639845 / 1.3841458821 · (z / 20) = 0.1387663999 → [0 exactly, 0.2775327999]
        let interval = Proportion(successes: 0, trials: 10).wilsonInterval()
        expectInterval(interval, 0, 0.2775327999)
        #expect(interval?.lowerBound == 0)
    }

    @Test func wilsonTenOfTen() {
        // The mirror image of 0/10: [1 − 0.2775327999, 1 exactly] = [0.7224672001, 1]
        let interval = Proportion(successes: 10, trials: 10).wilsonInterval()
        expectInterval(interval, 0.7224672001, 1)
        #expect(interval?.upperBound == 1)
    }

    @Test func wilsonLaoCai2024() {
        // Lào Cai 2024: 84.92% from 486 forms. 84.92% of 486 is 412.7 forms, so the published rate
        // is not a plain count over forms; the interval from the rate itself:
        // z²/n = 3.8414588207 / 486 = 0.0079042363, 1 + z²/n = 1.0079042363
        // centre = (0.8492 + 0.0039521181) / 1.0079042363 = 0.8464614866
        // half   = 1.9599639845 / 1.0079042363 · √(0.8492·0.1508/486 + 3.8414588207/944784)
        //        = 1.9445938063 · √0.0002675683 = 0.0318083775
        // → [0.8146531091, 0.8782698640]: well short of 90% even at the top.
        expectInterval(Proportion.wilsonInterval(rate: 0.8492, trials: 486), 0.8146531091, 0.8782698640)
        // The nearest count, 413/486 = 84.979%: centre 0.8470510651, half 0.0317575344.
        expectInterval(Proportion(successes: 413, trials: 486).wilsonInterval(), 0.8152935306, 0.8788085995)
    }

    @Test func noTrialsHasNoRateNorInterval() {
        let empty = Proportion(successes: 0, trials: 0)
        #expect(empty.rate == nil)
        #expect(empty.wilsonInterval() == nil)
        #expect(Proportion.wilsonInterval(rate: 0.5, trials: 0) == nil)
    }

    @Test func intervalAlwaysHoldsTheRate() {
        for trials in 1...60 {
            for successes in 0...trials {
                let proportion = Proportion(successes: successes, trials: trials)
                let interval = proportion.wilsonInterval()!
                #expect(0 <= interval.lowerBound && interval.upperBound <= 1)
                #expect(interval.contains(proportion.rate!), "\(successes)/\(trials)")
            }
        }
    }

    @Test func widerConfidenceGivesAWiderInterval() {
        let proportion = Proportion(successes: 45, trials: 50)
        let ninetyFive = proportion.wilsonInterval()!
        let ninetyNine = proportion.wilsonInterval(confidence: 2.5758293035489)!
        #expect(ninetyNine.lowerBound < ninetyFive.lowerBound && ninetyNine.upperBound > ninetyFive.upperBound)
        #expect(proportion.wilsonInterval(confidence: 0) == 0.9...0.9)
    }

    @Test func decodingRefusesImpossibleCounts() throws {
        let good = try JSONDecoder().decode(Proportion.self, from: Data(#"{"successes":3,"trials":4}"#.utf8))
        #expect(good == Proportion(successes: 3, trials: 4))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Proportion.self, from: Data(#"{"successes":5,"trials":4}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Proportion.self, from: Data(#"{"successes":-1,"trials":4}"#.utf8))
        }
    }
}
