import CivicCore
import CivicStore
import Foundation
import Logging

/// Turns the store's counts into the documents the metrics API, the report and the dashboard show:
/// counts from ``AnalyticsStore``, maths from CivicCore, labels from ``AnalyticsText``.
///
/// The unit a request concerns has been checked by the gate (``StaffRoute/UnitLocator/unitQuery(parameter:)``)
/// before any method here runs; a nil unit is the whole service (an admin who named none, with no
/// single root unit to default to). Guarantees: a client's mistake (an unknown form or version) is
/// a ``QueryParameterErrors``, never a server error; every figure of one request counts the same
/// form (``FormChoice``) and each response and PAKN item once (``UnitScope``).
///
/// Its counts come from where ``reading(logger:)`` chose: the read replica, or the primary when
/// there is none or it is away or behind. Each request chooses once, so all of one page's figures
/// come from one server, and each document says when they are as of.
struct AnalyticsService: Sendable {
    let analytics: AnalyticsStore
    let units: UnitStore
    let registry: FormRegistry
    /// `REPORTING_CONVENTION`.
    let defaultConvention: ReportingPeriod.Convention
    /// `MIN_RESPONDENTS`.
    let minimumRespondents: Int
    /// Today in Vietnam (the default period, overdue items, the units in effect) and the instant a
    /// report is generated at.
    let clock: ServiceClock
    let reads: ReplicaRouter
    /// Where ``analytics`` and ``units`` read, and as of when.
    let source: ReplicaRouter.Source

    init(reads: ReplicaRouter, registry: FormRegistry, defaultConvention: ReportingPeriod.Convention,
         minimumRespondents: Int = RateReport.defaultMinimumRespondents, clock: ServiceClock) {
        self.init(reads: reads, source: .init(database: reads.primary, place: .primary, asOf: clock.now(), fallback: nil),
                  registry: registry, defaultConvention: defaultConvention, minimumRespondents: minimumRespondents,
                  clock: clock)
    }

    private init(reads: ReplicaRouter, source: ReplicaRouter.Source, registry: FormRegistry,
                 defaultConvention: ReportingPeriod.Convention, minimumRespondents: Int, clock: ServiceClock) {
        self.reads = reads
        self.source = source
        self.analytics = AnalyticsStore(database: source.database)
        self.units = UnitStore(database: source.database)
        self.registry = registry
        self.defaultConvention = defaultConvention
        self.minimumRespondents = minimumRespondents
        self.clock = clock
    }

    /// This service reading where the router sends reads now; each read that falls back to the
    /// primary is counted in `/metrics`.
    func reading(logger: Logger) async -> AnalyticsService {
        let source = await reads.source(logger: logger)
        CivicMetrics.analyticsReads(source.place.rawValue).increment()
        if let fallback = source.fallback { CivicMetrics.readReplicaFallbacks(fallback.rawValue).increment() }
        return AnalyticsService(reads: reads, source: source, registry: registry, defaultConvention: defaultConvention,
                                minimumRespondents: minimumRespondents, clock: clock)
    }

    /// Today in Vietnam.
    var today: CalendarDate { clock.today() }

    /// The day whose targets a figure on `period` is held to: its last day. A target changed later
    /// leaves a period that ended before the change as it was reported; a period that spans a change
    /// gets the target in force at its end (`AnalyticsStore.targets`).
    static func targetDay(_ period: ReportingPeriod, convention: ReportingPeriod.Convention) -> CalendarDate {
        period.dateRange(convention: convention).last
    }

    func text(_ language: String) -> AnalyticsText { AnalyticsText(ui: registry.catalog.ui, language: language) }

    /// Every version of a form the server knows (current, and stored earlier), newest first; empty
    /// for an unknown form.
    func versions(of formID: String) -> [FormDefinition] {
        guard let current = registry.current(formID) else { return [] }
        return (1...current.version).reversed().compactMap { registry.definition(formID, version: $0) }
    }

