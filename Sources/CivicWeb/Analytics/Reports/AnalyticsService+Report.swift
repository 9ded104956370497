import CivicCore
import CivicStore
import Foundation
import Logging

extension AnalyticsService {
    /// The periodic report for `unit` (nil: the whole service) and `query.period` (see ``PeriodicReport``).
    ///
    /// Satisfaction for every row comes from two statements (this period and the comparison
    /// period, broken down by unit); PAKN and QĐ 766 figures are counted per row, a few rows at a
    /// time, since their counts have no breakdown by unit.
    func report(_ query: MetricsQuery, unit: UnitStore.Unit?, logger: Logger) async throws -> PeriodicReport {
        let text = text(query.language)
        let form = try formChoice(query.form)
        let period = query.period, previous = query.period.previous, convention = query.convention
        async let currentCounts = analytics.satisfaction(period: period, convention: convention, unitCode: unit?.code,
                                                         formID: form.formID, elementsFormID: form.elementsFormID,
                                                         breakdown: .unit, logger: logger)
        async let previousCounts = analytics.satisfaction(period: previous, convention: convention, unitCode: unit?.code,
                                                          formID: form.formID, elementsFormID: form.elementsFormID,
                                                          breakdown: .unit, logger: logger)
        let (current, before) = try await (currentCounts, previousCounts)

        // Each period's figures against the targets in force at its end.
        let members = try await rowUnits(of: unit, period: period, comparison: previous, convention: convention,
                                         counts: current, formID: form.formID, logger: logger)
        // A few rows at a time, each row's queries one after the other: at most four connections.
        let rows = try await Self.concurrentMap(members, limit: 4) { member -> PeriodicReport.Row in
            let paknNow = try await feedbackMetrics(period, convention: convention, scope: member.scope,
                                                    target: member.target, logger: logger)
            let paknBefore = try await feedbackMetrics(previous, convention: convention, scope: member.scope,
                                                       target: member.previousTarget, logger: logger)
            // The QĐ 766 counts of this period serve the score and ratio 3 over the dossiers resolved.
            async let totals = analytics.dossierTotals(period: period, convention: convention, scope: member.scope,
                                                       logger: logger)
            let countsNow = try await analytics.qd766Counts(period: period, convention: convention, scope: member.scope,
                                                            logger: logger)
            let dossiers = try await DossierView(totals: totals, qd766: countsNow,
                                                 respondents: Self.respondents(of: member, in: current))
            let scoreBefore = try await qd766Score(previous, convention: convention, scope: member.scope, logger: logger)
            let ref: UnitRef
            switch member.kind {
            case .unitless: ref = UnitRef(code: "", names: [:], text: text)
            case .child, .total: ref = member.isTotal ? UnitRef(unit, text: text)
                : UnitRef(code: member.key, names: member.names, text: text)
            }
            return PeriodicReport.Row(
                unit: ref, isTotal: member.isTotal,
                current: .init(satisfaction: satisfaction(of: member, in: current,
                                                          population: query.population ?? dossiers.population),
                               pakn: paknNow, qd766: try countsNow.score()),
                previous: .init(satisfaction: satisfaction(of: member, in: before, comparison: true), pakn: paknBefore,
                                qd766: scoreBefore),
                dossiers: dossiers)
        }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = CalendarDate.vietnamTimeZone
        return PeriodicReport(period: PeriodView(period, convention: convention, language: text.language),
                              previousPeriod: PeriodView(previous, convention: convention, language: text.language),
                              unit: UnitRef(unit, text: text), form: form, forms: current.forms,
                              minimumRespondents: minimumRespondents, generatedAt: formatter.string(from: clock.now()),
                              rows: rows)
    }

    /// `transform` over `items`, at most `limit` at a time, results in the order of `items`.
    static func concurrentMap<Item: Sendable, Result: Sendable>(
        _ items: [Item], limit: Int, _ transform: @escaping @Sendable (Item) async throws -> Result
    ) async throws -> [Result] {
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var results = [Result?](repeating: nil, count: items.count)
            var next = 0
            while next < min(limit, items.count) {
                let index = next, item = items[index]
                group.addTask { (index, try await transform(item)) }
                next += 1
            }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < items.count {
                    let index = next, item = items[index]
                    group.addTask { (index, try await transform(item)) }
                    next += 1
                }
            }
            return results.map { $0! }
        }
    }
}
