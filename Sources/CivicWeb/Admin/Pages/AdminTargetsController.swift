import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The admin console's satisfaction targets: `GET /staff/admin/targets?period=` (every setting with
/// the month it applies from, and the target each unit in effect is held to for each survey in a
/// period, with where it comes from: set on the unit, inherited from a parent, the default, or the
/// built-in 90%), `POST /staff/admin/targets` (set one from a month on, or end a unit's own target
/// from a month on) and `POST /staff/admin/targets/clear` (remove one setting made by mistake),
/// audited as `targets.set`. A setting applies from the 1st of its month, and a report holds a unit
/// to the setting in force on its period's last day: a change never rewrites a period that ended
/// before it.
struct AdminTargetsController: Sendable {
    let analytics: AnalyticsStore
    let units: UnitStore
    let registry: FormRegistry
    let pages: StaffPageRenderer
    let today: @Sendable () -> CalendarDate

    struct Setting: Sendable {
        let unit: String
        let unitCode: String
        let form: String
        let formID: String
        /// The month it applies from, as shown, and as the remove form sends it ("": every period).
        let from: String
        let fromValue: String
        let target: String
        let clearCSRF: String
    }

    struct Row: Sendable {
        let unit: String
        let indent: String
        let cells: [String]
    }

    struct Page: Sendable {
        let chrome: StaffChrome
        let t: [String: String]
        let settings: [Setting]
        let hasSettings: Bool
        let forms: [String]
        let rows: [Row]
        let unit: UnitSelector
        let formOptions: [SelectOption]
        /// The month the set form proposes: this month.
        let fromValue: String
        let csrf: String
        let errors: [String]
        let hasErrors: Bool
        let notice: String?
        let builtIn: String
        /// The period whose targets the table shows, and its heading.
        let period: PeriodSelector
        let effective: String
    }

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.targetsPage, handler: show)
        staff.register(StaffRoutes.targetSetPage, handler: set)
        staff.register(StaffRoutes.targetClearPage, handler: clear)
    }

    /// The surveys a target applies to (PAKN forms have no satisfaction rate).
    private var surveys: [FormDefinition] {
        registry.catalog.formIDs.compactMap(registry.current).filter { $0.kind == .survey }
    }

    /// The period a report would show today (calendar months), the table's default.
    private var periodInProgress: ReportingPeriod {
        (try? ReportingPeriod.reportInProgress(on: today(), convention: .calendar))
            ?? YearMonth(today()).period
    }

    private func render(_ request: Request, access: StaffAccess, logger: Logger, period: ReportingPeriod? = nil,
                        status: HTTPResponse.Status = .ok, errors: [String] = [], notice: String? = nil) async throws -> Response {
        let page = pages.page(request, access: access, path: StaffRoutes.targetsPage.path)
        let text = page.text
        let settings = try await analytics.targetSettings(logger: logger)
        let all = try await units.units(on: today(), logger: logger)
        let byCode = Dictionary(all.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let surveys = self.surveys
        let period = period ?? periodInProgress
        // The month of a period's last day decides its targets (months, not days: a setting starts
        // on a 1st), whatever the reporting convention.
        let day = period.dateRange(convention: .calendar).last
        func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
        func unitLabel(_ code: String?) -> String {
            guard let code else { return text.text("staff.targets.default") }
            return byCode[code].map { "\(text.unitName($0.names, code: code)) (\(code))" } ?? code
        }
        func formLabel(_ id: String?) -> String {
            guard let id else { return text.text("staff.targets.every_form") }
            return registry.current(id)?.title.resolved(for: text.chain).text ?? id
        }
        let shown = settings.map { setting in
            Setting(unit: unitLabel(setting.unitCode), unitCode: setting.unitCode ?? "", form: formLabel(setting.formID),
                    formID: setting.formID ?? "",
                    from: setting.effectiveFrom?.description ?? text.text("staff.targets.every_period"),
                    fromValue: setting.effectiveFrom?.description ?? "",
                    target: setting.target.map(percent) ?? text.text("staff.targets.inherits"),
                    clearCSRF: page.token(StaffRoutes.targetClearPage.path))
        }
        // The effective target of each unit and survey, found the way the analytics query finds it.
        let resolution = TargetResolution(settings: settings.map(\.resolutionSetting),
                                          parents: Dictionary(all.map { ($0.code, $0.parentCode) }, uniquingKeysWith: { a, _ in a }))
        func since(_ month: YearMonth?) -> String {
            month.map { text.format("staff.targets.since", ["month": $0.description]) } ?? ""
        }
        var rows: [Row] = []
        var children: [String: [UnitStore.Unit]] = [:]
        for unit in all { children[unit.parentCode.flatMap { byCode[$0] != nil ? $0 : nil } ?? "", default: []].append(unit) }
        func visit(_ parent: String, depth: Int) {
            for unit in (children[parent] ?? []).sorted(by: { $0.code < $1.code }) {
                let cells = surveys.map { form -> String in
                    let found = resolution.target(unit: unit.code, form: form.id, on: day)
                    let source: String = switch found.source {
                    case .unit(let code, let month) where code == unit.code: text.text("staff.targets.source_own") + since(month)
                    case .unit(let code, let month): text.format("staff.targets.source_inherited", ["unit": code]) + since(month)
                    case .defaultSetting(let month): text.text("staff.targets.source_default") + since(month)
                    case .builtIn: text.text("staff.targets.source_built_in")
                    }
                    return "\(percent(found.target)) (\(source))"
                }
                rows.append(Row(unit: unitLabel(unit.code), indent: "\(Double(depth) * 1.25)rem", cells: cells))
                if depth < 32 { visit(unit.code, depth: depth + 1) }
            }
        }
        visit("", depth: 0)
        let model = Page(
            chrome: page.chrome(page("staff.targets.title")), t: text.labels("staff.targets"), settings: shown,
            hasSettings: !shown.isEmpty, forms: surveys.map { $0.title.resolved(for: text.chain).text }, rows: rows,
            unit: UnitSelector(units: all, selected: nil, filter: nil, text: text, none: text.text("staff.targets.default"),
                               hasFilter: false),
            formOptions: [SelectOption(value: "", label: text.text("staff.targets.every_form"), selected: true)]
                + surveys.map { SelectOption(value: $0.id, label: $0.title.resolved(for: text.chain).text, selected: false) },
            fromValue: YearMonth(today()).description,
            csrf: page.token(StaffRoutes.targetSetPage.path), errors: errors, hasErrors: !errors.isEmpty, notice: notice,
            builtIn: percent(RateReport.satisfactionTarget),
            period: PeriodSelector(selected: period, today: today(), text: text),
            effective: text.format("staff.targets.effective_in", ["period": period.label(language: text.language),
                                                                  "month": YearMonth(day).description]))
        return pages.render(model, template: "staff-admin-targets", page: page, status: status)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let text = pages.page(request, access: access).text
        let notice: String? = switch request.uri.queryParameters.get("done") {
        case "set"?: text.text("staff.targets.done_set")
        case "inherit"?: text.text("staff.targets.done_inherit")
        case "cleared"?: text.text("staff.targets.done_cleared")
        default: nil
        }
        var period: ReportingPeriod?
        if let raw = request.uri.queryParameters.get("period"), !raw.isEmpty {
            guard let parsed = ReportingPeriod(raw) else {
                return try await render(request, access: access, logger: context.logger, status: .badRequest,
                                        errors: [text.format("staff.targets.period_invalid", ["period": raw])])
            }
            period = parsed
        }
        return try await render(request, access: access, logger: context.logger, period: period, notice: notice)
    }

    @Sendable func set(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        try await change(request, context: context, access: access, clearing: false)
    }

    @Sendable func clear(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        try await change(request, context: context, access: access, clearing: true)
    }

    private func change(_ request: Request, context: AppRequestContext, access: StaffAccess,
                        clearing: Bool) async throws -> Response {
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: StaffRoutes.targetsPage.path)
        let text = pages.page(request, access: access).text
        func refuse(_ message: String) async throws -> Response {
            try await render(request, access: access, logger: context.logger, status: .unprocessableContent, errors: [message])
        }
        // The month the change applies from; removing a setting made for every period sends none.
        let typedMonth = fields.text("from")
        let month = typedMonth.flatMap(YearMonth.init)
        if typedMonth != nil, month == nil || !ReportingPeriod.supportedYears.contains(month!.year) {
            return try await refuse(text.text("staff.targets.from_invalid"))
        }
        if !clearing, month == nil { return try await refuse(text.text("staff.targets.from_invalid")) }
        let change: AnalyticsStore.TargetChange
        if clearing {
            change = .remove
        } else if fields.text("action") == "inherit" {
            change = .inherit
        } else {
            // A percentage as staff type it: `92`, `92.5` or `92,5`.
            let typed = fields.text("target")?.replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: "%", with: "")
            guard let value = typed.flatMap(Double.init), value.isFinite, (0...100).contains(value) else {
                return try await refuse(text.text("staff.targets.target_invalid"))
            }
            change = .rate(value / 100)
        }
        do {
            try await analytics.setTarget(change, unitCode: fields.text("unit"), formID: fields.text("form"), from: month,
                                          by: access.actor, logger: context.logger)
        } catch let error as AnalyticsQueryError {
            let message: String = switch error {
            case .unknownUnit(let code): text.format("staff.users.unknown_unit", ["unit": code])
            case .unknownForm(let id): text.format("staff.targets.unknown_form", ["form": id])
            case .targetOutOfRange: text.text("staff.targets.target_invalid")
            }
            return try await refuse(message)
        }
        let done = switch change {
        case .rate: "set"
        case .inherit: "inherit"
        case .remove: "cleared"
        }
        return Response(status: .seeOther, headers: [.location: "\(StaffRoutes.targetsPage.path)?done=\(done)"])
    }
}
