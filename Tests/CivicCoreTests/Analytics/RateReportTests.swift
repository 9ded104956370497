import Foundation
import Testing
@testable import CivicCore

@Suite struct RateReportTests {
    private func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func pointEstimateMeetsTheTargetWhileTheIntervalDoesNot() {
        let report = RateReport(satisfied: 45, answered: 50, target: 0.9, population: 1000)
        #expect(report.rate == 0.9)
        #expect(report.met == true)                  // 90% >= 90%, on the point estimate
        #expect(report.verdict == .inconclusive)     // the interval 78.6–95.7% holds the target
        #expect(abs(report.ci95!.low - 0.7863976856) < 1e-6)
        #expect(report.requiredSample == 286)
        #expect(report.sampleSufficient == false)    // 50 answers < 286
    }

    @Test func noDataIsNeitherMetNorMissed() {
        let report = RateReport(satisfied: 0, answered: 0, target: 0.9)
        #expect(report.rate == nil && report.ci95 == nil && report.met == nil && report.verdict == nil)
        #expect(report.requiredSample == nil && report.sampleSufficient == nil)
    }

    @Test func belowTarget() {
        let report = RateReport(satisfied: 413, answered: 486, target: 0.9)
        #expect(report.met == false)
        #expect(report.verdict == .below)            // 85.0% of 486: the interval ends at 87.8%
    }

    @Test func aboveTargetWithConfidence() {
        let report = RateReport(satisfied: 980, answered: 1000, target: 0.9)
        #expect(report.met == true && report.verdict == .above)
    }

    @Test func verdictFollowsTheClusterInterval() {
        // 881 of 1,000 answers from 40 respondents of 25 answers: 37 at 23/25, 3 at 10/25. On
        // answers (plain Wilson, 85.9–89.96%) the rate looks "clearly below" 90%; with respondents
        // as clusters (deff 4.59, n_eff 218) the interval is 83.1–91.8% and holds 90%.
        let respondents = Array(repeating: (23, 25), count: 37) + Array(repeating: (10, 25), count: 3)
        let count = respondents.reduce(ClusteredCount.zero) { $0 + ClusteredCount(respondentSatisfied: $1.0, answered: $1.1) }
        #expect(RateReport(satisfied: count.satisfied, answered: count.answered).verdict == .below)
        let clustered = RateReport(count, target: 0.9)
        #expect(clustered.rate == 0.881)
        #expect(clustered.interval.method == .clusterWilson)
        #expect(clustered.verdict == .inconclusive)
        #expect(clustered.met == false)
    }

    @Test func tooFewRespondentsBelowTheMinimum() {
        let few = (0..<29).reduce(ClusteredCount.zero) { total, _ in total + ClusteredCount(respondentSatisfied: 20, answered: 20) }
        let report = RateReport(few, target: 0.9)
        #expect(report.tooFewRespondents == true && !report.isRankable)
        #expect(report.met == true, "the point estimate is still shown")
        let enough = few + ClusteredCount(respondentSatisfied: 20, answered: 20)
        #expect(RateReport(enough, target: 0.9).tooFewRespondents == false)
        #expect(RateReport(few, target: 0.9, minimumRespondents: 10).isRankable)
        #expect(RateReport(satisfied: 1, answered: 2).tooFewRespondents == nil, "PAKN items have no respondents")
    }

    @Test func sampleCountsRespondentsWhenGiven() {
        // 300 forms gave 6,000 answers: the sample for Yamane is 300, not 6,000.
        let report = RateReport(satisfied: 5000, answered: 6000, target: 0.9, population: 36525, sample: 300)
        #expect(report.requiredSample == 396)
        #expect(report.sampleSufficient == false)
        let byAnswers = RateReport(satisfied: 5000, answered: 6000, target: 0.9, population: 36525)
        #expect(byAnswers.sampleSufficient == true)
    }

    @Test func completeTargetNeedsEveryItem() {
        #expect(RateReport(satisfied: 99, answered: 100, target: RateReport.completeTarget).met == false)
        #expect(RateReport(satisfied: 100, answered: 100, target: RateReport.completeTarget).met == true)
    }

    @Test func jsonHasEveryKeyWithNulls() throws {
        let empty = RateReport(satisfied: 0, answered: 0, target: 0.9)
        #expect(try json(empty) == #"{"answered":0,"ci95":null,"interval":{"deff":null,"effectiveN":null,"#
            + #""method":"wilson","respondents":null},"met":null,"rate":null,"requiredSample":null,"#
            + #""sampleSufficient":null,"satisfied":0,"target":0.9,"tooFewRespondents":null,"verdict":null}"#)
        let full = RateReport(satisfied: 10, answered: 10, target: 1, population: 10)
        let text = try json(full)
        #expect(text.hasPrefix(#"{"answered":10,"ci95":{"high":1,"low":0.72246720013711"#))
        #expect(text.contains(#""interval":{"deff":1,"effectiveN":10,"method":"wilson","respondents":null}"#))
        #expect(text.hasSuffix(#""met":true,"rate":1,"requiredSample":10,"sampleSufficient":true,"satisfied":10,"#
            + #""target":1,"tooFewRespondents":null,"verdict":"inconclusive"}"#))
    }

    @Test func jsonRoundTripsAndRecomputesDerivedFields() throws {
        let report = RateReport(satisfied: 45, answered: 50, target: 0.9, population: 1000)
        let decoded = try JSONDecoder().decode(RateReport.self, from: JSONEncoder().encode(report))
        #expect(decoded == report)
        let clustered = RateReport(ClusteredCount(respondentSatisfied: 3, answered: 5) + ClusteredCount(respondentSatisfied: 5, answered: 5))
        #expect(try JSONDecoder().decode(RateReport.self, from: JSONEncoder().encode(clustered)) == clustered)
        // A tampered rate is ignored: the counts decide.
        let tampered = #"{"rate":1,"satisfied":1,"answered":2,"ci95":null,"target":0.9,"met":true,"#
            + #""sampleSufficient":null,"requiredSample":null}"#
        let fixed = try JSONDecoder().decode(RateReport.self, from: Data(tampered.utf8))
        #expect(fixed.rate == 0.5 && fixed.met == false && fixed.ci95 != nil)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(RateReport.self, from: Data(#"{"satisfied":3,"answered":2,"target":0.9}"#.utf8))
        }
    }
}
