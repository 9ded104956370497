import CivicCore
import CivicStore
import Foundation
import Logging

/// Evaluates a PAR plan for one of its reporting periods (``PlanReport``) and stores the values
/// the units responsible enter.
struct PlanService: Sendable {
    let analytics: AnalyticsService
    let values: PlanValueStore
    let units: UnitStore
    let plans: PlanCatalog

    /// Why an entered value was refused, in Vietnamese (staff pages are in Vietnamese).
    struct EntryError: Error, Sendable {
        let field: String
        let message: String
    }

    /// What a unit responsible typed for one target, before it is checked.
    struct EntryInput: Sendable {
        var value = ""
        var note = ""
        var evidenceURL = ""
    }

    /// The plan's reporting period spelled `text` (`2022-Q1`, `2022-H1`, `2022-Q3`, `2022`), or nil
    /// when it is not one of them: the plan reports each Q1, 6 months, Q3 (January–September) and year.
    static func period(_ text: String, of plan: PlanDefinition) -> ReportingPeriod? {
        guard let period = try? ReportingPeriod(parsing: text) else { return nil }
        return periods(of: plan).contains(period) ? period : nil
    }

    /// Q1, 6 months, Q3 (nine months) and the year of the plan, in that order.
    static func periods(of plan: PlanDefinition) -> [ReportingPeriod] {
        [.quarter(year: plan.year, quarter: 1), .halfYear(year: plan.year, half: 1), .nineMonths(year: plan.year),
         .year(plan.year)].compactMap { ReportingPeriod(kind: $0) }
    }

    /// Whether `access` reaches `plan`: its reach (everything, for an admin) holds the plan's unit
    /// or a unit responsible for one of its targets. The gate's `.plan` rule, and what the index
    /// of plans lists.
    static func reaches(_ plan: PlanDefinition, access: StaffAccess, units: UnitStore, logger: Logger) async throws -> Bool {
        for code in [plan.unitCode] + Set(plan.targets.map(\.responsibleUnit)).subtracting([plan.unitCode]).sorted() {
            if let unit = try await units.unit(code: code, logger: logger), access.reaches(unitID: unit.id) { return true }
        }
        return false
    }

    /// Every target of `plan` for `period`: computed ones from the periodic report's total row for
    /// the plan's unit (one report per form that satisfaction targets name), entered ones from the
    /// latest entry.
    func report(_ plan: PlanDefinition, unit: UnitStore.Unit, period: ReportingPeriod, logger: Logger) async throws -> PlanReport {
        let service = await analytics.reading(logger: logger)
        let text = service.text(LanguageChain.baseLanguage)
        let computed = plan.targets.filter(\.isComputed)
        // The form only changes satisfaction: other computed figures come from the first report.
        var forms: [String?] = []
        for target in computed {
            let form = target.metric == .satisfaction ? target.formID : nil
            if !forms.contains(form) { forms.append(form) }
        }
        var totals: [String?: PeriodicReport.Row] = [:]
        for form in forms {
            var parameters = ["period": period.description]
            parameters["form"] = form
            let query = try MetricsQuery(parameters: parameters, accept: nil,
                                         options: .init(formats: [.json], acceptsForm: true),
                                         defaultConvention: service.defaultConvention, today: service.today)
            totals[form] = try await service.report(query, unit: unit, logger: logger).rows.first(where: \.isTotal)
        }
        let entries = try await values.latest(planID: plan.id, period: period.description, logger: logger)
        let names = try await unitNames(plan, text: text, logger: logger)
        let formatter = Self.timestampFormatter

        func ref(_ code: String) -> UnitRef { names[code] ?? UnitRef(code: code, names: [:], text: text) }
        let areas = plan.areas.map { area in
            PlanReport.Area(id: area.id, number: area.number, title: area.title, responsible: ref(area.responsibleUnit),
                            supporting: area.supportingUnits.map(ref), targets: area.targets.map { target in
                let form = target.metric == .satisfaction ? target.formID : nil
                let figure = (totals[form] ?? totals.values.first).flatMap { Self.figure(target.metric, in: $0) }
                let entry = entries[target.id]
                let value: Double?, verdict: PlanVerdict
                if target.isComputed {
                    // Rates are compared as fractions, the way the report computes them, so that
                    // 57 of 100 is exactly 57%.
                    value = figure?.rate.map { $0 * 100 }
                    verdict = PlanVerdict.judge(value: figure?.rate, interval: figure?.ci95?.range,
                                                comparison: target.comparison, target: target.value / 100)
                } else {
                    value = entry?.value
                    verdict = PlanVerdict.judge(value: entry?.value, interval: nil, comparison: target.comparison,
                                                target: target.value)
                }
                return PlanReport.Target(
                    id: target.id, text: target.text, metric: target.metric.rawValue, source: target.metric.source.rawValue,
                    measure: target.metric.measure.rawValue, comparison: target.comparison.rawValue, target: target.value,
                    value: value, verdict: verdict, figure: figure,
                    entry: entry.map { PlanReport.Entry(value: $0.value, note: $0.note, evidenceUrl: $0.evidenceURL,
                                                        enteredBy: $0.enteredBy, enteredAt: formatter.string(from: $0.enteredAt)) },
                    responsible: ref(target.responsibleUnit), supporting: target.supportingUnits.map(ref),
                    evidenceExpected: target.evidence, form: form)
            })
        }
        return PlanReport(plan: .init(id: plan.id, year: plan.year, unit: UnitRef(unit, text: text), title: plan.title,
                                      document: plan.document),
                          period: PeriodView(period, convention: service.defaultConvention, language: text.language),
                          generatedAt: formatter.string(from: analytics.clock.now()), areas: areas)
    }

