import CivicCore
import CivicStore
import Foundation
import Logging

extension AnalyticsService {
    /// The dashboard's figures (see ``Dashboard``): two satisfaction statements (by unit, by month),
    /// the target lookups, and the PAKN counts of each row. Every figure counts the same form.
    func dashboard(_ query: MetricsQuery, unit: UnitStore.Unit?, logger: Logger) async throws -> Dashboard {
        let period = query.period, convention = query.convention
        let form = try formChoice(query.form)
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
        async let byUnit = analytics.satisfaction(period: period, convention: convention, unitCode: unit?.code,
                                                  formID: form.formID, elementsFormID: form.elementsFormID,
                                                  breakdown: .unit, logger: logger)
        async let byMonth = analytics.satisfaction(period: trendPeriod, convention: convention, unitCode: unit?.code,
                                                   formID: form.formID, elementsFormID: form.elementsFormID,
                                                   breakdown: .month, logger: logger)
        let (counts, monthly) = try await (byUnit, byMonth)
        let members = try await rowUnits(of: unit, period: period, convention: convention, counts: counts,
                                         formID: form.formID, logger: logger)
        let target = members.last?.target ?? RateReport.satisfactionTarget
        let figures = try await Self.concurrentMap(members, limit: 4) { member -> Dashboard.UnitFigures in
            let pakn = try await feedbackMetrics(period, convention: convention, scope: member.scope, target: member.target,
                                                 logger: logger)
            return Dashboard.UnitFigures(member: member, satisfaction: satisfaction(of: member, in: counts),
                                         respondents: Self.respondents(of: member, in: counts), pakn: pakn)
        }
        // Each month of the trend against the target in force at its end.
        let months = monthly.rows.compactMap { row in YearMonth(row.key).map { (month: $0, row: row) } }
        let monthEnds = months.map { Self.targetDay($0.month.period, convention: convention) }
        let monthTargets = try await analytics.targets(unitCodes: unit.map { [$0.code] } ?? [], formID: form.formID,
                                                       on: monthEnds, logger: logger)
        let trend = zip(months, monthEnds).map { item, end in
            (month: item.month, report: monthly.report(for: item.row, target: monthTargets.target(unit?.code, on: end),
                                                       minimumRespondents: minimumRespondents))
        }
        let dossiers = try await dossiers(period, convention: convention, scope: UnitScope(unitCode: unit?.code),
                                          respondents: counts.respondents, logger: logger)
        return Dashboard(period: period, convention: convention, unit: unit, form: form, forms: counts.forms,
                         target: target, units: figures, trendPeriod: trendPeriod, trend: trend,
                         summary: counts.summary(target: target, population: dossiers.population,
                                                 minimumRespondents: minimumRespondents),
                         minimumRespondents: minimumRespondents, dossiers: dossiers)
    }
}