    // MARK: - Forms

    /// The form a figure counts, from `form=` (``FormChoice``).
    /// - Throws: ``QueryParameterErrors`` for an id that is no survey form of the catalog.
    func formChoice(_ raw: String?) throws(QueryParameterErrors) -> FormChoice {
        let catalog = registry.catalog
        guard let raw else {
            return catalog.metricsDefaultFormID.map(FormChoice.one) ?? .pooled(elementsFormID: nil)
        }
        if raw == FormChoice.allForms { return .pooled(elementsFormID: catalog.metricsDefaultFormID) }
        guard catalog.form(id: raw)?.kind == .survey else {
            throw QueryParameterErrors.single("form", "no survey form has the id '\(raw)'; use one of "
                                              + (catalog.surveyFormIDs + [FormChoice.allForms]).joined(separator: ", "))
        }
        return .one(raw)
    }

    /// The survey forms a figure can be about, for the pages' selector: id and title.
    func surveyForms(text: AnalyticsText) -> [(id: String, title: String)] {
        registry.catalog.surveyFormIDs.compactMap { id in
            registry.current(id).map { (id, $0.title.resolved(for: text.chain).text) }
        }
    }

    /// A form's title in the reader's language; the id when unknown.
    func formTitle(_ id: String, text: AnalyticsText) -> String {
        registry.current(id)?.title.resolved(for: text.chain).text ?? id
    }

    // MARK: - Satisfaction

    func satisfaction(_ query: MetricsQuery, unit: UnitStore.Unit?, logger: Logger) async throws -> SatisfactionDocument {
        let text = text(query.language)
        let form = try formChoice(query.form)
        let counts = try await analytics.satisfaction(period: query.period, convention: query.convention,
                                                      unitCode: unit?.code, formID: form.formID,
                                                      elementsFormID: form.elementsFormID,
                                                      breakdown: query.breakdown, logger: logger)
        let day = Self.targetDay(query.period, convention: query.convention)
        let target = try await analytics.target(unitCode: unit?.code, formID: form.formID, on: day, logger: logger)
        var breakdown: BreakdownView<RateReport>?
        if let by = query.breakdown {
            let unitTargets = by == .unit
                ? try await analytics.targets(unitCodes: counts.rows.map(\.key).filter { !$0.isEmpty },
                                              formID: form.formID, on: day, logger: logger)
                : [:]
            breakdown = BreakdownView(by: by.rawValue, rows: counts.rows.map { row in
                var item = BreakdownRow(key: Self.key(of: row, by: by), label: label(of: row, by: by, text: text),
                                        figures: counts.report(for: row, target: unitTargets[row.key] ?? target,
                                                               minimumRespondents: minimumRespondents))
                item.extras["respondents"] = .int(row.respondents)
                if by == .question {
                    item.extras["element"] = .string(row.element?.rawValue)
                    item.extras["form"] = .string(row.formID)
                }
                return item
            })
        }
        let dossiers = try await dossiers(query.period, convention: query.convention, scope: UnitScope(unitCode: unit?.code),
                                          respondents: counts.respondents, logger: logger)
        // Yamane's N: the dossiers resolved once statistics are imported, unless the caller says.
        let population = query.population ?? dossiers.population
        return SatisfactionDocument(period: PeriodView(query.period, convention: query.convention, language: text.language),
                                    unit: UnitRef(unit, text: text), form: form, forms: counts.forms,
                                    summary: counts.summary(target: target, population: population,
                                                            minimumRespondents: minimumRespondents),
                                    respondents: counts.respondents, population: population,
                                    minimumRespondents: minimumRespondents, breakdown: breakdown, dossiers: dossiers)
    }

    // MARK: - Dossier statistics

