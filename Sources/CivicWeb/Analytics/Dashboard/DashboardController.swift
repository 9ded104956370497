import CivicCore
import CivicStore
import Foundation
import Hummingbird

/// `GET /staff/dashboard?unit=&period=&convention=&lang=`: the staff dashboard, for a signed-in
/// browser (session cookie), drawn on the server with no JavaScript.
struct DashboardController: Sendable {
    let service: AnalyticsService
    let renderer: PageRenderer
    let pages: StaffPageRenderer

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.dashboard, handler: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let unit = access.unit else { return pages.notFound() }
        let query: MetricsQuery
        do {
            query = try MetricsQuery(request, options: .init(formats: [.html], defaultFormat: .html),
                                     defaultConvention: service.defaultConvention, today: service.today)
        } catch {
            let problem = error.problem
            return pages.message(problem.status, heading: StaffText.badRequest, body: problem.detail,
                                 link: ("/staff", StaffText.homeTitle))
        }
        let service = await self.service.reading(logger: context.logger)
        let dashboard = try await service.dashboard(query, unit: unit, logger: context.logger)
        let text = service.text(query.language)
        var parameters = MetricsQuery.parameters(of: request)
        parameters["unit"] = unit.code
        let chrome = AnalyticsChrome(title: "\(text.text("dashboard.title")): \(text.unitName(unit.names, code: unit.code))",
                                     text: text, path: "/staff/dashboard", parameters: parameters, source: service.source)
        return renderer.html(DashboardPage(dashboard, text: text, chrome: chrome), template: "analytics-dashboard")
    }
}
