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
        #expect(report.metWithConfidence == false)   // the low end is 78.6%
        #expect(abs(report.ci95!.low - 0.7863976856) < 1e-6)
        #expect(report.requiredSample == 286)
        #expect(report.sampleSufficient == false)    // 50 answers < 286
    }

    @Test func noDataIsNeitherMetNorMissed() {
        let report = RateReport(satisfied: 0, answered: 0, target: 0.9)
        #expect(report.rate == nil && report.ci95 == nil && report.met == nil && report.metWithConfidence == nil)
        #expect(report.requiredSample == nil && report.sampleSufficient == nil)
    }

    @Test func belowTarget() {
        let report = RateReport(satisfied: 413, answered: 486, target: 0.9)
        #expect(report.met == false)
        #expect(report.metWithConfidence == false)
    }

    @Test func metWithConfidence() {
        let report = RateReport(satisfied: 980, answered: 1000, target: 0.9)
        #expect(report.met == true && report.metWithConfidence == true)
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
        #expect(try json(empty) == #"{"answered":0,"ci95":null,"met":null,"rate":null,"requiredSample":null,"#
            + #""sampleSufficient":null,"satisfied":0,"target":0.9}"#)
        let full = RateReport(satisfied: 10, answered: 10, target: 1, population: 10)
        let text = try json(full)
        #expect(text.hasPrefix(#"{"answered":10,"ci95":{"high":1,"low":0.72246720013711"#))
        #expect(text.hasSuffix(#""met":true,"rate":1,"requiredSample":10,"sampleSufficient":true,"satisfied":10,"target":1}"#))
    }

    @Test func jsonRoundTripsAndRecomputesDerivedFields() throws {
        let report = RateReport(satisfied: 45, answered: 50, target: 0.9, population: 1000)
        let decoded = try JSONDecoder().decode(RateReport.self, from: JSONEncoder().encode(report))
        #expect(decoded == report)
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
