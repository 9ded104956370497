import CivicCore
import CivicStore
import Foundation
import Logging

extension AnalyticsService {
    /// The dashboard's figures (see ``Dashboard``): two satisfaction statements (by unit, by month),
    /// one target lookup, and the PAKN counts of each child.
    func dashboard(_ query: MetricsQuery, unit: UnitStore.Unit, logger: Logger) async throws -> Dashboard {
        let period = query.period, convention = query.convention
        // Twelve months ending with the period's last month, or this month while the period runs.
        let lastMonth = min(ReportingPeriod.month(containing: period.dateRange(convention: convention).last, convention: convention),
                            ReportingPeriod.month(containing: today, convention: convention))
        var firstMonth = lastMonth
        // Never before the first supported year: a period of 1901 has a shorter trend, not a 500.
        for _ in 1..<12 {
            let earlier = firstMonth.previous
            guard ReportingPeriod.supportedYears.contains(earlier.period.dateRange(convention: convention).first.year) else { break }
            firstMonth = earlier
        }
        let trendPeriod: ReportingPeriod
        do {
            trendPeriod = try ReportingPeriod(from: firstMonth.period.dateRange(convention: convention).first,
                                              to: lastMonth.period.dateRange(convention: convention).last)
        } catch {
            // The period itself reaches outside the supported years (1901-01 counted from 15/12/1900).
            throw Problem(status: .badRequest, title: "Invalid period", detail: "\(error.description).")
        }
        async let byUnit = analytics.satisfaction(period: period, convention: convention, unitCode: unit.code,
                                                  breakdown: .unit, logger: logger)
        async let byMonth = analytics.satisfaction(period: trendPeriod, convention: convention, unitCode: unit.code,
                                                   breakdown: .month, logger: logger)
        let (counts, monthly) = try await (byUnit, byMonth)
        let members = try await rowUnits(of: unit, period: period, convention: convention, counts: counts, formID: nil,
                                         logger: logger)
        let target = members.last?.target ?? RateReport.satisfactionTarget
        let figures = try await Self.concurrentMap(members, limit: 4) { member -> Dashboard.UnitFigures in
            let pakn = try await feedbackMetrics(period, convention: convention, unitCode: member.code, target: member.target,
                                                 logger: logger)
            return Dashboard.UnitFigures(code: member.code, names: member.names,
                                         satisfaction: Self.satisfaction(of: member, in: counts),
                                         respondents: member.isTotal ? counts.respondents
                                             : counts.rows.first { $0.key == member.code }?.respondents,
                                         pakn: pakn, isTotal: member.isTotal)
        }
        let trend = monthly.rows.compactMap { row in
            YearMonth(row.key).map { (month: $0, report: monthly.report(for: row, target: target)) }
        }
        let dossiers = try await dossiers(period, convention: convention, unitCode: unit.code,
                                          respondents: counts.respondents, logger: logger)
        return Dashboard(period: period, convention: convention, unit: unit, target: target, units: figures,
                         trendPeriod: trendPeriod, trend: trend,
                         summary: counts.summary(target: target, population: dossiers.population), dossiers: dossiers)
    }
}