    /// The dossier figures beside a satisfaction figure of `respondents` forms (``DossierView``).
    func dossiers(_ period: ReportingPeriod, convention: ReportingPeriod.Convention, scope: UnitScope, respondents: Int,
                  logger: Logger) async throws -> DossierView {
        async let totals = analytics.dossierTotals(period: period, convention: convention, scope: scope, logger: logger)
        async let qd766 = analytics.qd766Counts(period: period, convention: convention, scope: scope, logger: logger)
        return try await DossierView(totals: totals, qd766: qd766, respondents: respondents)
    }

    /// A form version's row is keyed `sipas@3`, so versions of different forms do not collide.
    static func key(of row: SatisfactionCounts.Row, by: SatisfactionBreakdown) -> String {
        if by == .formVersion, let form = row.formID { return "\(form)@\(row.key)" }
        return row.key
    }

    /// A row's label in the requested language.
    func label(of row: SatisfactionCounts.Row, by: SatisfactionBreakdown, text: AnalyticsText) -> String {
        switch by {
        case .element:
            return SatisfactionElement(rawValue: row.key).map(text.element) ?? row.key
        case .question:
            guard let form = row.formID, let question = registry.current(form)?.question(id: row.key) else { return row.key }
            return question.label.resolved(for: text.chain).text
        case .unit:
            return text.unitName(row.names, code: row.key)
        case .language:
            return text.languageName(row.key)
        case .channel:
            return text.channel(row.key)
        case .month:
            return YearMonth(row.key).map { text.period($0.period) } ?? row.key
        case .formVersion:
            let title = row.formID.map { formTitle($0, text: text) } ?? ""
            return "\(title) (v\(row.key))"
        }
    }

    // MARK: - PAKN

    func feedback(_ query: MetricsQuery, unit: UnitStore.Unit?, logger: Logger) async throws -> MetricsDocument<FeedbackMetrics> {
        let text = text(query.language)
        let target = try await analytics.target(unitCode: unit?.code, formID: nil,
                                                on: Self.targetDay(query.period, convention: query.convention), logger: logger)
        let metrics = try await feedbackMetrics(query.period, convention: query.convention,
                                                scope: UnitScope(unitCode: unit?.code), target: target, logger: logger)
        var breakdown: BreakdownView<FeedbackMetrics>?
        if let by = query.breakdown {
            var rows: [BreakdownRow<FeedbackMetrics>] = []
            for part in try await parts(of: query, unit: unit, by: by, text: text, logger: logger) {
                let figures = try await feedbackMetrics(part.period, convention: query.convention, scope: part.scope,
                                                        target: target, logger: logger)
                rows.append(BreakdownRow(key: part.key, label: part.label, figures: figures))
            }
            breakdown = BreakdownView(by: by.rawValue, rows: rows)
        }
        return MetricsDocument(period: PeriodView(query.period, convention: query.convention, language: text.language),
                               unit: UnitRef(unit, text: text), figures: metrics, breakdown: breakdown)
    }

    func feedbackMetrics(_ period: ReportingPeriod, convention: ReportingPeriod.Convention, scope: UnitScope,
                         target: Double, logger: Logger) async throws -> FeedbackMetrics {
        let workflow = registry.workflow, today = today
        let counts = try await analytics.feedbackCounts(
            period: period, convention: convention, scope: scope, today: today, calendar: workflow.calendar,
            classification: workflow.deadlines.classificationCutoffs(today: today, calendar: workflow.calendar),
            logger: logger)
        return try counts.metrics(satisfactionTarget: target)
    }

    // MARK: - QĐ 766

