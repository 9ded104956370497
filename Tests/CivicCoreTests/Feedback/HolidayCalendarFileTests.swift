import Foundation
import Testing
@testable import CivicCore

@Suite struct HolidayCalendarFileTests {
    private func issues(_ yaml: String) -> [String] {
        do {
            _ = try HolidayCalendarFile.parse(yaml: yaml, file: "h.yaml")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    // MARK: - The shipped file

    @Test func theShippedFileLoadsAndCoversThreeYears() throws {
        let file = try shippedHolidayFile()
        #expect(file.years == [2025, 2026, 2027])
        #expect(file.holiday(on: ymd("2026-02-17"))?.name["vi"] == "Tết Nguyên đán Bính Ngọ")
        #expect(file.holiday(on: ymd("2026-02-17"))?.name["en"] == "Lunar New Year (Tết)")
        #expect(file.holiday(on: ymd("2026-04-27"))?.kind == .compensatory)
        #expect(file.holiday(on: ymd("2026-01-02"))?.kind == .swapped)
        #expect(file.holiday(on: ymd("2026-03-02")) == nil)
        #expect(file.workingDays.map(\.date) == [ymd("2025-04-26"), ymd("2026-01-10"), ymd("2026-08-22")])
    }

    @Test func eachYearHasTheElevenLabourCodeHolidays() throws {
        // Art. 112: 1/1, five days of Tết, Giỗ Tổ, 30/4, 1/5 and two days of Quốc khánh.
        let file = try shippedHolidayFile()
        for year in 2025...2027 {
            let days = file.holidays.filter { $0.date.year == year && $0.kind == .holiday }
            #expect(days.count == 11, "\(year)")
            #expect(days.contains { $0.date == CalendarDate(year: year, month: 1, day: 1) }, "\(year)")
            #expect(days.contains { $0.date == CalendarDate(year: year, month: 4, day: 30) }, "\(year)")
            #expect(days.contains { $0.date == CalendarDate(year: year, month: 5, day: 1) }, "\(year)")
            #expect(days.contains { $0.date == CalendarDate(year: year, month: 9, day: 2) }, "\(year)")
        }
    }

    @Test func everySwapHasItsSaturdayAndEveryDayInLieuFollowsAWeekendHoliday() throws {
        let file = try shippedHolidayFile()
        for year in 2025...2027 {
            let swapped = file.holidays.filter { $0.date.year == year && $0.kind == .swapped }
            let worked = file.workingDays.filter { $0.date.year == year }
            #expect(swapped.count == worked.count, "\(year)")
        }
        for day in file.holidays where day.kind == .compensatory {
            let weekendHolidays = file.holidays.filter {
                $0.kind == .holiday && $0.date < day.date && day.date.daysSince($0.date) <= 7 && $0.date.weekday >= 6
            }
            #expect(!weekendHolidays.isEmpty, "\(day.date)")
        }
    }

    @Test func theLunarHolidaysFallOnTheComputedDays() throws {
        let file = try shippedHolidayFile()
        // Tết (mùng 1) and Giỗ Tổ (10/3 âm lịch), computed for UTC+7.
        for text in ["2025-01-29", "2026-02-17", "2027-02-06", "2025-04-07", "2026-04-26", "2027-04-16"] {
            #expect(file.holiday(on: ymd(text))?.kind == .holiday, "\(text)")
        }
    }

    @Test func provisionalDatesAreListed() throws {
        let file = try shippedHolidayFile()
        #expect(file.provisionalDates.map(\.description) == [
            "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11",
            "2027-09-03",
        ])
    }

    @Test func theFileAndItsCalendarRoundTripThroughJSON() throws {
        let file = try shippedHolidayFile()
        let decoded = try JSONDecoder().decode(HolidayCalendarFile.self, from: JSONEncoder().encode(file))
        #expect(decoded == file)
        #expect(try JSONDecoder().decode(WorkingCalendar.self, from: JSONEncoder().encode(file.calendar)) == file.calendar)
    }

    // MARK: - Problems, with their positions

