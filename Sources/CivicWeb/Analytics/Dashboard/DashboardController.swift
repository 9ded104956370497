import CivicCore
import CivicStore
import Foundation
import Hummingbird

/// `GET /staff/dashboard?unit=&period=&convention=&form=&lang=`: the staff dashboard, for a
/// signed-in browser (session cookie), drawn on the server with no JavaScript. Without `unit` an
/// admin with no single root unit sees the whole service; `form` defaults to the metrics default.
struct DashboardController: Sendable {
    let service: AnalyticsService
    let renderer: PageRenderer
    let pages: StaffPageRenderer

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.dashboard, handler: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let unit = access.unit
        let page = pages.page(request, access: access, path: "/staff/dashboard")
        let service = await self.service.reading(logger: context.logger)
        let dashboard: Dashboard
        let query: MetricsQuery
        do {
            query = try MetricsQuery(request, options: .init(formats: [.html], defaultFormat: .html, acceptsForm: true),
                                     defaultConvention: service.defaultConvention, today: service.today)
            dashboard = try await service.dashboard(query, unit: unit, logger: context.logger)
        } catch let error as QueryParameterErrors {
            let problem = error.problem
            return pages.error(request, access: access, problem.status, "bad_request", detail: problem.detail)
        }
        let text = service.text(query.language)
        var parameters = MetricsQuery.parameters(of: request)
        if let unit { parameters["unit"] = unit.code }
        let name = unit.map { text.unitName($0.names, code: $0.code) } ?? text.text("whole_service")
        let chrome = AnalyticsChrome(title: "\(text.text("dashboard.title")): \(name)",
                                     text: text, path: "/staff/dashboard", parameters: parameters, source: service.source,
                                     header: page.header)
        var model = DashboardPage(dashboard, forms: service.surveyForms(text: text), text: text, chrome: chrome)
        let choices = try await StaffScope(units: service.units, today: service.today)
            .unitsInScope(identity: access.identity, permission: .readMetrics, logger: context.logger)
        model.unitSelector = UnitSelector(units: choices, selected: unit?.code,
                                          filter: request.uri.queryParameters.get(UnitSelector.filterParameter),
                                          text: StaffPageText(ui: service.registry.catalog.ui, language: text.language))
        model.periodSelector = PeriodSelector(selected: query.period, today: service.today,
                                              text: StaffPageText(ui: service.registry.catalog.ui, language: text.language))
        return renderer.html(model, template: "analytics-dashboard", headers: page.headers)
    }
}
