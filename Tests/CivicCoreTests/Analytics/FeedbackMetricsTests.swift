import Foundation
import Testing
@testable import CivicCore

@Suite struct FeedbackMetricsTests {
    /// 60 received, 5 out of scope → 55 in scope; 40 resolved + 8 forwarded = 48 handled, 7 pending
    /// (2 overdue); 42 of the 48 on time; 20 ratings, 17 satisfied.
    private func example() throws -> FeedbackMetrics {
        try FeedbackMetrics(received: 60, outOfScope: 5, resolved: 40, forwarded: 8, pending: 7, overdue: 2,
                            handledOnTime: 42, ratedSatisfied: 17, ratedTotal: 20,
                            daysToHandle: [3, 1, 4, 1, 5, 9, 2, 6])
    }

    @Test func rates() throws {
        let metrics = try example()
        #expect(metrics.inScope == 55)
        #expect(metrics.handled == 48)
        #expect(metrics.handledRate.numerator == 48 && metrics.handledRate.denominator == 55)
        #expect(abs(metrics.handledRate.rate! - 48.0 / 55.0) < 1e-12)
        #expect(metrics.handledRate.target == 1)
        #expect(metrics.handledRate.met == false)
        #expect(metrics.onTimeRate.rate == 0.875)              // 42 / 48
        #expect(metrics.onTimeRate.target == 1)
        #expect(metrics.satisfiedShareOfRated.rate == 0.85)    // 17 / 20
        #expect(metrics.satisfiedShareOfRated.target == 0.9)
    }

    @Test func durations() throws {
        let metrics = try example()
        // sorted: 1 1 2 3 4 5 6 9 → median (3 + 4) / 2 = 3.5; p90 rank ⌈7.2⌉ = 8 → 9
        #expect(metrics.medianDays == 3.5)
        #expect(metrics.p90Days == 9)
        #expect(metrics.durationsCounted == 8)
    }

    @Test func everythingHandled() throws {
        let metrics = try FeedbackMetrics(received: 10, outOfScope: 0, resolved: 6, forwarded: 4, pending: 0, overdue: 0,
                                          handledOnTime: 10, ratedSatisfied: 0, ratedTotal: 0, daysToHandle: [])
        #expect(metrics.handledRate.met == true)
        #expect(metrics.onTimeRate.met == true)
        #expect(metrics.satisfiedShareOfRated.rate == nil)
        #expect(metrics.medianDays == nil && metrics.p90Days == nil)
    }

    @Test func nothingReceived() throws {
        let metrics = try FeedbackMetrics(received: 0, outOfScope: 0, resolved: 0, forwarded: 0, pending: 0, overdue: 0,
                                          handledOnTime: 0, ratedSatisfied: 0, ratedTotal: 0, daysToHandle: [])
        #expect(metrics.handledRate.rate == nil && metrics.handledRate.met == nil)
        #expect(metrics.onTimeRate.rate == nil)
    }

    @Test func customTargets() throws {
        let metrics = try FeedbackMetrics(received: 10, outOfScope: 0, resolved: 10, forwarded: 0, pending: 0, overdue: 0,
                                          handledOnTime: 9, ratedSatisfied: 0, ratedTotal: 0, daysToHandle: [],
                                          onTimeTarget: 0.9)
        #expect(metrics.onTimeRate.met == true)
    }

    @Test func inconsistentCountsAreRefused() {
        #expect(throws: AnalyticsInputError.exceeds(part: "outOfScope", value: 6, whole: "received", limit: 5)) {
            try FeedbackMetrics(received: 5, outOfScope: 6, resolved: 0, forwarded: 0, pending: 0, overdue: 0,
                                handledOnTime: 0, ratedSatisfied: 0, ratedTotal: 0, daysToHandle: [])
        }
        #expect(throws: AnalyticsInputError.exceeds(part: "handled + pending", value: 11, whole: "inScope", limit: 10)) {
            try FeedbackMetrics(received: 10, outOfScope: 0, resolved: 8, forwarded: 2, pending: 1, overdue: 0,
                                handledOnTime: 0, ratedSatisfied: 0, ratedTotal: 0, daysToHandle: [])
        }
        #expect(throws: AnalyticsInputError.exceeds(part: "overdue", value: 2, whole: "pending", limit: 1)) {
            try FeedbackMetrics(received: 10, outOfScope: 0, resolved: 0, forwarded: 0, pending: 1, overdue: 2,
                                handledOnTime: 0, ratedSatisfied: 0, ratedTotal: 0, daysToHandle: [])
        }
        #expect(throws: AnalyticsInputError.exceeds(part: "handledOnTime", value: 4, whole: "handled", limit: 3)) {
            try FeedbackMetrics(received: 10, outOfScope: 0, resolved: 3, forwarded: 0, pending: 0, overdue: 0,
                                handledOnTime: 4, ratedSatisfied: 0, ratedTotal: 0, daysToHandle: [])
        }
        #expect(throws: AnalyticsInputError.exceeds(part: "ratedSatisfied", value: 2, whole: "ratedTotal", limit: 1)) {
            try FeedbackMetrics(received: 10, outOfScope: 0, resolved: 3, forwarded: 0, pending: 0, overdue: 0,
                                handledOnTime: 0, ratedSatisfied: 2, ratedTotal: 1, daysToHandle: [])
        }
        #expect(throws: AnalyticsInputError.negative(field: "pending", value: -1)) {
            try FeedbackMetrics(received: 10, outOfScope: 0, resolved: 3, forwarded: 0, pending: -1, overdue: 0,
                                handledOnTime: 0, ratedSatisfied: 0, ratedTotal: 0, daysToHandle: [])
        }
        #expect(throws: AnalyticsInputError.negative(field: "daysToHandle", value: -2)) {
            try FeedbackMetrics(received: 10, outOfScope: 0, resolved: 3, forwarded: 0, pending: 0, overdue: 0,
                                handledOnTime: 0, ratedSatisfied: 0, ratedTotal: 0, daysToHandle: [1, -2])
        }
        #expect(AnalyticsInputError.exceeds(part: "handledOnTime", value: 7, whole: "handled", limit: 5).description
            == "handledOnTime (7) exceeds handled (5)")
    }

    @Test func jsonHasEveryKey() throws {
        let metrics = try FeedbackMetrics(received: 0, outOfScope: 0, resolved: 0, forwarded: 0, pending: 0, overdue: 0,
                                          handledOnTime: 0, ratedSatisfied: 0, ratedTotal: 0, daysToHandle: [])
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(metrics)) as! [String: Any]
        #expect(object["medianDays"] is NSNull && object["p90Days"] is NSNull)
        #expect(object.keys.count == 18)   // overdueUnclassified since issue 11
        let full = try example()
        #expect(try JSONDecoder().decode(FeedbackMetrics.self, from: JSONEncoder().encode(full)) == full)
    }
}
