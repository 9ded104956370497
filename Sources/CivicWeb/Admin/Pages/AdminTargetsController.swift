import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The admin console's satisfaction targets: `GET /staff/admin/targets` (every setting, and the
/// target each unit in effect is held to for each survey, with where it comes from: set on the
/// unit, inherited from a parent, the default, or the built-in 90%), `POST /staff/admin/targets`
/// (set one) and `POST /staff/admin/targets/clear` (remove one), audited as `targets.set`.
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
        let csrf: String
        let errors: [String]
        let hasErrors: Bool
        let notice: String?
        let builtIn: String
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

    private func render(_ request: Request, access: StaffAccess, logger: Logger, status: HTTPResponse.Status = .ok,
                        errors: [String] = [], notice: String? = nil) async throws -> Response {
        let page = pages.page(request, access: access, path: StaffRoutes.targetsPage.path)
        let text = page.text
        let settings = try await analytics.targetSettings(logger: logger)
        let all = try await units.units(on: today(), logger: logger)
        let byCode = Dictionary(all.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let surveys = self.surveys
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
                    formID: setting.formID ?? "", target: percent(setting.target),
                    clearCSRF: page.token(StaffRoutes.targetClearPage.path))
        }
        // The effective target of each unit and survey, found the way the analytics query finds it.
        let resolution = TargetResolution(settings: settings.map { ($0.unitCode, $0.formID, $0.target) },
                                          parents: Dictionary(all.map { ($0.code, $0.parentCode) }, uniquingKeysWith: { a, _ in a }))
        var rows: [Row] = []
        var children: [String: [UnitStore.Unit]] = [:]
        for unit in all { children[unit.parentCode.flatMap { byCode[$0] != nil ? $0 : nil } ?? "", default: []].append(unit) }
        func visit(_ parent: String, depth: Int) {
            for unit in (children[parent] ?? []).sorted(by: { $0.code < $1.code }) {
                let cells = surveys.map { form -> String in
                    let found = resolution.target(unit: unit.code, form: form.id)
                    let source: String = switch found.source {
                    case .unit(let code) where code == unit.code: text.text("staff.targets.source_own")
                    case .unit(let code): text.format("staff.targets.source_inherited", ["unit": code])
                    case .defaultSetting: text.text("staff.targets.source_default")
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
            csrf: page.token(StaffRoutes.targetSetPage.path), errors: errors, hasErrors: !errors.isEmpty, notice: notice,
            builtIn: percent(RateReport.satisfactionTarget))
        return pages.render(model, template: "staff-admin-targets", page: page, status: status)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let text = pages.page(request, access: access).text
        let notice: String? = switch request.uri.queryParameters.get("done") {
        case "set"?: text.text("staff.targets.done_set")
        case "cleared"?: text.text("staff.targets.done_cleared")
        default: nil
        }
        return try await render(request, access: access, logger: context.logger, notice: notice)
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
        var target: Double?
        if !clearing {
            // A percentage as staff type it: `92`, `92.5` or `92,5`.
            let typed = fields.text("target")?.replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: "%", with: "")
            guard let value = typed.flatMap(Double.init), value.isFinite, (0...100).contains(value) else {
                return try await render(request, access: access, logger: context.logger, status: .unprocessableContent,
                                        errors: [text.text("staff.targets.target_invalid")])
            }
            target = value / 100
        }
        do {
            try await analytics.setTarget(target, unitCode: fields.text("unit"), formID: fields.text("form"),
                                          by: access.actor, logger: context.logger)
        } catch let error as AnalyticsQueryError {
            let message: String = switch error {
            case .unknownUnit(let code): text.format("staff.users.unknown_unit", ["unit": code])
            case .unknownForm(let id): text.format("staff.targets.unknown_form", ["form": id])
            case .targetOutOfRange: text.text("staff.targets.target_invalid")
            }
            return try await render(request, access: access, logger: context.logger, status: .unprocessableContent,
                                    errors: [message])
        }
        return Response(status: .seeOther,
                         headers: [.location: "\(StaffRoutes.targetsPage.path)?done=\(clearing ? "cleared" : "set")"])
    }
}
