import Foundation
import Testing
@testable import CivicCore

/// The cluster interval against values computed here from each respondent's answers, by the
/// definition (Σ(s_i − p·a_i)², not the expanded sums the rollups keep), with Wilson's formula
/// written out again.
@Suite struct ClusteredCountTests {
    /// One respondent: satisfied answers out of answered.
    typealias Respondent = (satisfied: Int, answered: Int)

    /// The reference: p, v, deff, n_eff and Wilson's interval at n_eff, straight from the formulas.
    static func reference(_ respondents: [Respondent]) -> (p: Double, deff: Double, effective: Double,
                                                            low: Double, high: Double) {
        let s = Double(respondents.reduce(0) { $0 + $1.satisfied })
        let a = Double(respondents.reduce(0) { $0 + $1.answered })
        let m = Double(respondents.count)
        let p = s / a
        let residuals = respondents.reduce(0.0) { sum, r in
            let e = Double(r.satisfied) - p * Double(r.answered)
            return sum + e * e
        }
        let v = m / (m - 1) * residuals / (a * a)
        let deff = v / (p * (1 - p) / a)
        let n = a / deff
        let z = 1.959963984540054
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        return (p, deff, n, centre - half, centre + half)
    }

    static func count(_ respondents: [Respondent]) -> ClusteredCount {
        respondents.reduce(ClusteredCount.zero) { $0 + ClusteredCount(respondentSatisfied: $1.satisfied, answered: $1.answered) }
    }

    @Test func answersThatMoveTogetherWidenTheIntervalSeveralTimes() throws {
        // setup: 40 respondents of 23 answers: 28 satisfied on 22, 12 on only 5. Each one's answers
        // move together, so p = 676/920 = 73.5% rests on 40 people, not on 920 independent answers:
        // deff ≈ 13.9, n_eff ≈ 66.2.
        let respondents: [Respondent] = Array(repeating: (22, 23), count: 28) + Array(repeating: (5, 23), count: 12)
        let expected = Self.reference(respondents)

        // act
        let count = Self.count(respondents)
        let interval = count.interval
        let bounds = try #require(interval.bounds(rate: count.proportion.rate!))

        // validate
        #expect(count.satisfied == 676 && count.answered == 920 && count.clusters == 40)
        #expect(abs(expected.deff - 13.887) < 0.001, "the data's own deff")
        #expect(interval.method == .clusterWilson)
        #expect(abs(interval.designEffect! - expected.deff) < 1e-9)
        #expect(abs(interval.effectiveSize! - expected.effective) < 1e-9)
        #expect(abs(bounds.lowerBound - expected.low) < 1e-12 && abs(bounds.upperBound - expected.high) < 1e-12)
        #expect(interval.respondents == 40)
        let naive = try #require(count.proportion.wilsonInterval())
        let ratio = (bounds.upperBound - bounds.lowerBound) / (naive.upperBound - naive.lowerBound)
        #expect(ratio > 3.5, "the per-answer Wilson interval is \(ratio) times too narrow")
    }

    @Test func sumsAddUpAcrossDisjointRespondents() {
        let first: [Respondent] = [(3, 5), (5, 5), (0, 4)]
        let second: [Respondent] = [(2, 2), (1, 6)]
        #expect(Self.count(first) + Self.count(second) == Self.count(first + second))
        let all = Self.count(first + second)
        #expect(all.satisfiedSquared == 9 + 25 + 0 + 4 + 1)
        #expect(all.satisfiedAnswered == 15 + 25 + 0 + 4 + 6)
        #expect(all.answeredSquared == 25 + 25 + 16 + 4 + 36)
    }

    @Test func unevenRespondentsMatchTheDefinition() throws {
        // Respondents skip questions: sizes 1 to 23, rates all over.
        let respondents: [Respondent] = (0..<57).map { index in
            let answered = 1 + (index * 7) % 23
            return (answered * ((index * 5) % 11) / 10, answered)
        }
        let expected = Self.reference(respondents)
        let interval = Self.count(respondents).interval
        #expect(abs(interval.designEffect! - expected.deff) < 1e-9)
        #expect(abs(interval.effectiveSize! - expected.effective) < 1e-9)
    }

    @Test func allSatisfiedFallsBackToTheRespondentsAsTheSize() throws {
        // p = 1: p(1 − p) = 0, so deff is not estimable; n_eff is the 30 respondents, not 690 answers.
        let count = Self.count(Array(repeating: (23, 23), count: 30))
        let interval = count.interval
        #expect(interval.effectiveSize == 30)
        #expect(interval.designEffect == 23)
        let bounds = try #require(interval.bounds(rate: 1))
        let onRespondents = try #require(Proportion(successes: 30, trials: 30).wilsonInterval())
        #expect(abs(bounds.lowerBound - onRespondents.lowerBound) < 1e-12 && bounds.upperBound == 1)
    }

    @Test func oneRespondentIsOneTrial() {
        let interval = Self.count([(4, 9)]).interval
        #expect(interval.effectiveSize == 1 && interval.designEffect == 9)
    }

    @Test func noAnswersHaveNoInterval() {
        let interval = ClusteredCount.zero.interval
        #expect(interval.method == .clusterWilson && interval.effectiveSize == nil && interval.designEffect == nil)
        #expect(interval.bounds(rate: 0) == nil)
    }

    @Test func singleAnswersAreTheirOwnClusters() {
        let count = ClusteredCount(singleAnswers: Proportion(successes: 7, trials: 10))
        #expect(count.clusters == 10 && count.satisfiedSquared == 7 && count.answeredSquared == 10)
        // One answer each: deff = m/(m−1), n_eff = n − 1.
        #expect(abs(count.interval.effectiveSize! - 9) < 1e-9)
    }
}
