import CivicCore
import Foundation
import Testing

@Suite struct DossierStatisticsImportTests {
    static let header = "unit,period,procedure,received,resolved,resolved_on_time,resolved_late,apologies_sent,online,received_by_post,returned_by_post"
    static let sampleCSV = repositoryRoot().appendingPathComponent("scripts/data/dossiers-lao-cai-2026-q1.csv")
    static let sampleXLSX = repositoryRoot().appendingPathComponent("scripts/data/dossiers-lao-cai-2026-q1.xlsx")
    static let errorsXLSX = repositoryRoot().appendingPathComponent("Tests/CivicCoreTests/Dossiers/dossiers-errors.xlsx")

    func problems(_ csv: String) -> [String] {
        do {
            _ = try DossierStatisticsImport.parse(csv: csv, file: "d.csv")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func theSampleParsesWithItsTotals() throws {
        // act
        let plan = try DossierStatisticsImport.parse(data: Data(contentsOf: Self.sampleCSV), path: "sample.csv")
        // validate: 7 unit-procedure pairs × 3 months, totals summed from the file
        #expect(plan.format == .csv)
        #expect(plan.rows.count == 21)
        #expect(plan.total.resolved == 6464)
        #expect(plan.total.resolvedLate == 100)
        #expect(plan.total.apologiesSent == 96)
        #expect(plan.spans["LC.STP"] == CalendarDate("2026-01-01")!...CalendarDate("2026-03-31")!)
        #expect(plan.rows[2].procedure == "1.001029")
        #expect(plan.rows[0].procedure == nil)
        #expect(plan.rows[0].line == 2)
    }

    @Test func theXLSXTwinOfTheSampleReadsAsTheCSV() throws {
        // The XLSX was written by openpyxl (scripts/data/dossiers-xlsx.py), with Vietnamese headers
        // and the month as an Excel date formatted mm/yyyy.
        let csv = try DossierStatisticsImport.parse(data: Data(contentsOf: Self.sampleCSV), path: "s.csv")
        let xlsx = try DossierStatisticsImport.parse(data: Data(contentsOf: Self.sampleXLSX), path: "s.xlsx")
        #expect(xlsx.format == .xlsx)
        #expect(xlsx.rows.map(\.counts) == csv.rows.map(\.counts))
        #expect(xlsx.rows.map(\.period) == csv.rows.map(\.period))
        #expect(xlsx.rows.map(\.unitCode) == csv.rows.map(\.unitCode))
        #expect(xlsx.rows.map(\.procedure) == csv.rows.map(\.procedure))
        #expect(xlsx.rows.map(\.line) == csv.rows.map(\.line))
    }

    @Test func xlsxProblemsCarryTheSheetsRowNumbers() {
        do {
            _ = try DossierStatisticsImport.parse(data: Data(contentsOf: Self.errorsXLSX), path: "e.xlsx")
            Issue.record("the file has errors")
        } catch let error as FormValidationErrors {
            #expect(error.issues.map(\.description) == [
                "e.xlsx:3:5: resolved: resolved_on_time + resolved_late = 7 + 1 = 8, but resolved is 9",
                "e.xlsx:5:8: apologies_sent: apologies_sent (2) exceeds resolved_late (1): an apology is sent once per late dossier",
                "e.xlsx:6:5: resolved: 'năm' is not a whole number of dossiers",
            ])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func everyArithmeticMistakeNamesItsLineAndColumn() {
        let csv = """
            \(Self.header)
            LC.SNV,2026-03,,10,9,8,1,1,3,2,1
            LC.STP,2026-03,,10,9,8,2,1,3,2,1
            LC.P-LAOCAI,2026-03,,10,9,8,1,2,3,2,1
            LC.P-YENBAI,2026-03,,10,9,8,1,1,8,3,1
            LC.X-BATXAT,2026-03,,10,9,8,1,1,3,2,10
            """
        #expect(problems(csv) == [
            "d.csv:3:5: resolved: resolved_on_time + resolved_late = 8 + 2 = 10, but resolved is 9",
            "d.csv:4:8: apologies_sent: apologies_sent (2) exceeds resolved_late (1): an apology is sent once per late dossier",
            "d.csv:5:9: online: online + received_by_post = 8 + 3 = 11 exceeds received (10)",
            "d.csv:6:11: returned_by_post: returned_by_post (10) exceeds resolved (9)",
        ])
    }

