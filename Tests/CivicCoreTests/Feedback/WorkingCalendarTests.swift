import Foundation
import Testing
@testable import CivicCore

@Suite struct WorkingCalendarTests {
    private let weekends = WorkingCalendar.weekendsOnly

    /// The plain definition, one day at a time: the oracle for the faster count.
    private func naiveWorkingDays(_ calendar: WorkingCalendar, from start: CalendarDate, to end: CalendarDate) -> Int {
        var count = 0
        var day = start
        while day < end {
            day = day.adding(days: 1)
            if calendar.isWorkingDay(day) { count += 1 }
        }
        return count
    }

    @Test func weekendsAreSkipped() {
        #expect(weekends.addingWorkingDays(1, to: ymd("2026-03-06")) == ymd("2026-03-09"))  // Fri → Mon
        #expect(weekends.addingWorkingDays(5, to: ymd("2026-03-09")) == ymd("2026-03-16"))  // Mon → next Mon
        #expect(weekends.addingWorkingDays(1, to: ymd("2026-03-07")) == ymd("2026-03-09"))  // accepted on a Saturday
        #expect(weekends.isWorkingDay(ymd("2026-03-06")))
        #expect(!weekends.isWorkingDay(ymd("2026-03-07")))
        #expect(!weekends.isWorkingDay(ymd("2026-03-08")))
    }

    @Test func zeroWorkingDaysIsTheSameDay() {
        #expect(weekends.addingWorkingDays(0, to: ymd("2026-03-07")) == ymd("2026-03-07"))
        #expect(weekends.workingDays(from: ymd("2026-03-07"), to: ymd("2026-03-07")) == 0)
        #expect(weekends.workingDays(from: ymd("2026-03-10"), to: ymd("2026-03-09")) == 0)
    }

    @Test func negativeCountsGoBack() {
        #expect(weekends.addingWorkingDays(-1, to: ymd("2026-03-09")) == ymd("2026-03-06"))
    }

    @Test func acrossTet2026() throws {
        let calendar = try shippedHolidayFile().calendar
        for day in 16...20 {
            #expect(!calendar.isWorkingDay(CalendarDate(year: 2026, month: 2, day: day)!), "2026-02-\(day)")
        }
        #expect(calendar.addingWorkingDays(1, to: ymd("2026-02-13")) == ymd("2026-02-23"))
        #expect(calendar.addingWorkingDays(2, to: ymd("2026-02-12")) == ymd("2026-02-23"))
        #expect(calendar.addingWorkingDays(15, to: ymd("2026-02-10")) == ymd("2026-03-10"))
        #expect(calendar.workingDays(from: ymd("2026-02-13"), to: ymd("2026-02-23")) == 1)
        #expect(calendar.workingDays(from: ymd("2026-02-13"), to: ymd("2026-02-22")) == 0)
        #expect(calendar.addingWorkingDays(-1, to: ymd("2026-02-23")) == ymd("2026-02-13"))
    }

    @Test func acrossTheYearEnd2026To2027() throws {
        let calendar = try shippedHolidayFile().calendar
        #expect(calendar.addingWorkingDays(3, to: ymd("2026-12-30")) == ymd("2027-01-05"))
        #expect(calendar.addingWorkingDays(10, to: ymd("2026-12-24")) == ymd("2027-01-08"))
        #expect(calendar.workingDays(from: ymd("2026-12-24"), to: ymd("2027-01-08")) == 10)
        #expect(!calendar.isWorkingDay(ymd("2027-01-01")))
    }

    @Test func swappedWorkingSaturdays() throws {
        let calendar = try shippedHolidayFile().calendar
        // 1/1/2026 a holiday, Friday 2/1 swapped with Saturday 10/1.
        #expect(calendar.addingWorkingDays(2, to: ymd("2025-12-31")) == ymd("2026-01-06"))
        #expect(calendar.addingWorkingDays(1, to: ymd("2026-01-09")) == ymd("2026-01-10"))
        #expect(calendar.isWorkingDay(ymd("2026-01-10")))
        #expect(!calendar.isWorkingDay(ymd("2026-01-02")))
        #expect(calendar.workingDays(from: ymd("2026-01-05"), to: ymd("2026-01-12")) == 6)
        // Quốc khánh 2026: 29/8–2/9 off, Saturday 22/8 worked.
        #expect(calendar.addingWorkingDays(1, to: ymd("2026-08-21")) == ymd("2026-08-22"))
        #expect(calendar.addingWorkingDays(1, to: ymd("2026-08-28")) == ymd("2026-09-03"))
        // 30/4–4/5/2025: Friday 2/5 swapped with Saturday 26/4.
        #expect(calendar.isWorkingDay(ymd("2025-04-26")))
        #expect(calendar.addingWorkingDays(1, to: ymd("2025-04-29")) == ymd("2025-05-05"))
    }

