import Foundation
import Testing
@testable import CivicCore

@Suite struct ReportingPeriodTests {
    private func period(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> ReportingPeriod {
        do {
            return try ReportingPeriod(parsing: text)
        } catch {
            Issue.record("\(text): \(error)", sourceLocation: sourceLocation)
            return ReportingPeriod(unchecked: .year(2000))
        }
    }

    private func range(_ text: String, _ convention: ReportingPeriod.Convention) -> String {
        let range = period(text).dateRange(convention: convention)
        return "\(range.first)…\(range.last)"
    }

    private func instant(_ text: String) -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else { preconditionFailure("bad instant \(text)") }
        return date
    }

    // MARK: parsing

    @Test func parsesEverySpelling() {
        #expect(period("2026").kind == .year(2026))
        #expect(period("2026-Q1").kind == .quarter(year: 2026, quarter: 1))
        #expect(period("2026-Q2").kind == .quarter(year: 2026, quarter: 2))
        #expect(period("2026-Q3").kind == .nineMonths(year: 2026))
        #expect(period("2026-Q3-only").kind == .quarter(year: 2026, quarter: 3))
        #expect(period("2026-Q4").kind == .quarter(year: 2026, quarter: 4))
        #expect(period("2026-Q1-only").kind == .quarter(year: 2026, quarter: 1))
        #expect(period("2026-H1").kind == .halfYear(year: 2026, half: 1))
        #expect(period("2026-H2").kind == .halfYear(year: 2026, half: 2))
        #expect(period("2026-09").kind == .month(year: 2026, month: 9))
        #expect(period("2026-q3-ONLY").kind == .quarter(year: 2026, quarter: 3))
        #expect(period("2026-h1").kind == .halfYear(year: 2026, half: 1))
        #expect(period("2026-01-15/2026-03-20").kind == .custom(from: ymd("2026-01-15"), to: ymd("2026-03-20")))
    }

