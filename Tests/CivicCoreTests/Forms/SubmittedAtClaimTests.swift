import CivicCore
import Foundation
import Testing

@Suite struct SubmittedAtClaimTests {
    static let now = ISO8601DateFormatter().date(from: "2026-03-31T03:00:00Z")!   // 10:00 in Vietnam
    static let formSince = ISO8601DateFormatter().date(from: "2026-01-10T09:00:00Z")!

    @Test func instantsAndDaysAreRead() throws {
        #expect(SubmittedAtClaim(parsing: "2026-03-05") == .day(CalendarDate("2026-03-05")!))
        let instant = try #require(SubmittedAtClaim(parsing: "2026-03-05T09:30:00+07:00"))
        #expect(instant.canonicalText == "2026-03-05T02:30:00Z")
        #expect(instant.day == CalendarDate("2026-03-05"))
        #expect(SubmittedAtClaim(parsing: "2026-03-04T23:30:00.250Z")?.day == CalendarDate("2026-03-05"),
                "23:30 UTC is the next morning in Vietnam")
        for bad in ["2026-03-05T09:30:00", "05/03/2026", "2026-02-30", "yesterday", ""] {
            #expect(SubmittedAtClaim(parsing: bad) == nil, "\(bad)")
        }
        // A day is stored as its first instant in Vietnam, so that it counts on that day.
        #expect(SubmittedAtClaim.day(CalendarDate("2026-03-05")!).canonicalText == "2026-03-04T17:00:00Z")
    }

    @Test func theRulesOfAClaim() {
        func refusal(_ text: String) -> SubmittedAtClaim.Refusal? {
            SubmittedAtClaim(parsing: text)!.refusal(now: Self.now, formVersionSince: Self.formSince)
        }
        #expect(refusal("2026-03-31") == nil, "today, as a day, is not in the future")
        #expect(refusal("2026-03-31T09:59:00+07:00") == nil)
        #expect(refusal("2026-03-31T10:01:00+07:00") == .inFuture)
        #expect(refusal("2026-04-01") == .inFuture)
        #expect(refusal("2026-01-10") == nil, "the day the version was stored")
        #expect(refusal("2026-01-10T15:00:00+07:00") == .beforeFormVersion, "an hour before it was stored")
        #expect(refusal("2026-01-09") == .beforeFormVersion)
        let old = SubmittedAtClaim.day(CalendarDate("2025-12-31")!)   // 90 days before 2026-03-31
        #expect(old.refusal(now: Self.now, formVersionSince: nil) == nil)
        #expect(SubmittedAtClaim.day(CalendarDate("2025-12-30")!).refusal(now: Self.now, formVersionSince: nil) == .tooOld)
    }
}