    @Test func theReadmeExamplesHold() throws {
        let calendar = try shippedHolidayFile().calendar
        #expect(calendar.addingWorkingDays(5, to: ymd("2026-02-06")) == ymd("2026-02-13"))
        #expect(calendar.addingWorkingDays(1, to: ymd("2026-02-13")) == ymd("2026-02-23"))
        #expect(calendar.addingWorkingDays(2, to: ymd("2025-12-31")) == ymd("2026-01-06"))
        #expect(calendar.addingWorkingDays(1, to: ymd("2026-01-09")) == ymd("2026-01-10"))
    }

    @Test func aHolidayWinsOverAnExtraWorkingDay() {
        let saturday = ymd("2026-03-07")
        let calendar = WorkingCalendar(holidays: [saturday], extraWorkingDays: [saturday])
        #expect(!calendar.isWorkingDay(saturday))
        #expect(calendar.workingDays(from: ymd("2026-03-06"), to: ymd("2026-03-09")) == 1)
    }

    @Test func decodingRefusesACalendarWithoutWorkingDays() throws {
        let json = Data(#"{"weekend":[1,2,3,4,5,6,7],"holidays":[],"extraWorkingDays":[]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(WorkingCalendar.self, from: json) }
        let fine = Data(#"{"weekend":[6,7],"holidays":["2026-01-01"],"extraWorkingDays":[]}"#.utf8)
        #expect(try JSONDecoder().decode(WorkingCalendar.self, from: fine) == WorkingCalendar(holidays: [ymd("2026-01-01")]))
    }

    @Test func workingDaysInvertsAddingWorkingDays() throws {
        // setup
        let calendar = try shippedHolidayFile().calendar
        var random = FeedbackTestRandom(seed: 112)
        var mismatches: [String] = []
        for _ in 0..<3000 {
            let start = ymd("2024-12-01").adding(days: Int.random(in: 0...1200, using: &random))
            let n = Int.random(in: 0...45, using: &random)
            // act
            let due = calendar.addingWorkingDays(n, to: start)
            // validate
            if calendar.workingDays(from: start, to: due) != n { mismatches.append("\(start)+\(n)") }
            if n > 0, !calendar.isWorkingDay(due) { mismatches.append("\(start)+\(n) is not a working day") }
            if n > 0, calendar.addingWorkingDays(n - 1, to: start) >= due { mismatches.append("\(start)+\(n) not increasing") }
        }
        #expect(mismatches == [])
    }

    @Test func theFastCountMatchesTheDayByDayCount() throws {
        let shipped = try shippedHolidayFile().calendar
        let odd = WorkingCalendar(holidays: [ymd("2026-03-04"), ymd("2026-03-14")],
                                  extraWorkingDays: [ymd("2026-03-15"), ymd("2026-03-14"), ymd("2026-03-18")],
                                  weekend: [5, 6, 7])
        var random = FeedbackTestRandom(seed: 20)
        var mismatches: [String] = []
        for calendar in [shipped, odd, WorkingCalendar.weekendsOnly] {
            for _ in 0..<1500 {
                let start = ymd("2024-12-01").adding(days: Int.random(in: 0...1200, using: &random))
                let end = start.adding(days: Int.random(in: -10...400, using: &random))
                let fast = calendar.workingDays(from: start, to: end)
                let slow = naiveWorkingDays(calendar, from: start, to: end)
                if fast != slow { mismatches.append("\(start)...\(end): \(fast) != \(slow)") }
            }
        }
        #expect(mismatches == [])
    }
}
