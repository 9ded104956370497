import Foundation
import Testing
@testable import CivicCore

/// Newcombe's hybrid score interval for a difference of proportions against the published
/// examples: Newcombe RG (1998), "Interval estimation for the difference between independent
/// proportions: comparison of eleven methods", Statistics in Medicine 17:873–890, Table II,
/// method 10 (score interval without continuity correction), to the four decimals printed there.
@Suite struct RateChangeTests {
    static let examples: [(m: Int, n: Int, x: Int, y: Int, difference: Double, low: Double, high: Double)] = [
        (56, 70, 48, 80, 0.2000, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.6000, 0.1705, 0.8090),
        (6, 7, 2, 7, 0.5714, 0.0582, 0.8062),
        (5, 56, 0, 29, 0.0893, -0.0381, 0.1926),
        (0, 10, 0, 20, 0.0000, -0.1611, 0.2775),
        (0, 10, 0, 10, 0.0000, -0.2775, 0.2775),
        (10, 10, 0, 20, 1.0000, 0.6791, 1.0000),
        (10, 10, 0, 10, 1.0000, 0.6075, 1.0000),
    ]

    @Test(arguments: examples)
    func newcombesPublishedExamples(_ example: (m: Int, n: Int, x: Int, y: Int, difference: Double, low: Double,
                                                high: Double)) throws {
        // Each proportion with its plain Wilson interval, as in the paper.
        let now = RateReport(satisfied: example.m, answered: example.n)
        let before = RateReport(satisfied: example.x, answered: example.y)
        let change = try #require(RateChange(current: now, previous: before))
        func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
        #expect(rounded(change.difference) == example.difference)
        #expect(rounded(change.low) == example.low, "\(example.m)/\(example.n) − \(example.x)/\(example.y): low \(change.low)")
        #expect(rounded(change.high) == example.high, "\(example.m)/\(example.n) − \(example.x)/\(example.y): high \(change.high)")
        #expect(change.significant == (example.low > 0 || example.high < 0))
    }

    @Test func theEffectiveSizesWidenTheDifference() throws {
        // 20 respondents of 10 answers each, all alike within a respondent: before 16 fully
        // satisfied (80%), now 19 (95%). On 200 answers the change looks significant; on the 20
        // respondents it is not.
        func count(_ satisfiedRespondents: Int) -> ClusteredCount {
            (0..<20).reduce(ClusteredCount.zero) { total, index in
                total + ClusteredCount(respondentSatisfied: index < satisfiedRespondents ? 10 : 0, answered: 10)
            }
        }
        let clustered = try #require(RateChange(current: RateReport(count(19)), previous: RateReport(count(16))))
        let naive = try #require(RateChange(current: RateReport(satisfied: 190, answered: 200),
                                            previous: RateReport(satisfied: 160, answered: 200)))
        #expect(naive.significant)
        #expect(!clustered.significant)
        #expect(abs(clustered.difference - 0.15) < 1e-12)
    }

    @Test func noDataNoChange() {
        #expect(RateChange(current: RateReport(satisfied: 0, answered: 0), previous: RateReport(satisfied: 1, answered: 2)) == nil)
    }
}