    func qd766(_ query: MetricsQuery, unit: UnitStore.Unit?, logger: Logger) async throws -> MetricsDocument<QD766Score> {
        let text = text(query.language)
        let score = try await qd766Score(query.period, convention: query.convention, scope: UnitScope(unitCode: unit?.code),
                                         logger: logger)
        var breakdown: BreakdownView<QD766Score>?
        if let by = query.breakdown {
            var rows: [BreakdownRow<QD766Score>] = []
            for part in try await parts(of: query, unit: unit, by: by, text: text, logger: logger) {
                let figures = try await qd766Score(part.period, convention: query.convention, scope: part.scope,
                                                   logger: logger)
                rows.append(BreakdownRow(key: part.key, label: part.label, figures: figures))
            }
            breakdown = BreakdownView(by: by.rawValue, rows: rows)
        }
        return MetricsDocument(period: PeriodView(query.period, convention: query.convention, language: text.language),
                               unit: UnitRef(unit, text: text), figures: score, breakdown: breakdown)
    }

    func qd766Score(_ period: ReportingPeriod, convention: ReportingPeriod.Convention, scope: UnitScope,
                    logger: Logger) async throws -> QD766Score {
        try await analytics.qd766Counts(period: period, convention: convention, scope: scope, logger: logger).score()
    }

    // MARK: - Breakdowns counted part by part

    /// One part of a breakdown counted by its own query: a child unit (or what names no unit) over
    /// the period, or the unit over one month.
    struct Part: Sendable {
        let key: String
        let label: String
        let period: ReportingPeriod
        let scope: UnitScope
    }

    /// The parts of a `by=unit` or `by=month` breakdown of PAKN or QĐ 766 figures: by unit, the
    /// children (the root units for the whole service) and, when the figure covers the whole
    /// register, "unit not stated" (key "").
    private func parts(of query: MetricsQuery, unit: UnitStore.Unit?, by: SatisfactionBreakdown, text: AnalyticsText,
                       logger: Logger) async throws -> [Part] {
        switch by {
        case .unit:
            var parts = try await children(of: unit, period: query.period, convention: query.convention, logger: logger).map {
                Part(key: $0.code, label: text.unitName($0.names, code: $0.code), period: query.period, scope: .unit($0.code))
            }
            if try await coversRegister(unit, period: query.period, convention: query.convention, logger: logger) {
                parts.append(Part(key: "", label: text.text("no_unit"), period: query.period, scope: .unitless))
            }
            return parts
        case .month:
            return query.period.months(convention: query.convention).map {
                Part(key: $0.description, label: text.period($0.period), period: $0.period,
                     scope: UnitScope(unitCode: unit?.code))
            }
        default:
            // MetricsQuery refuses the others for these routes (MetricsEndpoint.breakdowns).
            throw QueryParameterErrors.single("by", "this route cannot break down by \(by.rawValue)")
        }
    }

    /// Whether a figure on `unit` (nil: the whole service) counts what names no unit.
    func coversRegister(_ unit: UnitStore.Unit?, period: ReportingPeriod, convention: ReportingPeriod.Convention,
                        logger: Logger) async throws -> Bool {
        let days = period.dateRange(convention: convention)
        return try await analytics.coversRegister(unitCode: unit?.code, first: days.first, last: days.last,
                                                  logger: logger)
    }

    /// One row of a report or of the dashboard: a child unit, what names no unit, or the total.
    struct RowUnit: Sendable {
        enum Kind: Sendable, Hashable {
            case child, unitless, total
        }

        /// The unit's code; "" for the unit-less row; nil for the whole service's total.
        let code: String?
        let names: [String: String]
        /// The target in force at the end of the period, and at the end of the comparison period
        /// (the same when there is none).
        let target: Double
        let previousTarget: Double
        let kind: Kind

        var isTotal: Bool { kind == .total }

        /// What the row's PAKN and QĐ 766 figures count.
        var scope: UnitScope {
            switch kind {
            case .child, .total: UnitScope(unitCode: code)
            case .unitless: .unitless
            }
        }

        /// The key of the row among the satisfaction counts broken down by unit.
        var key: String { code ?? "" }
    }