    @Test func aValidMinimalFile() throws {
        let file = try HolidayCalendarFile.parse(yaml: """
            holidays:
              - {date: 2026-01-01, name: {vi: Tết Dương lịch}}
            """, file: "h.yaml")
        #expect(file.holidays.count == 1)
        #expect(file.workingDays == [])
        #expect(file.holidays[0].kind == .holiday && !file.holidays[0].provisional)
    }

    @Test func badDates() {
        #expect(issues("""
            holidays:
              - {date: 2026-02-30, name: {vi: Sai}}
              - date: 16/02/2026
                name: {vi: Sai}
            """) == [
                "h.yaml:2:12: holidays[0].date: '2026-02-30' is not a valid date; expected YYYY-MM-DD",
                "h.yaml:3:11: holidays[1].date: '16/02/2026' is not a valid date; expected YYYY-MM-DD",
            ])
    }

    @Test func duplicateDatesAcrossBothLists() {
        #expect(issues("""
            holidays:
              - {date: 2026-02-16, name: {vi: Tết}}
              - {date: 2026-02-16, name: {vi: Tết}}
            working_days:
              - {date: 2026-02-16}
            """) == [
                "h.yaml:3:12: holidays[1].date: duplicate date 2026-02-16; line 2 already lists it",
                "h.yaml:5:12: working_days[0].date: 2026-02-16 is a Monday, already a working day; list only Saturdays and Sundays that are worked",
            ])
        #expect(issues("""
            holidays:
              - {date: 2026-02-14, name: {vi: Tết}}
            working_days:
              - {date: 2026-02-14}
            """) == ["h.yaml:4:12: working_days[0].date: duplicate date 2026-02-14; line 2 already lists it"])
    }

    @Test func unknownAndMissingKeys() {
        #expect(issues("""
            holidays:
              - {date: 2026-01-01, nmae: {vi: Tết}}
            workingdays: []
            """) == [
                "h.yaml:2:5: holidays[0]: missing required key 'name'",
                "h.yaml:2:24: holidays[0].nmae: unknown key 'nmae'; did you mean 'name'?",
                "h.yaml:3:1: workingdays: unknown key 'workingdays'; did you mean 'working_days'?",
            ])
        #expect(issues("working_days: []\n") == ["h.yaml:1:1: missing required key 'holidays'"])
    }

    @Test func kindProvisionalAndNames() {
        #expect(issues("""
            holidays:
              - {date: 2026-01-01, name: {en: New Year}}
              - {date: 2026-01-02, name: {vi: Nghỉ}, kind: bridge}
              - {date: 2026-01-05, name: {vi: Nghỉ}, provisional: yes}
              - {date: 2026-01-03, name: {vi: Nghỉ bù}, kind: compensatory}
            """) == [
                "h.yaml:2:30: holidays[0].name: missing the Vietnamese text 'vi'",
                "h.yaml:3:48: holidays[1].kind: 'bridge' is not allowed here; expected one of: holiday, compensatory, swapped",
                "h.yaml:4:55: holidays[2].provisional: expected true or false, found 'yes'",
                "h.yaml:5:12: holidays[3].date: 2026-01-03 is a Saturday; a compensatory day off must be a weekday",
            ])
    }

    @Test func syntaxErrorsAndWrongShapes() {
        let syntax = issues("holidays:\n  - {date: 2026-01-01, name: {vi: Tết}\n")
        #expect(syntax.count == 1)
        #expect(syntax.first?.hasPrefix("h.yaml:3:1: YAML syntax error") == true)
        #expect(issues("holidays: 2026-01-01\n") == ["h.yaml:1:11: holidays: expected a list, found '2026-01-01'"])
        #expect(issues("- 2026-01-01\n") == ["h.yaml:1:1: expected a mapping, found a list"])
        #expect(issues("") == ["h.yaml:1:1: the file is empty"])
    }

    @Test func loadingAMissingFileSaysSo() {
        let url = URL(fileURLWithPath: "/nonexistent/holidays.yaml")
        #expect(throws: FormValidationErrors.self) { try HolidayCalendarFile.load(url: url) }
    }
}
