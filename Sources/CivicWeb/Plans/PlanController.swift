import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOFoundationCompat

/// A PAR plan for one of its periods: the page `GET /staff/plans/{plan}/{period}` (analysts and
/// admins whose scope holds the plan's unit or a unit responsible for one of its targets), the
/// same as JSON at `GET /api/v1/plans/{plan}/{period}`, and `POST
/// /staff/plans/{plan}/{period}/values`, where staff of the unit responsible for an entered target
/// store its value with a note and an optional evidence link (CSRF-protected, audited).
struct PlanController: Sendable {
    let service: PlanService
    let renderer: PageRenderer
    let pages: StaffPageRenderer

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.plansPage, handler: index)
        staff.register(StaffRoutes.planPage, handler: page)
        staff.register(StaffRoutes.planValuesPage, handler: enter)
        staff.register(StaffRoutes.planReport, handler: api)
    }

    static func pagePath(_ plan: PlanDefinition, _ period: ReportingPeriod) -> String {
        "/staff/plans/\(plan.id)/\(period.description)"
    }

    static func valuesPath(_ plan: PlanDefinition, _ period: ReportingPeriod) -> String {
        pagePath(plan, period) + "/values"
    }

    /// The plan and period of the path; nil when the period is not one of the plan's reports.
    private func resolve(_ context: AppRequestContext) -> (PlanDefinition, ReportingPeriod)? {
        guard let plan = service.plans.plans[context.parameters.get("plan") ?? ""],
              let period = PlanService.period(VietnameseText.nfc(context.parameters.get("planPeriod") ?? ""), of: plan)
        else { return nil }
        return (plan, period)
    }

    private func periodsText(_ plan: PlanDefinition) -> String {
        PlanService.periods(of: plan).map(\.description).joined(separator: ", ")
    }

    @Sendable func api(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let unit = access.unit, let (plan, period) = resolve(context) else {
            let plan = service.plans.plans[context.parameters.get("plan") ?? ""]
            throw Problem(status: .notFound, title: "Unknown period",
                          detail: "A plan reports for \(plan.map(periodsText) ?? "its periods") only.")
        }
        let report = try await service.report(plan, unit: unit, period: period, logger: context.logger)
        switch request.uri.queryParameters.get("format") ?? "json" {
        case "json": return try AnalyticsResponse.json(report)
        case "xlsx": return try Self.xlsx(report)
        default:
            throw QueryParameterErrors.single("format", "expected json or xlsx", unprocessable: false)
        }
    }

    static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The workbook (``PlanReport/workbook()``) as a download: `plan-2022-LC.SVHTT-2022-Q3.xlsx`.
    static func xlsx(_ report: PlanReport) throws -> Response {
        let name = AnalyticsResponse.filename(["plan", report.plan.id, report.period.id], format: .json)
            .replacingOccurrences(of: ".json", with: ".xlsx")
        let headers: HTTPFields = [.contentType: xlsxType, .contentDisposition: #"attachment; filename="\#(name)""#,
                                   .cacheControl: "no-store"]
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try report.workbook().data())))
    }

    /// The plans the caller reaches (``PlanService/reaches(_:access:units:logger:)``, the gate's rule
    /// for a plan's pages), in the catalog's order; one whose unit is not in the register is left
    /// out, as its pages answer 404.
    @Sendable func index(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        var listed: [(PlanDefinition, UnitStore.Unit)] = []
        for plan in service.plans.sorted {
            guard let unit = try await service.units.unit(code: plan.unitCode, logger: context.logger),
                  try await PlanService.reaches(plan, access: access, units: service.units, logger: context.logger)
            else { continue }
            listed.append((plan, unit))
        }
        let page = pages.page(request, access: access)
        return pages.render(PlanIndexPage(plans: listed, page: page), template: "staff-plans", page: page)
    }

    @Sendable func page(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let (plan, period) = resolve(context) else { return unknownPeriod(request, context, access: access) }
        if request.uri.queryParameters.get("format") == "xlsx", let unit = access.unit {
            return try Self.xlsx(try await service.report(plan, unit: unit, period: period, logger: context.logger))
        }
        return try await render(request, plan: plan, period: period, access: access,
                                saved: request.uri.queryParameters.get("saved") != nil, logger: context.logger)
    }

    @Sendable func enter(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let (plan, period) = resolve(context) else { return unknownPeriod(request, context, access: access) }
        let back = Self.pagePath(plan, period)
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: back)
        let input = PlanService.EntryInput(value: fields["value"] ?? "", note: fields["note"] ?? "",
                                           evidenceURL: fields["evidence_url"] ?? "")
        guard let target = plan.target(id: fields["target"] ?? ""), !target.isComputed else {
            return pages.error(request, access: access, .unprocessableContent, "bad_request",
                               detail: "Kế hoạch không có chỉ tiêu nhập tay với mã này.", link: (back, "Quay lại kế hoạch"))
        }
        guard try await mayEnter(target, access: access, logger: context.logger) else { return pages.forbidden(request) }
        do {
            _ = try await service.enter(input, target: target, plan: plan, period: period, by: access.actor,
                                        logger: context.logger)
        } catch let error as PlanService.EntryError {
            return try await render(request, status: .unprocessableContent, plan: plan, period: period, access: access,
                                    refused: (target.id, input, error), logger: context.logger)
        }
        var headers = HTTPFields()
        headers[.location] = Self.pagePath(plan, period) + "?saved=\(target.id)#t-\(target.id)"
        return Response(status: .seeOther, headers: headers)
    }

    /// Whether the caller answers for `target`: an admin, or a grant reaching its responsible unit.
    private func mayEnter(_ target: PlanTarget, access: StaffAccess, logger: Logger) async throws -> Bool {
        if access.identity.isAdmin { return true }
        guard let unit = try await service.units.unit(code: target.responsibleUnit, logger: logger) else { return false }
        return access.reaches(unitID: unit.id)
    }

    private func unknownPeriod(_ request: Request, _ context: AppRequestContext, access: StaffAccess) -> Response {
        let plan = service.plans.plans[context.parameters.get("plan") ?? ""]
        return pages.error(request, access: access, .notFound, "not_found",
                           detail: "Kế hoạch báo cáo theo các kỳ: \(plan.map(periodsText) ?? "").")
    }

    private func render(_ request: Request, status: HTTPResponse.Status = .ok, plan: PlanDefinition,
                        period: ReportingPeriod, access: StaffAccess, saved: Bool = false,
                        refused: (target: String, input: PlanService.EntryInput, error: PlanService.EntryError)? = nil,
                        logger: Logger) async throws -> Response {
        guard let unit = access.unit else { return pages.notFound(request, access: access) }
        let report = try await service.report(plan, unit: unit, period: period, logger: logger)
        let path = Self.pagePath(plan, period)
        // The console's page: its header, and its CSRF cookie, to which the forms' token is bound.
        let staffPage = pages.page(request, access: access, path: path)
        let token = staffPage.token(Self.valuesPath(plan, period))
        var forms: [String: PlanPage.Form] = [:]
        for target in plan.targets where !target.isComputed {
            guard try await mayEnter(target, access: access, logger: logger) else { continue }
            let entry = report.areas.flatMap(\.targets).first { $0.id == target.id }?.entry
            let typed = refused?.target == target.id ? refused?.input : nil
            let value = typed?.value ?? entry.map { Self.typedValue($0.value, measure: target.metric.measure) } ?? ""
            forms[target.id] = PlanPage.Form(
                action: Self.valuesPath(plan, period), csrf: token, target: target.id,
                isYesNo: target.metric.measure == .yesNo, yesChecked: value == "yes", noChecked: value == "no",
                value: value, note: typed?.note ?? entry?.note ?? "", evidenceURL: typed?.evidenceURL ?? entry?.evidenceUrl ?? "",
                error: refused?.target == target.id ? refused?.error.message : nil,
                valueHint: Self.valueHint(target.metric.measure))
        }
        let text = service.analytics.text(LanguageChain.baseLanguage)
        let periods = PlanService.periods(of: plan).map { other in
            PlanPage.PeriodLink(label: other.label(language: text.language), href: Self.pagePath(plan, other),
                                current: other == period)
        }
        let chrome = AnalyticsChrome(title: "\(PlanPage.Text.title): \(report.period.label)", text: text, path: path,
                                     parameters: [:], header: staffPage.header)
        let model = PlanPage(report, chrome: chrome, text: text, periods: periods, saved: saved,
                             jsonHref: "/api/v1/plans/\(plan.id)/\(period.description)", xlsxHref: path + "?format=xlsx",
                             forms: forms)
        return renderer.html(model, template: "staff-plan", status: status, headers: staffPage.headers)
    }

    /// A stored value as the form shows it again: `98,5`, `2`, `yes`.
    static func typedValue(_ value: Double, measure: PlanMetric.Measure) -> String {
        switch measure {
        case .yesNo: value == 1 ? "yes" : "no"
        case .count: "\(Int(value))"
        case .percent: (value == value.rounded() ? "\(Int(value))" : "\(value)").replacingOccurrences(of: ".", with: ",")
        }
    }

    static func valueHint(_ measure: PlanMetric.Measure) -> String {
        switch measure {
        case .percent: "%, từ 0 đến 100"
        case .count: "số nguyên"
        case .yesNo: "có hoặc không"
        }
    }
}
