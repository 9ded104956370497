import CivicCore
import CivicStore
import Foundation
import Hummingbird

/// The periodic report for a unit: `GET /api/v1/reports/{period}?unit=&form=` (bearer token; JSON
/// by default, CSV or the printable HTML on request) and `GET /staff/reports/{period}?unit=&form=`
/// (the same page for a signed-in browser, HTML by default, CSV on request). Without `unit` an
/// admin with no single root unit reads the whole service.
struct ReportController: Sendable {
    let service: AnalyticsService
    let renderer: PageRenderer
    let pages: StaffPageRenderer

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.periodicReport, handler: api)
        staff.register(StaffRoutes.periodicReportPage, handler: page)
    }

    @Sendable func api(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        try await respond(request, context: context, access: access, formats: [.json, .csv, .html], page: false)
    }

    /// A browser gets a page saying what is wrong with the query, not problem+json.
    @Sendable func page(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        do {
            return try await respond(request, context: context, access: access, formats: [.html, .csv], page: true)
        } catch let error as QueryParameterErrors {
            return pages.error(request, access: access, error.problem.status, "bad_request", detail: error.problem.detail)
        }
    }

    private func respond(_ request: Request, context: AppRequestContext, access: StaffAccess, formats: [OutputFormat],
                         page: Bool) async throws -> Response {
        let unit = access.unit
        var parameters = MetricsQuery.parameters(of: request)
        if parameters["period"] != nil || parameters["from"] != nil || parameters["to"] != nil {
            let name = parameters["period"] != nil ? "period" : (parameters["from"] != nil ? "from" : "to")
            throw QueryParameterErrors.single(name, "the report's period is in the path: /reports/2026-Q1", unprocessable: false)
        }
        parameters["period"] = VietnameseText.nfc(context.parameters.get("period") ?? "")
        let options = MetricsQuery.Options(formats: formats, defaultFormat: formats[0], acceptsForm: true,
                                           acceptsPopulation: true)
        let query = try MetricsQuery(parameters: parameters, accept: page ? nil : request.headers[.accept],
                                     options: options, defaultConvention: service.defaultConvention, today: service.today)
        let service = await self.service.reading(logger: context.logger)
        let report = try await service.report(query, unit: unit, logger: context.logger)
        let filename = AnalyticsResponse.filename(["report", unit?.code ?? "all", query.period.description],
                                                  format: query.format)
        switch query.format {
        case .csv:
            return AnalyticsResponse.csv(report.csv(), filename: filename, source: service.source)
        case .html:
            let text = service.text(query.language)
            var pageParameters = MetricsQuery.parameters(of: request)
            if let unit { pageParameters["unit"] = unit.code }
            let path = page ? "/staff/reports/\(query.period.description)" : request.uri.path
            var csvParameters = pageParameters
            csvParameters["format"] = "csv"
            var dashboardParameters = ["period": query.period.description, "convention": query.convention.rawValue,
                                       "lang": text.language, "form": report.form.parameter]
            if let unit { dashboardParameters["unit"] = unit.code }
            let dashboard = page ? AnalyticsChrome.href("/staff/dashboard", dashboardParameters) : nil
            let staffPage = page ? pages.page(request, access: access, path: path) : nil
            let model = ReportPage(report, reportingPeriod: query.period, convention: query.convention, text: text,
                                   forms: service.surveyForms(text: text), path: path, parameters: pageParameters,
                                   chrome: AnalyticsChrome(title: "\(text.text("report.title")): \(report.period.label)",
                                                           text: text, path: path, parameters: pageParameters,
                                                           source: service.source, header: staffPage?.header),
                                   csvHref: AnalyticsChrome.href(path, csvParameters), dashboardHref: dashboard)
            return renderer.html(model, template: "analytics-report", headers: staffPage?.headers ?? [:])
        default:
            return try AnalyticsResponse.json(DatedDocument(document: report, source: service.source))
        }
    }
}
