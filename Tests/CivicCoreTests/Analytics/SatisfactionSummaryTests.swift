import Foundation
import Testing
@testable import CivicCore

@Suite struct SatisfactionSummaryTests {
    /// The worked example:
    ///
    /// | element | satisfied / answered | rate |
    /// | --- | --- | --- |
    /// | access | 18 / 20 | 0.90 |
    /// | procedure | 40 / 50 | 0.80 |
    /// | civil servant | 95 / 100 | 0.95 |
    /// | result | 0 / 0 | no data |
    /// | feedback handling | 7 / 10 | 0.70 |
    ///
    /// Mean of elements = (0.90 + 0.80 + 0.95 + 0.70) / 4 = 3.35 / 4 = 0.8375 (result left out).
    /// Sums over elements: 160 / 180 = 0.8889. The pool adds the overall question, 25 / 30:
    /// 185 / 210 = 0.880952. The civil servant's 100 answers pull the pool up; the mean gives
    /// feedback handling's 10 answers the same weight, and pulls it down.
    private func example(population: Int? = nil, respondents: Int? = nil) -> SatisfactionSummary {
        func single(_ satisfied: Int, _ answered: Int) -> ClusteredCount {
            ClusteredCount(singleAnswers: Proportion(successes: satisfied, trials: answered))
        }
        return SatisfactionSummary(
            elements: [
                .access: single(18, 20),
                .procedure: single(40, 50),
                .civilServant: single(95, 100),
                .result: .zero,
                .feedbackHandling: single(7, 10),
            ],
            pooled: single(185, 210),
            target: 0.9, population: population, respondents: respondents)
    }

    @Test func pooledAndMeanOfElementsDiffer() {
        let summary = example()
        #expect(abs(summary.pooled.rate! - 185.0 / 210.0) < 1e-12)
        #expect(abs(summary.meanOfElements.rate! - 0.8375) < 1e-12)
        #expect(summary.meanOfElements.satisfied == 160)
        #expect(summary.meanOfElements.answered == 180)
        #expect(summary.meanOfElements.elementsWithData == 4)
        #expect(summary.meanOfElements.ci95 == nil)
        #expect(summary.meanOfElements.met == false)
        #expect(summary.pooled.met == false)
    }

    @Test func elementsKeepTheirOwnRates() {
        let summary = example()
        #expect(summary.elements.count == 5)
        #expect(summary.elements[.civilServant]?.rate == 0.95)
        #expect(summary.elements[.civilServant]?.met == true)
        #expect(summary.elements[.result]?.rate == nil)
        #expect(summary.elements[.result]?.met == nil)
        #expect(summary.elements[.access]?.sampleSufficient == nil)
    }

    @Test func sampleIsJudgedOnRespondents() {
        let summary = example(population: 1000, respondents: 300)
        #expect(summary.pooled.requiredSample == 286)
        #expect(summary.pooled.sampleSufficient == true)
        #expect(summary.meanOfElements.sampleSufficient == true)
        let short = example(population: 1000, respondents: 20)
        #expect(short.pooled.sampleSufficient == false)
        #expect(short.meanOfElements.sampleSufficient == false)
    }

    @Test func noElementData() {
        let summary = SatisfactionSummary(elements: [:], pooled: .zero)
        #expect(summary.meanOfElements.rate == nil && summary.meanOfElements.met == nil)
        #expect(summary.meanOfElements.elementsWithData == 0)
        #expect(summary.pooled.rate == nil)
    }

    @Test func meanOfEqualRatesIsThatRate() {
        let third = ClusteredCount(respondentSatisfied: 1, answered: 3)
        let summary = SatisfactionSummary(elements: Dictionary(uniqueKeysWithValues: SatisfactionElement.allCases.map { ($0, third) }),
                                          pooled: ClusteredCount(respondentSatisfied: 5, answered: 15))
        #expect(summary.meanOfElements.rate == third.proportion.rate)
    }

    @Test func jsonKeysElementsByRawValueAndRoundTrips() throws {
        let summary = example()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(summary)
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let elements = object["elements"] as! [String: Any]
        #expect(Set(elements.keys) == ["access", "procedure", "civil_servant", "result", "feedback_handling"])
        let mean = object["meanOfElements"] as! [String: Any]
        #expect(mean["ci95"] is NSNull)
        #expect(mean["verdict"] is NSNull)
        #expect((mean["interval"] as? [String: Any])?["method"] as? String == "none")
        #expect(((object["pooled"] as! [String: Any])["interval"] as? [String: Any])?["method"] as? String == "cluster_wilson")
        #expect(mean["elementsWithData"] as? Int == 4)
        #expect(try JSONDecoder().decode(SatisfactionSummary.self, from: data) == summary)
        #expect(throws: DecodingError.self) {
            let bad = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"access\"", with: "\"accessibility\"")
            _ = try JSONDecoder().decode(SatisfactionSummary.self, from: Data(bad.utf8))
        }
    }
}
