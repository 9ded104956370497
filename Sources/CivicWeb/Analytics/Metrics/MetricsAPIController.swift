import CivicCore
import CivicStore
import Foundation
import Hummingbird

/// `GET /api/v1/metrics/satisfaction`, `/feedback` and `/qd766`: one unit's figures for one period,
/// optionally broken down (`by=`), as JSON or CSV (`format=csv` or `Accept: text/csv`). The unit is
/// the `unit` query parameter, checked against the caller's grants by the gate before these run.
struct MetricsAPIController: Sendable {
    let service: AnalyticsService

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.satisfactionMetrics, handler: satisfaction)
        staff.register(StaffRoutes.feedbackMetrics, handler: feedback)
        staff.register(StaffRoutes.qd766Metrics, handler: qd766)
    }

    @Sendable func satisfaction(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let (query, unit) = try read(request, access: access, endpoint: .satisfaction)
        let service = await self.service.reading(logger: context.logger)
        let document = try await service.satisfaction(query, unit: unit, logger: context.logger)
        return try respond(document, source: service.source, query: query, unit: unit, name: "satisfaction") { document.csv($0) }
    }

    @Sendable func feedback(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let (query, unit) = try read(request, access: access, endpoint: .feedback)
        let service = await self.service.reading(logger: context.logger)
        let document = try await service.feedback(query, unit: unit, logger: context.logger)
        return try respond(document, source: service.source, query: query, unit: unit, name: "pakn") { document.csv($0) }
    }

    @Sendable func qd766(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let (query, unit) = try read(request, access: access, endpoint: .qd766)
        let service = await self.service.reading(logger: context.logger)
        let document = try await service.qd766(query, unit: unit, logger: context.logger)
        return try respond(document, source: service.source, query: query, unit: unit, name: "qd766") { document.csv($0) }
    }

    /// The query, and the unit the gate resolved (nil: the whole service, for an admin who named
    /// no unit where no single root unit is in effect, or no register at all).
    private func read(_ request: Request, access: StaffAccess,
                      endpoint: MetricsEndpoint) throws -> (MetricsQuery, UnitStore.Unit?) {
        let unit = access.unit
        var options = MetricsQuery.Options(breakdowns: endpoint.breakdowns)
        options.acceptsForm = endpoint == .satisfaction
        options.acceptsPopulation = endpoint == .satisfaction
        let query = try MetricsQuery(request, options: options, defaultConvention: service.defaultConvention,
                                     today: service.today)
        return (query, unit)
    }

    private func respond(_ document: some Encodable & Sendable, source: ReplicaRouter.Source, query: MetricsQuery,
                         unit: UnitStore.Unit?, name: String, csv: (AnalyticsText) -> CSVWriter) throws -> Response {
        switch query.format {
        case .csv:
            let filename = AnalyticsResponse.filename([name, unit?.code ?? "all", query.period.description,
                                                       query.breakdown.map { "by-\($0.rawValue)" } ?? ""], format: .csv)
            return AnalyticsResponse.csv(csv(service.text(query.language)), filename: filename, source: source)
        default:
            return try AnalyticsResponse.json(DatedDocument(document: document, source: source))
        }
    }
}