    @Test func cellsThatAreNotCountsOrPeriods() {
        let csv = """
            \(Self.header)
            LC SNV,2026-13,,10,9,8,1,1,3,2,1
            LC.STP,,,-1,9,8,1,1,3,2,1
            LC.P-LAOCAI,31/02/2026,,10,,8,1,1,3,2,1,7
            """
        #expect(problems(csv) == [
            "d.csv:2:1: unit: 'LC SNV' is not a unit code: at most 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
            "d.csv:2:2: period: '2026-13' is not a day or a month; write 2026-03-15 or 15/03/2026 for a day, 2026-03 or 03/2026 for a month",
            "d.csv:3:2: period: a day or a month is required",
            "d.csv:3:4: received: '-1' is not a whole number of dossiers",
            "d.csv:4:2: period: '31/02/2026' is not a day or a month; write 2026-03-15 or 15/03/2026 for a day, 2026-03 or 03/2026 for a month",
            "d.csv:4:5: resolved: a count is required (write 0 for none)",
            "d.csv:4:12: a value in a column without a header",
        ])
    }

    @Test func theHeaderIsCheckedFirst() {
        #expect(problems("unit,period,received,resolved,late,colour\nLC.SNV,2026-03,1,1,0,red") == [
            "d.csv:1:1: apologies_sent: missing required column 'apologies_sent'",
            "d.csv:1:1: online: missing required column 'online'",
            "d.csv:1:1: received_by_post: missing required column 'received_by_post'",
            "d.csv:1:1: resolved_on_time: missing required column 'resolved_on_time'",
            "d.csv:1:1: returned_by_post: missing required column 'returned_by_post'",
            "d.csv:1:6: colour: unknown column 'colour'; expected unit, period, procedure, received, resolved, "
                + "resolved_on_time, resolved_late, apologies_sent, online, received_by_post, returned_by_post",
        ])
        #expect(problems("") == ["d.csv:1:1: empty file: expected a header row (unit,period,received,…)"])
        #expect(problems(Self.header) == ["d.csv:1:1: no rows under the header: nothing to import"])
    }

    @Test func vietnameseHeadersAndDayFirstDates() throws {
        let csv = """
            Mã đơn vị,Ngày,Tiếp nhận,Đã giải quyết,Đúng hạn,Trễ hạn,Phiếu xin lỗi,Trực tuyến,Tiếp nhận qua bưu chính,Trả kết quả qua BCCI
            LC.SNV,5/3/2026,10,9,8,1,1,3,2,1
            LC.SNV,03/2026,10,9,8,1,1,3,2,1
            """
        do {
            _ = try DossierStatisticsImport.parse(csv: csv, file: "d.csv")
            Issue.record("a month row overlapping a day row is refused")
        } catch {
            #expect(error.issues.map(\.description) == [
                "d.csv:3:1: period: unit LC.SNV, 2026-03, all procedures: overlaps line 2, so dossiers would be counted twice "
                    + "(a row without a procedure counts all of them)",
            ])
        }
        let plan = try DossierStatisticsImport.parse(csv: csv.split(separator: "\n").dropLast().joined(separator: "\n"),
                                                     file: "d.csv")
        #expect(plan.rows.map(\.period) == [.day(CalendarDate("2026-03-05")!)])
        #expect(plan.rows[0].counts.returnedByPost == 1)
    }

    @Test func rowsOfAUnitMayShareDaysOnlyForDifferentProcedures() {
        let csv = """
            \(Self.header)
            LC.STP,2026-03,1.001,1,1,1,0,0,0,0,0
            LC.STP,2026-03-10,1.002,1,1,1,0,0,0,0,0
            LC.STP,2026-03-10,1.001,1,1,1,0,0,0,0,0
            LC.SNV,2026-03-10,1.001,1,1,1,0,0,0,0,0
            LC.SNV,2026-03-10,,1,1,1,0,0,0,0,0
            LC.SNV,2026-03-11,,1,1,1,0,0,0,0,0
            """
        #expect(problems(csv) == [
            "d.csv:4:1: period: unit LC.STP, 2026-03-10, procedure '1.001': overlaps line 2, so dossiers would be counted twice "
                + "(a row without a procedure counts all of them)",
            "d.csv:6:1: period: unit LC.SNV, 2026-03-10, all procedures: overlaps line 5, so dossiers would be counted twice "
                + "(a row without a procedure counts all of them)",
        ])
    }

    @Test func unitsAreCheckedAgainstTheRegisterAndTheirDates() throws {
        let csv = """
            \(Self.header)
            LC.SNV,2026-03,,1,1,1,0,0,0,0,0
            LC.SVHTT,2025-03,,1,1,1,0,0,0,0,0
            LC.SVHTT,2025-02-28,,1,1,1,0,0,0,0,0
            NOWHERE,2026-03,,1,1,1,0,0,0,0,0
            """
        let plan = try DossierStatisticsImport.parse(csv: csv, file: "d.csv")
        let register = [
            UnitImport.ExistingUnit(code: "LC.SNV", parent: nil, effectiveFrom: CalendarDate("2004-01-01")!, effectiveTo: nil),
            UnitImport.ExistingUnit(code: "LC.SVHTT", parent: nil, effectiveFrom: CalendarDate("2016-01-01")!,
                                    effectiveTo: CalendarDate("2025-03-01")!),
        ]
        #expect(plan.problems(against: register).map(\.description) == [
            "d.csv:3:1: unit: unit LC.SVHTT exists from 2016-01-01 until 2025-02-28, not during 2025-03",
            "d.csv:5:1: unit: no unit has the code 'NOWHERE' in the unit register",
        ])
    }

    @Test func periodsAsOfficesWriteThem() {
        #expect(DossierPeriod(parsing: "2026-03-15") == .day(CalendarDate("2026-03-15")!))
        #expect(DossierPeriod(parsing: "15/03/2026") == .day(CalendarDate("2026-03-15")!))
        #expect(DossierPeriod(parsing: "1/3/2026") == .day(CalendarDate("2026-03-01")!))
        #expect(DossierPeriod(parsing: "2026-03") == .month(YearMonth("2026-03")!))
        #expect(DossierPeriod(parsing: "3/2026") == .month(YearMonth("2026-03")!))
        for bad in ["2026/03/15", "15/03/26", "29/02/2026", "13/2026", "15-03-2026", "", "2026"] {
            #expect(DossierPeriod(parsing: bad) == nil, "\(bad)")
        }
        #expect(DossierPeriod.month(YearMonth("2024-02")!).lastDay == CalendarDate("2024-02-29"))
    }
}
