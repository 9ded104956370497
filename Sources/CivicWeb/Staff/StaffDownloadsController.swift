import Hummingbird

/// Every CSV or export the API offers, for a signed-in browser: the same handlers as
/// `/api/v1/metrics/*` and `/api/v1/responses/export`, reached with the session cookie through
/// the same gate (role and unit scope), at `/staff/metrics/*` and `/staff/exports/responses`.
/// A mistake in the query answers with a page in the reader's language, not problem+json.
struct StaffDownloadsController: Sendable {
    let metrics: MetricsAPIController
    let exports: ResponseExportController
    let pages: StaffPageRenderer

    typealias Handler = @Sendable (Request, AppRequestContext, StaffAccess) async throws -> Response

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.satisfactionMetricsPage, handler: page(metrics.satisfaction))
        staff.register(StaffRoutes.feedbackMetricsPage, handler: page(metrics.feedback))
        staff.register(StaffRoutes.qd766MetricsPage, handler: page(metrics.qd766))
        staff.register(StaffRoutes.exportResponsesPage, handler: page(exports.export))
    }

    private func page(_ handler: @escaping Handler) -> Handler {
        let pages = self.pages
        return { request, context, access in
            do {
                return try await handler(request, context, access)
            } catch let error as QueryParameterErrors {
                return pages.error(request, access: access, error.problem.status, "bad_request", detail: error.problem.detail)
            }
        }
    }
}
