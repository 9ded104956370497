import CivicCore
import Foundation
import Testing
@testable import CivicWeb

/// Reading the analytics routes' query parameters, without a server.
struct MetricsQueryTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 27)!
    static let options = MetricsQuery.Options(breakdowns: MetricsEndpoint.satisfaction.breakdowns, acceptsForm: true,
                                               acceptsPopulation: true)

    static func read(_ parameters: [String: String], accept: String? = nil,
                     convention: ReportingPeriod.Convention = .calendar) throws(QueryParameterErrors) -> MetricsQuery {
        try MetricsQuery(parameters: parameters, accept: accept, options: options, defaultConvention: convention, today: today)
    }

    @Test func periodsFormatsAndBreakdownsAreRead() throws {
        let query = try Self.read(["period": "2026-q3", "by": "form_version", "lang": "en", "format": "CSV",
                                   "convention": "cutoff", "population": "1200"])
        #expect(query.period.description == "2026-Q3")
        #expect(query.convention == .cutoff)
        #expect(query.breakdown == .formVersion)
        #expect(query.language == "en")
        #expect(query.format == .csv)
        #expect(query.population == 1200)
        #expect(query.days.first == CalendarDate(year: 2025, month: 12, day: 15)!)

        let custom = try Self.read(["from": "2026-01-15", "to": "2026-03-20"])
        #expect(custom.period.description == "2026-01-15/2026-03-20")
        #expect(try Self.read([:]).period.description == "2026")
        #expect(try Self.read([:], convention: .cutoff).convention == .cutoff)
        #expect(try Self.read([:], accept: "text/csv, application/json").format == .csv)
        #expect(try Self.read([:], accept: "text/html").format == .json, "HTML is not offered here")
    }

    @Test func everyBadParameterIsReportedAtOnce() {
        do {
            _ = try Self.read(["period": "2026-Q9", "by": "weekday", "lang": "!!", "colour": "red"])
            Issue.record("expected errors")
        } catch {
            #expect(error.issues.map(\.parameter).sorted() == ["by", "colour", "lang", "period"])
            #expect(error.problem.status == .badRequest, "some cannot be read at all")
        }
        do {
            _ = try Self.read(["from": "2026-03-01", "to": "2026-01-01"])
            Issue.record("expected an error")
        } catch {
            #expect(error.problem.status == .unprocessableContent)
            #expect(error.issues.map(\.parameter) == ["from"])
            #expect(error.problem.detail?.contains("after to") == true)
        }
    }
}