    /// A computed metric's figure in the report's total row.
    static func figure(_ metric: PlanMetric, in row: PeriodicReport.Row) -> PlanReport.Figure? {
        func rate(_ report: RateReport) -> PlanReport.Figure {
            .init(rate: report.rate, numerator: report.numerator, denominator: report.denominator, ci95: report.ci95)
        }
        func share(_ share: DossierFigures.Rate) -> PlanReport.Figure {
            .init(rate: share.rate, numerator: share.numerator, denominator: share.denominator, ci95: nil)
        }
        let dossiers = row.dossiers.figures
        switch metric {
        case .satisfaction: return rate(row.current.satisfaction)
        case .paknHandled: return rate(row.current.pakn.handledRate)
        case .dossiersOnTime: return share(dossiers.onTime)
        case .lateDossierApologies: return share(dossiers.apologyCoverage)
        case .onlineShare: return share(dossiers.online)
        case .postalReceivedShare: return share(dossiers.receivedByPost)
        case .postalReturnedShare: return share(dossiers.returnedByPost)
        case .percent, .count, .yesNo: return nil
        }
    }

    /// Checks what was typed for `target` and stores it (audited).
    /// - Throws: ``EntryError`` naming the field at fault; nothing is stored then.
    func enter(_ input: EntryInput, target: PlanTarget, plan: PlanDefinition, period: ReportingPeriod,
               by actor: AuditLog.Actor, logger: Logger) async throws -> PlanValueStore.Entry {
        guard !target.isComputed else {
            throw EntryError(field: "target", message: "Chỉ tiêu này do CivicVoice tính, không nhập được.")
        }
        let value = try Self.value(input.value, measure: target.metric.measure)
        let note = VietnameseText.nfc(input.note).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw EntryError(field: "note", message: "Hãy ghi chú căn cứ của giá trị.") }
        guard note.count <= 4000 else { throw EntryError(field: "note", message: "Ghi chú dài tối đa 4.000 ký tự.") }
        let link = input.evidenceURL.trimmingCharacters(in: .whitespacesAndNewlines)
        var evidence: String?
        if !link.isEmpty {
            guard link.count <= 2000, let url = URL(string: link), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                  url.host?.isEmpty == false else {
                throw EntryError(field: "evidence_url", message: "Liên kết minh chứng phải là một địa chỉ http:// hoặc https://.")
            }
            evidence = link
        }
        return try await values.enter(planID: plan.id, targetID: target.id, period: period.description, value: value,
                                      note: note, evidenceURL: evidence, by: actor, logger: logger)
    }

    /// A typed value in `measure`: a percentage 0…100 (`98`, `98,5`), a whole number ≥ 0, or có/không.
    static func value(_ typed: String, measure: PlanMetric.Measure) throws(EntryError) -> Double {
        let text = VietnameseText.nfc(typed).trimmingCharacters(in: .whitespaces)
        switch measure {
        case .yesNo:
            switch text.lowercased() {
            case "yes", "có", "1": return 1
            case "no", "không", "0": return 0
            default: throw EntryError(field: "value", message: "Hãy chọn Có hoặc Không.")
            }
        case .count:
            guard let count = Int(text), count >= 0, count <= 1_000_000_000 else {
                throw EntryError(field: "value", message: "Hãy nhập một số nguyên không âm, ví dụ 2.")
            }
            return Double(count)
        case .percent:
            // Vietnamese writes a decimal comma (98,5); a point is accepted too.
            guard let decimal = DecimalText.parse(text, allowDecimalComma: true),
                  case let percent = NSDecimalNumber(decimal: decimal).doubleValue, (0...100).contains(percent) else {
                throw EntryError(field: "value", message: "Hãy nhập tỷ lệ phần trăm từ 0 đến 100, ví dụ 98 hoặc 98,5.")
            }
            return percent
        }
    }

    private func unitNames(_ plan: PlanDefinition, text: AnalyticsText, logger: Logger) async throws -> [String: UnitRef] {
        let codes = Set(plan.areas.flatMap { [$0.responsibleUnit] + $0.supportingUnits }
            + plan.targets.flatMap { [$0.responsibleUnit] + $0.supportingUnits })
        var names: [String: UnitRef] = [:]
        for code in codes.sorted() {
            if let unit = try await units.unit(code: code, logger: logger) { names[code] = UnitRef(unit, text: text) }
        }
        return names
    }

    static var timestampFormatter: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = CalendarDate.vietnamTimeZone
        return formatter
    }
}