    @Test func descriptionIsCanonicalAndRoundTrips() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes  // a custom period's "/" would be "\/" otherwise
        for text in ["2026", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q3-only", "2026-Q4", "2026-H1", "2026-H2",
                     "2026-09", "2026-12", "2026-01-15/2026-03-20"] {
            #expect(period(text).description == text)
            let json = try encoder.encode(period(text))
            #expect(String(decoding: json, as: UTF8.self) == "\"\(text)\"")
            #expect(try JSONDecoder().decode(ReportingPeriod.self, from: json) == period(text))
        }
        #expect(period("2026-Q1-only").description == "2026-Q1")
        #expect(period("2026-q2").description == "2026-Q2")
    }

    @Test func refusesOtherSpellings() {
        for text in ["", "26", "2026-", "2026-Q", "2026-Q5", "2026-Q0", "2026-H3", "2026-H0", "2026-13", "2026-00",
                     "2026-9", "2026-Q3-", "2026-Q3-later", "2026-H1-only", " 2026", "2026 ", "2026-Q1/2026-Q2",
                     "2026-01-15/", "2026-02-30/2026-03-01", "2026-01-15/2026-03-20/2026-04-01", "２０２６"] {
            #expect(ReportingPeriod(text) == nil, "\(text)")
        }
        #expect(throws: ReportingPeriodError.partOutOfRange("quarter 5")) { try ReportingPeriod(parsing: "2026-Q5") }
        #expect(throws: ReportingPeriodError.partOutOfRange("month 13")) { try ReportingPeriod(parsing: "2026-13") }
        #expect(throws: ReportingPeriodError.yearOutOfRange(1900)) { try ReportingPeriod(parsing: "1900") }
        #expect(throws: ReportingPeriodError.yearOutOfRange(9999)) { try ReportingPeriod(parsing: "9999-Q1") }
        #expect(throws: ReportingPeriodError.unrecognized("2026-Q3-later")) { try ReportingPeriod(parsing: "2026-Q3-later") }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ReportingPeriod.self, from: Data("\"2026-Q9\"".utf8)) }
        #expect(ReportingPeriod(kind: .halfYear(year: 2026, half: 3)) == nil)
        #expect(ReportingPeriod(kind: .month(year: 2026, month: 12)) != nil)
    }

    @Test func customPeriodLimits() throws {
        #expect(throws: ReportingPeriodError.endBeforeStart(from: ymd("2026-03-20"), to: ymd("2026-01-15"))) {
            try ReportingPeriod(from: ymd("2026-03-20"), to: ymd("2026-01-15"))
        }
        // One day is a period; 2021-01-01 … 2026-01-01 is 1827 days (2024 is leap), the longest.
        #expect(try ReportingPeriod(from: ymd("2026-05-05"), to: ymd("2026-05-05")).dayCount() == 1)
        #expect(try ReportingPeriod(from: ymd("2021-01-01"), to: ymd("2026-01-01")).dayCount() == 1827)
        #expect(throws: ReportingPeriodError.tooLong(days: 1828)) {
            try ReportingPeriod(from: ymd("2021-01-01"), to: ymd("2026-01-02"))
        }
        #expect(throws: ReportingPeriodError.yearOutOfRange(1900)) {
            try ReportingPeriod(from: ymd("1900-12-31"), to: ymd("1901-01-02"))
        }
        #expect(ReportingPeriodError.tooLong(days: 2000).description
            == "a custom period spans at most 1827 days (about 5 years), not 2000")
    }

    // MARK: ranges

    @Test func calendarRanges() {
        #expect(range("2026", .calendar) == "2026-01-01…2026-12-31")
        #expect(range("2026-H1", .calendar) == "2026-01-01…2026-06-30")
        #expect(range("2026-H2", .calendar) == "2026-07-01…2026-12-31")
        #expect(range("2026-Q1", .calendar) == "2026-01-01…2026-03-31")
        #expect(range("2026-Q2", .calendar) == "2026-04-01…2026-06-30")
        #expect(range("2026-Q3", .calendar) == "2026-01-01…2026-09-30")      // the cumulative Q3 report
        #expect(range("2026-Q3-only", .calendar) == "2026-07-01…2026-09-30")
        #expect(range("2026-Q4", .calendar) == "2026-10-01…2026-12-31")
        #expect(range("2026-09", .calendar) == "2026-09-01…2026-09-30")
        #expect(range("2026-02", .calendar) == "2026-02-01…2026-02-28")
        #expect(range("2024-02", .calendar) == "2024-02-01…2024-02-29")
        #expect(range("2026-12", .calendar) == "2026-12-01…2026-12-31")
        #expect(range("2026-01-15/2026-03-20", .calendar) == "2026-01-15…2026-03-20")
    }

    @Test func cutoffRanges() {
        // NĐ 09/2019/NĐ-CP Art. 12: the 15th of the month before the period to the 14th of its last month.
        #expect(range("2026", .cutoff) == "2025-12-15…2026-12-14")
        #expect(range("2026-Q1", .cutoff) == "2025-12-15…2026-03-14")
        #expect(range("2026-Q2", .cutoff) == "2026-03-15…2026-06-14")
        #expect(range("2026-Q3", .cutoff) == "2025-12-15…2026-09-14")
        #expect(range("2026-Q3-only", .cutoff) == "2026-06-15…2026-09-14")
        #expect(range("2026-Q4", .cutoff) == "2026-09-15…2026-12-14")
        #expect(range("2026-H1", .cutoff) == "2025-12-15…2026-06-14")
        #expect(range("2026-H2", .cutoff) == "2026-06-15…2026-12-14")
        #expect(range("2026-01", .cutoff) == "2025-12-15…2026-01-14")
        #expect(range("2026-03", .cutoff) == "2026-02-15…2026-03-14")
        #expect(range("2026-09", .cutoff) == "2026-08-15…2026-09-14")
        #expect(range("2026-12", .cutoff) == "2026-11-15…2026-12-14")
        #expect(range("2026-01-15/2026-03-20", .cutoff) == "2026-01-15…2026-03-20")
        #expect(period("2026").dayCount(convention: .cutoff) == 365)
        #expect(period("2025-Q1").dayCount(convention: .cutoff) == 90)     // 17 + 31 + 28 + 14
        #expect(period("2024-Q1").dayCount(convention: .cutoff) == 91)     // February 2024 has 29 days
    }

    @Test func consecutivePeriodsTileTheDays() {
        for convention in ReportingPeriod.Convention.allCases {
            var month = YearMonth(year: 2023, month: 1)!
            for _ in 0..<48 {
                let this = month.period.dateRange(convention: convention)
                let next = month.next.period.dateRange(convention: convention)
                #expect(this.last.adding(days: 1) == next.first, "\(month) \(convention)")
                month = month.next
            }
            for year in 2023...2027 {
                let quarters = (1...4).map { ReportingPeriod(kind: .quarter(year: year, quarter: $0))!.dateRange(convention: convention) }
                let yearRange = ReportingPeriod(kind: .year(year))!.dateRange(convention: convention)
                #expect(quarters[0].first == yearRange.first && quarters[3].last == yearRange.last)
                for index in 0..<3 { #expect(quarters[index].last.adding(days: 1) == quarters[index + 1].first) }
                let halves = (1...2).map { ReportingPeriod(kind: .halfYear(year: year, half: $0))!.dateRange(convention: convention) }
                #expect(halves[0].first == yearRange.first && halves[0].last == quarters[1].last)
                #expect(halves[1].first == quarters[2].first && halves[1].last == yearRange.last)
                let nine = ReportingPeriod(kind: .nineMonths(year: year))!.dateRange(convention: convention)
                #expect(nine.first == yearRange.first && nine.last == quarters[2].last)
                let nextYear = ReportingPeriod(kind: .year(year + 1))!.dateRange(convention: convention)
                #expect(yearRange.last.adding(days: 1) == nextYear.first)
            }
        }
    }

    @Test func containsUsesTheConvention() {
        let q1 = period("2026-Q1")
        #expect(q1.contains(ymd("2026-03-20")))
        #expect(!q1.contains(ymd("2026-03-20"), convention: .cutoff))
        #expect(q1.contains(ymd("2025-12-20"), convention: .cutoff))
        #expect(!q1.contains(ymd("2025-12-20")))
    }

    // MARK: instants

    @Test func instantRangesAreInVietnameseTime() {
        // 2026-01-01T00:00+07:00 = 2025-12-31T17:00Z
        let year = period("2026").instantRange()
        #expect(year.lowerBound == instant("2025-12-31T17:00:00Z"))
        #expect(year.upperBound == instant("2026-12-31T17:00:00Z"))
        let q1Cutoff = period("2026-Q1").instantRange(convention: .cutoff)
        #expect(q1Cutoff.lowerBound == instant("2025-12-14T17:00:00Z"))   // 2025-12-15T00:00+07
        #expect(q1Cutoff.upperBound == instant("2026-03-14T17:00:00Z"))   // 2026-03-15T00:00+07
        let day = period("2026-05-05/2026-05-05").instantRange()
        #expect(day.upperBound.timeIntervalSince(day.lowerBound) == 86_400)
        #expect(ymd("2026-01-01").startInVietnam == instant("2025-12-31T17:00:00Z"))
    }

    @Test func dayOfAnInstant() {
        #expect(CalendarDate.inVietnam(at: instant("2025-12-31T16:59:59Z")) == ymd("2025-12-31"))
        #expect(CalendarDate.inVietnam(at: instant("2025-12-31T17:00:00Z")) == ymd("2026-01-01"))
        let year = period("2026").instantRange()
        #expect(period("2026").contains(CalendarDate.inVietnam(at: year.lowerBound)))
        #expect(!period("2026").contains(CalendarDate.inVietnam(at: year.upperBound)))
        #expect(!period("2026").contains(CalendarDate.inVietnam(at: year.lowerBound.addingTimeInterval(-1))))
        #expect(period("2026").contains(CalendarDate.inVietnam(at: year.upperBound.addingTimeInterval(-1))))
    }

    // MARK: the report in progress

    @Test(arguments: [
        ("2026-01-05", "2026-Q1"), ("2026-05-31", "2026-H1"), ("2026-09-30", "2026-Q3"), ("2026-11-27", "2026"),
    ])
    func theReportInProgressFollowsTheMonth(day: String, expected: String) throws {
        #expect(try ReportingPeriod.reportInProgress(on: ymd(day), convention: .calendar).description == expected)
    }

    @Test func underTheCutoffConventionLateDecemberIsNextYearsFirstQuarter() throws {
        #expect(try ReportingPeriod.reportInProgress(on: ymd("2026-12-20"), convention: .cutoff).description == "2027-Q1")
    }

    @Test func aDayOutsideTheSupportedYearsHasNoReportInProgress() {
        #expect(throws: ReportingPeriodError.yearOutOfRange(1900)) {
            try ReportingPeriod.reportInProgress(on: ymd("1900-05-01"), convention: .calendar)
        }
    }

    // MARK: comparison

    @Test func previousPeriods() {
        #expect(period("2026").previous == period("2025"))
        #expect(period("2026-Q3").previous == period("2025-Q3"))           // the cumulative report, a year earlier
        #expect(period("2026-H1").previous == period("2025-H1"))
        #expect(period("2026-H2").previous == period("2026-H1"))
        #expect(period("2026-Q1").previous == period("2025-Q4"))
        #expect(period("2026-Q2").previous == period("2026-Q1"))
        #expect(period("2026-Q4").previous == period("2026-Q3-only"))
        #expect(period("2026-Q3-only").previous == period("2026-Q2"))
        #expect(period("2026-01").previous == period("2025-12"))
        #expect(period("2026-09").previous == period("2026-08"))
        // 66 days, 2026-01-15 … 2026-03-21 → the 66 days before: 2025-11-10 … 2026-01-14
        let custom = period("2026-01-15/2026-03-21")
        #expect(custom.previous == period("2025-11-10/2026-01-14"))
        #expect(custom.previous.dayCount() == custom.dayCount())
    }

    @Test func sameTimeLastYear() {
        #expect(period("2026-Q2").sameTimeLastYear == period("2025-Q2"))
        #expect(period("2026-H2").sameTimeLastYear == period("2025-H2"))
        #expect(period("2026-09").sameTimeLastYear == period("2025-09"))
        #expect(period("2026-Q3").sameTimeLastYear == period("2025-Q3"))
        #expect(period("2024-02-29/2024-03-10").sameTimeLastYear == period("2023-02-28/2023-03-10"))
    }

    // MARK: months

    @Test func monthsOverlappingARange() {
        let q1Cutoff = period("2026-Q1").dateRange(convention: .cutoff)
        #expect(ReportingPeriod.months(in: q1Cutoff).map(\.description) == ["2025-12", "2026-01", "2026-02", "2026-03"])
        #expect(ReportingPeriod.months(in: ymd("2026-05-05")...ymd("2026-05-05")).map(\.description) == ["2026-05"])
        #expect(ReportingPeriod.months(in: period("2026").dateRange()).count == 12)
    }

    @Test func monthsOfAPeriodUnderEachConvention() {
        for convention in ReportingPeriod.Convention.allCases {
            #expect(period("2026-Q1").months(convention: convention).map(\.description) == ["2026-01", "2026-02", "2026-03"])
            #expect(period("2026-Q3").months(convention: convention).count == 9)
            #expect(period("2026").months(convention: convention).first?.description == "2026-01")
            #expect(period("2026").months(convention: convention).last?.description == "2026-12")
        }
        let custom = period("2026-01-10/2026-02-20")
        #expect(custom.months().map(\.description) == ["2026-01", "2026-02"])
        #expect(custom.months(convention: .cutoff).map(\.description) == ["2026-01", "2026-02", "2026-03"])
    }

    @Test func monthContainingADay() {
        #expect(ReportingPeriod.month(containing: ymd("2025-12-15"), convention: .cutoff).description == "2026-01")
        #expect(ReportingPeriod.month(containing: ymd("2025-12-14"), convention: .cutoff).description == "2025-12")
        #expect(ReportingPeriod.month(containing: ymd("2025-12-15")).description == "2025-12")
        // Every day lies in the range of the month that contains it, under both conventions.
        var day = ymd("2025-11-01")
        while day <= ymd("2027-02-28") {
            for convention in ReportingPeriod.Convention.allCases {
                #expect(ReportingPeriod.month(containing: day, convention: convention).period.contains(day, convention: convention))
            }
            day = day.adding(days: 1)
        }
    }

    @Test func yearMonth() throws {
        #expect(YearMonth("2026-09") == YearMonth(year: 2026, month: 9))
        #expect(YearMonth("2026-9") == nil && YearMonth("2026-13") == nil)
        #expect(YearMonth(year: 2026, month: 12)!.next.description == "2027-01")
        #expect(YearMonth(year: 2026, month: 1)!.previous.description == "2025-12")
        #expect(YearMonth(year: 2024, month: 2)!.lastDay == ymd("2024-02-29"))
        let json = try JSONEncoder().encode(YearMonth(year: 2026, month: 9)!)
        #expect(String(decoding: json, as: UTF8.self) == "\"2026-09\"")
        #expect(try JSONDecoder().decode(YearMonth.self, from: json) == YearMonth(year: 2026, month: 9))
    }

    // MARK: labels

    @Test func vietnameseLabels() {
        #expect(period("2026-Q1").label == "Quý I/2026")
        #expect(period("2026-Q2").label == "Quý II/2026")
        #expect(period("2026-Q3-only").label == "Quý III/2026")
        #expect(period("2026-Q4").label == "Quý IV/2026")
        #expect(period("2026-H1").label == "6 tháng đầu năm 2026")
        #expect(period("2026-H2").label == "6 tháng cuối năm 2026")
        #expect(period("2026-Q3").label == "9 tháng năm 2026")
        #expect(period("2026").label == "Năm 2026")
        #expect(period("2026-09").label == "Tháng 9/2026")
        #expect(period("2026-01-15/2026-03-20").label == "Từ 15/01/2026 đến 20/03/2026")
    }

    @Test func englishLabels() {
        #expect(period("2026-Q1").englishLabel == "Q1 2026")
        #expect(period("2026-H1").englishLabel == "First half of 2026")
        #expect(period("2026-Q3").englishLabel == "January–September 2026")
        #expect(period("2026").englishLabel == "Year 2026")
        #expect(period("2026-09").englishLabel == "September 2026")
        #expect(period("2026-01-15/2026-03-20").englishLabel == "2026-01-15 to 2026-03-20")
        #expect(period("2026").label(language: "en-GB") == "Year 2026")
        #expect(period("2026").label(language: "hmn") == "Năm 2026")
        #expect(period("2026-Q1").dateRangeLabel(convention: .cutoff) == "từ 15/12/2025 đến 14/03/2026")
        #expect(period("2026-Q1").dateRangeLabel(language: "en") == "2026-01-01 to 2026-03-31")
    }
}