    /// The rows of a report or dashboard on `unit` (nil: the whole service): its children in effect
    /// (the root units for the whole service), then any other child `counts` (broken down by unit)
    /// names (one that ended in the period without a successor among its siblings), then "unit not
    /// stated" when the figure covers the whole register, then the unit itself as the total; each
    /// with its satisfaction target for `formID` at the end of `period` and of `comparison`.
    func rowUnits(of unit: UnitStore.Unit?, period: ReportingPeriod, comparison: ReportingPeriod? = nil,
                  convention: ReportingPeriod.Convention, counts: SatisfactionCounts, formID: String?,
                  logger: Logger) async throws -> [RowUnit] {
        var members = try await children(of: unit, period: period, convention: convention, logger: logger)
            .map { (code: $0.code, names: $0.names) }
        for row in counts.rows where !row.key.isEmpty && row.key != unit?.code && !members.contains(where: { $0.code == row.key }) {
            members.append((row.key, row.names))
        }
        let unitless = try await coversRegister(unit, period: period, convention: convention, logger: logger)
        let day = Self.targetDay(period, convention: convention)
        let before = comparison.map { Self.targetDay($0, convention: convention) } ?? day
        let targets = try await analytics.targets(unitCodes: members.map(\.code) + (unit.map { [$0.code] } ?? []),
                                                  formID: formID, on: [day, before], logger: logger)
        var rows = members.map {
            RowUnit(code: $0.code, names: $0.names, target: targets.target($0.code, on: day),
                    previousTarget: targets.target($0.code, on: before), kind: .child)
        }
        // The total (and what names no unit, counted at the root) is held to the unit's target, or
        // for the whole service to the default.
        let total = (targets.target(unit?.code, on: day), targets.target(unit?.code, on: before))
        if unitless { rows.append(RowUnit(code: "", names: [:], target: total.0, previousTarget: total.1, kind: .unitless)) }
        rows.append(RowUnit(code: unit?.code, names: unit?.names ?? [:], target: total.0, previousTarget: total.1,
                            kind: .total))
        return rows
    }

    /// A row's satisfaction in `counts` (broken down by unit): the pooled rate for the total (with
    /// the respondents as Yamane's sample), the row's, or no data when it has none; against the
    /// row's target of the period, or with `comparison` of the comparison period.
    func satisfaction(of member: RowUnit, in counts: SatisfactionCounts, population: Int? = nil,
                      comparison: Bool = false) -> RateReport {
        let target = comparison ? member.previousTarget : member.target
        if member.isTotal {
            return counts.pooledReport(target: target, population: population, minimumRespondents: minimumRespondents)
        }
        guard let row = counts.rows.first(where: { $0.key == member.key }) else {
            return RateReport(ClusteredCount.zero, target: target, minimumRespondents: minimumRespondents)
        }
        return counts.report(for: row, target: target, minimumRespondents: minimumRespondents)
    }

    /// The respondents (forms) of a row in `counts` (broken down by unit).
    static func respondents(of member: RowUnit, in counts: SatisfactionCounts) -> Int {
        member.isTotal ? counts.respondents : counts.rows.first { $0.key == member.key }?.respondents ?? 0
    }

    /// The direct children of `unit` in effect on the period's last day (for nil, the root units
    /// in effect then), by Vietnamese collation of their names: the rows of a report or a
    /// breakdown by unit.
    func children(of unit: UnitStore.Unit?, period: ReportingPeriod, convention: ReportingPeriod.Convention,
                  logger: Logger) async throws -> [UnitStore.Unit] {
        let day = min(period.dateRange(convention: convention).last, today)
        let found: [UnitStore.Unit]
        if let unit {
            found = (try await units.subtree(of: unit.code, on: day, logger: logger) ?? [])
                .filter { $0.parentCode == unit.code }
        } else {
            found = try await units.units(on: day, logger: logger).filter { $0.parentCode == nil }
        }
        return found.sorted {
            VietnameseText.collationKey($0.names["vi"] ?? $0.code) < VietnameseText.collationKey($1.names["vi"] ?? $1.code)
        }
    }
}
