import CivicCore
import CivicStore
import Foundation
import Hummingbird
import Logging

/// `GET /staff`: the home page by role (``StaffHomePage``).
struct StaffHomeController: Sendable {
    let feedback: FeedbackStore
    let units: UnitStore
    let pages: StaffPageRenderer
    let clock: ServiceClock

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.home, handler: home)
    }

    @Sendable func home(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let page = pages.page(request, access: access)
        let identity = access.identity
        let day = clock.today()
        var queue: FeedbackStore.QueueCounts?
        let handlerRoles = identity.roles(carrying: .handleFeedback)
        if !handlerRoles.isEmpty {
            let scope = try await StaffScope(units: units, today: day)
                .feedbackFilter(identity: identity, roles: handlerRoles.filter(\.isScoped), logger: context.logger)
            queue = try await feedback.queueCounts(scope, assignedTo: identity.user.id, today: day, logger: context.logger)
        }
        var analyticsUnits: [UnitStore.Unit] = []
        var selector: AnalyticsSelectorForm?
        if !identity.roles(carrying: .readMetrics).isEmpty {
            let scope = StaffScope(units: units, today: day)
            analyticsUnits = try await scope.ownUnits(identity: identity, permission: .readMetrics, logger: context.logger)
            let choices = try await scope.unitsInScope(identity: identity, permission: .readMetrics, logger: context.logger)
            if !choices.isEmpty {
                selector = AnalyticsSelectorForm(
                    action: "/staff/dashboard",
                    unit: UnitSelector(units: choices, selected: analyticsUnits.first?.code,
                                       filter: request.uri.queryParameters.get(UnitSelector.filterParameter), text: page.text),
                    period: PeriodSelector(selected: try? ReportingPeriod.reportInProgress(on: day, convention: .calendar),
                                           today: day, text: page.text),
                    text: page.text)
            }
        }
        let model = StaffHomePage(access: access, page: page, queue: queue, analyticsUnits: analyticsUnits,
                                  selector: selector, today: day)
        return pages.render(model, template: "staff-home", page: page)
    }
}
