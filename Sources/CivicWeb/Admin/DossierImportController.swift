import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Dossier statistics from the one-stop system's export (CSV or XLSX), admins only, every import
/// audited by the store: `POST /api/v1/admin/dossiers` (the file as the body), `GET
/// /api/v1/admin/dossiers` (the latest imports), and the page `GET|POST /staff/admin/dossiers`
/// (an upload form, CSRF-protected, with the latest imports). A refused file changes nothing and is
/// answered with every problem at its line (the CSV line, or the row number Excel shows).
struct DossierImportController: Sendable {
    let store: DossierStore
    let pages: StaffPageRenderer

    /// A quarter of a province's daily rows per procedure is well under this.
    static let maximumFileSize = 8 * 1024 * 1024
    static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    static let path = "/staff/admin/dossiers"

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.listDossierImports, handler: listImports)
        staff.register(StaffRoutes.importDossiers, handler: importFile)
        staff.register(StaffRoutes.dossiersPage, handler: page)
        staff.register(StaffRoutes.dossiersImportPage, handler: upload)
    }

    // MARK: - API

    struct Imports: ResponseEncodable {
        let imports: [DossierStore.ImportRecord]
    }

    @Sendable func listImports(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Imports {
        Imports(imports: try await store.imports(limit: 100, logger: context.logger))
    }

    struct Imported: ResponseEncodable {
        let summary: DossierStore.ImportSummary

        func encode(to encoder: any Encoder) throws { try summary.encode(to: encoder) }
    }

    /// The body is the file: `text/csv` or the XLSX type (`?file=` names it in the list of imports).
    /// 201 with what was imported; 422 with `errors: [{line, column, field, message}]`; 415, 413.
    @Sendable func importFile(_ request: Request, context: AppRequestContext,
                              access: StaffAccess) async throws -> EditedResponse<Imported> {
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard let type, ["text/csv", Self.xlsxType].contains(type) else {
            throw Problem(status: .unsupportedMediaType, title: "Unsupported media type",
                          detail: "Send the file as text/csv or \(Self.xlsxType).")
        }
        let data: Data
        do {
            data = Data(buffer: try await request.body.collect(upTo: Self.maximumFileSize))
        } catch {
            throw Problem(status: .contentTooLarge, title: "File too large",
                          detail: "The file must be at most \(Self.maximumFileSize / 1024 / 1024) MiB.")
        }
        let given = request.uri.queryParameters.get("file").map { VietnameseText.nfc($0) } ?? ""
        let name = Self.fileName(given, fallback: type == "text/csv" ? "dossiers.csv" : "dossiers.xlsx")
        switch try await run(data, fileName: name, actor: access.actor, logger: context.logger) {
        case .success(let summary):
            return EditedResponse(status: .created, response: Imported(summary: summary))
        case .failure(let errors):
            let items = errors.issues.map { issue in
                ["line": "\(issue.line)", "column": "\(issue.column)", "field": issue.keyPath, "message": issue.message]
            }
            throw Problem(status: .unprocessableContent, title: "Invalid dossier statistics",
                          detail: "\(items.count) problem\(items.count == 1 ? "" : "s"); nothing was imported.",
                          extensions: ["errors": .objects(items)])
        }
    }

    // MARK: - Page

    @Sendable func page(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        try await render(request, access: access, logger: context.logger)
    }

    /// The upload form's post (multipart, with the CSRF token as a field): the page again, with
    /// the summary (200) or every problem (422).
    @Sendable func upload(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let fields = try await StaffForm.upload(request, access: access, pages: pages, back: Self.path,
                                                limit: Self.maximumFileSize + 64 * 1024) { request in
            let page = pages.page(request, access: access)
            return pages.message(page, .contentTooLarge,
                                 heading: page.text.format("staff.dossiers.too_large",
                                                           ["size": "\(Self.maximumFileSize / 1024 / 1024)"]),
                                 link: (Self.path, page("staff.error.back")))
        }
        guard let file = fields.files.first(where: { $0.field == "file" }) else {
            return try await render(request, access: access, status: .unprocessableContent, outcome: .missingFile,
                                    logger: context.logger)
        }
        let name = Self.fileName(VietnameseText.nfc(file.name), fallback: "dossiers")
        let outcome = try await run(Data(file.bytes), fileName: name, actor: access.actor, logger: context.logger)
        switch outcome {
        case .success(let summary):
            return try await render(request, access: access, outcome: .imported(summary), logger: context.logger)
        case .failure(let errors):
            return try await render(request, access: access, status: .unprocessableContent,
                                    outcome: .refused(name, errors), logger: context.logger)
        }
    }

    private func render(_ request: Request, access: StaffAccess, status: HTTPResponse.Status = .ok,
                        outcome: DossierPage.Outcome? = nil, logger: Logger) async throws -> Response {
        let page = pages.page(request, access: access, path: Self.path)
        let model = DossierPage(imports: try await store.imports(limit: 20, logger: logger), outcome: outcome, page: page)
        return pages.render(model, template: "staff-admin-dossiers", page: page, status: status)
    }

    // MARK: - Shared

    /// Parses and imports; a refusal (the file's own problems or units the register lacks) is a
    /// value, not an error.
    private func run(_ data: Data, fileName: String, actor: AuditLog.Actor,
                     logger: Logger) async throws -> Result<DossierStore.ImportSummary, FormValidationErrors> {
        do {
            let plan = try DossierStatisticsImport.parse(data: data, path: fileName)
            return .success(try await store.importStatistics(plan, fileName: fileName, contents: data, by: actor,
                                                               logger: logger))
        } catch let errors as FormValidationErrors {
            return .failure(errors)
        }
    }

    /// The name a file came with, without any path, control characters or excess length.
    static func fileName(_ given: String, fallback: String) -> String {
        let base = given.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(base.unicodeScalars.filter { $0.properties.generalCategory != .control }.prefix(200)
            .map(Character.init)).trimmingCharacters(in: .whitespaces)
        return clean.isEmpty ? fallback : clean
    }
}
