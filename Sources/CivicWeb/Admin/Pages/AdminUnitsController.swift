import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The admin console's units: `GET /staff/admin/units` (the tree), `POST /staff/admin/units/preview`
/// (an uploaded YAML or CSV register checked and tried, then rolled back: the changes it would
/// make) and `POST /staff/admin/units/import` (the previewed file applied, all or nothing, audited
/// as `units.import`).
struct AdminUnitsController: Sendable {
    let units: UnitStore
    /// The citizen pages' cached units, dropped after an import.
    let directory: UnitDirectory
    let pages: StaffPageRenderer
    let today: @Sendable () -> CalendarDate

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.unitsPage, handler: list)
        staff.register(StaffRoutes.unitsPreviewPage, handler: preview)
        staff.register(StaffRoutes.unitsImportPage, handler: confirm)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let page = pages.page(request, access: access)
        let notice = request.uri.queryParameters.get("done") == "imported" ? page("staff.units.imported") : nil
        let model = AdminUnitsPage(units: try await units.units(logger: context.logger), today: today(), page: page,
                                   notice: notice)
        return pages.render(model, template: "staff-admin-units", page: page)
    }

    /// The upload (multipart: the file and the form's token).
    @Sendable func preview(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let back = StaffRoutes.unitsPage.path
        let form = try await StaffForm.upload(request, access: access, pages: pages, back: back,
                                              limit: AdminAPIController.maximumImportSize + 64 * 1024)
        let page = pages.page(request, access: access, path: StaffRoutes.unitsPage.path)
        guard let file = form.files.first(where: { $0.field == "register" }),
              let contents = String(validating: file.bytes, as: UTF8.self) else {
            return pages.message(page, .unprocessableContent, heading: page("staff.units.no_file"),
                                 body: page("staff.units.no_file_text"), link: (back, page("staff.error.back")))
        }
        return try await tryImport(name: file.name, contents: contents, dryRun: true, request: request, access: access,
                                   logger: context.logger)
    }

    /// The confirmation: the previewed file again, applied.
    @Sendable func confirm(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: StaffRoutes.unitsPage.path,
                                              limit: 2 * AdminAPIController.maximumImportSize)
        guard let encoded = fields["contents"], let data = Data(base64Encoded: encoded),
              let contents = String(validating: Array(data), as: UTF8.self) else {
            return pages.badForm(request, access: access, back: StaffRoutes.unitsPage.path)
        }
        return try await tryImport(name: String((fields.text("file") ?? "units.yaml").prefix(255)), contents: contents,
                                   dryRun: false, request: request, access: access, logger: context.logger)
    }

    private func tryImport(name: String, contents: String, dryRun: Bool, request: Request, access: StaffAccess,
                           logger: Logger) async throws -> Response {
        let page = pages.page(request, access: access, path: StaffRoutes.unitsPage.path)
        let summary: UnitStore.ImportSummary
        do {
            let plan = try UnitImport.parse(contents: contents, path: name)
            summary = try await units.importUnits(plan, dryRun: dryRun, by: access.actor, logger: logger)
        } catch let errors as FormValidationErrors {
            let model = AdminUnitsPreviewPage(file: name, contents: contents, summary: nil,
                                              errors: errors.issues.map(\.description), page: page)
            return pages.render(model, template: "staff-admin-units-preview", page: page, status: .unprocessableContent)
        }
        guard dryRun else {
            directory.invalidate()
            logger.info("units imported from the console", metadata: ["created": "\(summary.created)",
                                                                      "updated": "\(summary.updated)"])
            return Response(status: .seeOther, headers: [.location: "\(StaffRoutes.unitsPage.path)?done=imported"])
        }
        let model = AdminUnitsPreviewPage(file: name, contents: contents, summary: summary, errors: [], page: page)
        return pages.render(model, template: "staff-admin-units-preview", page: page)
    }
}
