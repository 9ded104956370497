import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Background exports for a signed-in browser, on the staff layout in the reader's language, every
/// route behind the gate with the metrics permission and the unit's scope:
///
/// - `GET /staff/exports?unit=` the form that starts an export (form, version, period or days,
///   format, language of the labels) and the caller's recent exports;
/// - `POST /staff/exports?unit=` (CSRF, bound to the path and query it posts to) starts one and
///   answers 303 to its page; a refused one answers the form again, as typed, with why (422);
/// - `GET /staff/exports/{job}` how far it has got: a page that reloads itself every few seconds
///   while the job waits or runs (no JavaScript), then links to the file;
/// - `GET /staff/exports/{job}/file` the file (a page saying it is not ready yet before).
///
/// The checks, the queue and the audit are the API's (``ExportJobsAPIController``).
struct ExportJobsPagesController: Sendable {
    let api: ExportJobsAPIController
    let pages: StaffPageRenderer
    /// `EXPORT_KEEP_HOURS`, for the page's explanation.
    let keepHours: Int

    static let startPath = "/staff/exports"
    /// How many of the caller's exports the start page lists.
    static let recentLimit = 10
    /// The fields of the start form.
    static let fieldNames = ["form", "version", "period", "from", "to", "convention", "format", "lang"]

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.exportsPage, handler: startPage)
        staff.register(StaffRoutes.startExportPage, handler: submit)
        staff.register(StaffRoutes.exportJobPage, handler: jobPage)
        staff.register(StaffRoutes.exportFilePage, handler: file)
    }

    static func path(of job: ExportJob) -> String { "/staff/exports/\(job.id.uuidString.lowercased())" }

    /// The start form posts to its own path and unit: the gate reads the unit there.
    static func action(unit: UnitStore.Unit) -> String { AnalyticsChrome.href(startPath, ["unit": unit.code]) }

    @Sendable func startPage(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let unit = access.unit else { return unitRequired(request, access: access) }
        return try await form(request, unit: unit, access: access, logger: context.logger)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let unit = access.unit else { return unitRequired(request, access: access) }
        let action = Self.action(unit: unit)
        // The token is bound to the path and query the form posted to, as the gate read them.
        let posted = request.uri.query.map { "\(request.uri.path)?\($0)" } ?? request.uri.path
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: action, boundTo: posted)
        var parameters: [String: String] = [:]
        for name in Self.fieldNames {
            if let value = fields.text(name) { parameters[name] = value }
        }
        do {
            let job = try await api.create(parameters, unit: unit, access: access, logger: context.logger)
            return Response(status: .seeOther, headers: [.location: Self.path(of: job)])
        } catch let error as QueryParameterErrors {
            return try await form(request, unit: unit, access: access, posted: parameters, error: error,
                                  logger: context.logger)
        }
    }

    @Sendable func jobPage(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let job = try await api.job(access, logger: context.logger), let unit = access.unit else {
            return pages.notFound(request, access: access)
        }
        let page = pages.page(request, access: access)
        let reloading = request.uri.queryParameters.get("refresh") != "off"
        let model = ExportJobPage(job, unit: unit, formTitle: formTitle(job.formID, text: page.text), page: page,
                                  reloading: reloading)
        var response = pages.render(model, template: "staff-export-job", page: page)
        if model.reloads { response.headers[HTTPField.Name("Refresh")!] = "\(ExportJobPage.refreshSeconds)" }
        return response
    }

    @Sendable func file(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let job = try await api.job(access, logger: context.logger) else {
            return pages.notFound(request, access: access)
        }
        guard job.state == .done else {
            let page = pages.page(request, access: access)
            return pages.message(page, .conflict, heading: page("staff.exports.not_ready"),
                                 body: page("staff.exports.not_ready_text"),
                                 link: (Self.path(of: job), page("staff.exports.back_to_job")))
        }
        return try await api.download(job, access: access, logger: context.logger)
    }

    /// The start page, with the form as posted and why it was refused when `error` is set (422).
    private func form(_ request: Request, unit: UnitStore.Unit, access: StaffAccess, posted: [String: String] = [:],
                      error: QueryParameterErrors? = nil, logger: Logger) async throws -> Response {
        let page = pages.page(request, access: access, path: Self.startPath)
        let recent = try await api.jobs.recent(requestedBy: access.identity.user.id, limit: Self.recentLimit,
                                               logger: logger)
        let registry = api.service.registry
        let surveys = registry.catalog.forms.values.filter { $0.kind == .survey }.sorted { $0.id < $1.id }
        let problem = error.map { error in
            let detail = error.problem.detail ?? page("staff.error.bad_request")
            return page.text.format("staff.exports.problem", ["detail": detail])
        }
        let model = ExportsPage(unit: unit,
                                forms: surveys.map { ($0.id, $0.title.resolved(for: page.text.chain).text) },
                                posted: posted,
                                recent: recent.map { ($0, formTitle($0.formID, text: page.text)) },
                                action: Self.action(unit: unit), problem: problem, keepHours: keepHours, page: page)
        return pages.render(model, template: "staff-exports", page: page,
                            status: error == nil ? .ok : .unprocessableContent)
    }

    /// An admin with no single root unit to default to: an export is of one unit's subtree.
    private func unitRequired(_ request: Request, access: StaffAccess) -> Response {
        let problem = QueryParameterErrors.single("unit", "is required: the code of the unit to export").problem
        return pages.error(request, access: access, problem.status, "bad_request", detail: problem.detail)
    }

    private func formTitle(_ id: String, text: StaffPageText) -> String {
        api.service.registry.current(id)?.title.resolved(for: text.chain).text ?? id
    }
}
