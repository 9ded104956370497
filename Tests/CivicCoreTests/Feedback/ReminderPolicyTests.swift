import Foundation
import Testing
@testable import CivicCore

/// Which reminder stage an item is at on a day, counted in working days (weekends and Tết off).
@Suite struct ReminderPolicyTests {
    private let policy = ReminderPolicy(calendar: .weekendsOnly)

    @Test func theTightestLeadThatAppliesIsTheStage() {
        // An item due on Friday 2026-03-13.
        let due = ymd("2026-03-13")
        #expect(policy.stage(dueOn: due, today: ymd("2026-03-06")) == nil)  // 5 working days left
        #expect(policy.stage(dueOn: due, today: ymd("2026-03-09")) == nil)  // 4
        #expect(policy.stage(dueOn: due, today: ymd("2026-03-10")) == .before(workingDays: 3))
        #expect(policy.stage(dueOn: due, today: ymd("2026-03-11")) == .before(workingDays: 3))  // 2 left
        #expect(policy.stage(dueOn: due, today: ymd("2026-03-12")) == .before(workingDays: 1))
        #expect(policy.stage(dueOn: due, today: due) == .before(workingDays: 1))  // due at the end of today
        #expect(policy.stage(dueOn: due, today: ymd("2026-03-16")) == .overdue)
        #expect(policy.workingDaysLeft(dueOn: due, today: ymd("2026-03-10")) == 3)
        #expect(policy.workingDaysOverdue(dueOn: due, today: ymd("2026-03-17")) == 2)
        #expect(ReminderPolicy.Stage.before(workingDays: 3).key == "before:3")
        #expect(ReminderPolicy.Stage.overdue.key == "overdue")
    }

    @Test func weekendsDoNotCountAndNothingIsSentOnThem() {
        // Due on Monday 2026-03-16: Thursday is 2 working days before it, Friday 1.
        let due = ymd("2026-03-16")
        #expect(policy.stage(dueOn: due, today: ymd("2026-03-11")) == .before(workingDays: 3))
        #expect(policy.stage(dueOn: due, today: ymd("2026-03-13")) == .before(workingDays: 1))
        #expect(policy.stage(dueOn: due, today: ymd("2026-03-14")) == .before(workingDays: 1))
        #expect(!policy.sendsOn(ymd("2026-03-14")))
        #expect(policy.sendsOn(ymd("2026-03-13")))
        // The scan looks as far as the longest lead, and over the weekend that follows it.
        #expect(policy.horizon(today: ymd("2026-03-11")) == ymd("2026-03-16"))
        #expect(policy.horizon(today: ymd("2026-03-10")) == ymd("2026-03-15"))
    }

    @Test func aTetBreakIsSkipped() throws {
        let tet = ReminderPolicy(leadDays: [1, 3, 3], calendar: try shippedHolidayFile().calendar)
        #expect(tet.leadDays == [3, 1])
        // Tết 2026: 16-20 February off; the last working day before is Friday 13 February.
        #expect(tet.stage(dueOn: ymd("2026-02-23"), today: ymd("2026-02-13")) == .before(workingDays: 1))
        #expect(!tet.sendsOn(ymd("2026-02-18")))
    }
}
