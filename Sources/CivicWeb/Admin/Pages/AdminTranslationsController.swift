import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The translators' workflow in the admin console (issue 17), the same steps as `civicvoice
/// translations export|import`:
/// - `GET /staff/admin/translations`: coverage per form (and the interface) and language, the
///   files to download, the upload form, the strings still shown in Vietnamese;
/// - `GET /staff/admin/translations/{form}/{language}?format=xliff|csv`: the translator's file
///   (`ui` for the interface strings), audited as `translations.export`;
/// - `POST /staff/admin/translations/preview` (multipart): a translator's file checked against the
///   forms the server loaded and applied to the text of its YAML file, nothing kept: each string's
///   change, or every problem at its line (422);
/// - `POST /staff/admin/translations/import`: the previewed file again, answered with the edited
///   YAML as a download for the form's owner to commit, audited as `translations.import`. The
///   server never writes `Forms/`: forms are reviewed files in the repository, and a new version
///   is stored when the server starts with them.
struct AdminTranslationsController: Sendable {
    let registry: FormRegistry
    let audit: AuditLog
    let pages: StaffPageRenderer

    /// A translator's file is a few hundred strings: the interface's XLIFF is about 150 KiB.
    static let maximumFileSize = 1024 * 1024

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.translationsPage, handler: show)
        staff.register(StaffRoutes.translationsDownloadPage, handler: download)
        staff.register(StaffRoutes.translationsPreviewPage, handler: preview)
        staff.register(StaffRoutes.translationsImportPage, handler: confirm)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let page = pages.page(request, access: access)
        let model = AdminTranslationsPage(catalog: registry.catalog, interfaceOrder: registry.sources.interfaceOrder,
                                          page: page)
        return pages.render(model, template: "staff-admin-translations", page: page)
    }

    @Sendable func download(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let target = context.parameters.get("form") ?? ""
        let language = context.parameters.get("language") ?? ""
        let format = request.uri.queryParameters.get("format") ?? "xliff"
        guard ["xliff", "csv"].contains(format) else {
            let page = pages.page(request, access: access)
            return pages.error(request, access: access, .badRequest, "bad_request",
                               detail: page("staff.translations.bad_format"),
                               link: (StaffRoutes.translationsPage.path, page("staff.translations.back")))
        }
        guard let set = try? TranslationSet.make(catalog: registry.catalog, target: target, language: language,
                                                  interfaceOrder: registry.sources.interfaceOrder) else {
            return pages.notFound(request, access: access)
        }
        try await audit.append("translations.export", objectType: Self.objectType(target), objectID: target,
                               details: ["language": .string(language), "format": .string(format),
                                         "strings": .int(set.units.count)],
                               by: access.actor, logger: context.logger)
        let xliff = format == "xliff"
        return Response(status: .ok, headers: [
            .contentType: xliff ? "application/xliff+xml; charset=utf-8" : "text/csv; charset=utf-8",
            .contentDisposition: #"attachment; filename="\#(target).\#(language).\#(xliff ? "xlf" : "csv")""#,
            .cacheControl: "no-store",
        ], body: .init(byteBuffer: ByteBuffer(string: xliff ? set.xliff() : set.csv())))
    }

    /// The upload (multipart: the file, who reviewed it, the form's token): the preview, or the
    /// problems with their lines (422). Nothing is kept.
    @Sendable func preview(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let back = StaffRoutes.translationsPage.path
        let form = try await StaffForm.upload(request, access: access, pages: pages, back: back,
                                              limit: Self.maximumFileSize + 64 * 1024)
        guard let file = form.files.first(where: { $0.field == "translation" }), !file.bytes.isEmpty else {
            let page = pages.page(request, access: access, path: back)
            return pages.message(page, .unprocessableContent, heading: page("staff.translations.no_file"),
                                 body: page("staff.translations.no_file_text"), link: (back, page("staff.translations.back")))
        }
        return answer(request, access: access, file: Self.fileName(file.name), contents: Data(file.bytes),
                      reviewer: form.fields.text("reviewer"))
    }

    /// The confirmation: the previewed file again, checked again, answered with the YAML.
    @Sendable func confirm(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let back = StaffRoutes.translationsPage.path
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: back,
                                              limit: 2 * Self.maximumFileSize)
        guard let encoded = fields["contents"], let contents = Data(base64Encoded: encoded) else {
            return pages.badForm(request, access: access, back: back)
        }
        let file = Self.fileName(fields.text("file") ?? "")
        let reviewer = fields.text("reviewer")
        guard case .accepted(let submitted, let outcome) = evaluate(contents, file: file, reviewer: reviewer),
              let yaml = outcome.text else {
            // Problems, or nothing to change (the file was edited between the two posts): the
            // preview says which.
            return answer(request, access: access, file: file, contents: contents, reviewer: reviewer)
        }
        try await audit.append("translations.import", objectType: Self.objectType(submitted.target),
                               objectID: submitted.target,
                               details: ["language": .string(submitted.language), "file": .string(outcome.yamlPath),
                                         "written": .int(outcome.written), "reviewed": .int(outcome.reviewed),
                                         "stale": .int(outcome.stale), "unchanged": .int(outcome.unchanged),
                                         "status": .string(outcome.status.rawValue)],
                               by: access.actor, logger: context.logger)
        context.logger.info("translations applied from the console",
                            metadata: ["target": "\(submitted.target)", "language": "\(submitted.language)",
                                       "written": "\(outcome.written)"])
        let name = outcome.yamlPath.split(separator: "/").last.map(String.init) ?? outcome.yamlPath
        return Response(status: .ok, headers: [
            .contentType: "application/yaml; charset=utf-8",
            .contentDisposition: #"attachment; filename="\#(name)""#,
            .cacheControl: "no-store",
        ], body: .init(byteBuffer: ByteBuffer(string: yaml)))
    }

    // MARK: - Shared

    enum Evaluation {
        /// The file does not apply: unreadable (no submission), or with problems at their lines.
        case refused(SubmittedTranslations?, [FormIssue])
        /// It applies: the outcome's text is the new YAML (nil when it changes nothing).
        case accepted(SubmittedTranslations, TranslationImport.Outcome)
    }

    /// The command line's import, on the catalog the server loaded and the text of its files.
    func evaluate(_ contents: Data, file: String, reviewer: String?) -> Evaluation {
        let submitted: SubmittedTranslations
        do {
            submitted = try SubmittedTranslations.read(contents, file: file)
        } catch {
            return .refused(nil, error.issues)
        }
        let catalog = registry.catalog
        let order = registry.sources.interfaceOrder
        let current = registry.sources.text(target: submitted.target, language: submitted.language)
        do {
            return .accepted(submitted, try TranslationImport.apply(submitted, file: file, catalog: catalog,
                                                                    currentYAML: current, interfaceOrder: order,
                                                                    reviewer: reviewer))
        } catch {
            return .refused(submitted, error.issues)
        }
    }

    /// The preview page for a file: 200 with what it changes, 422 with its problems.
    private func answer(_ request: Request, access: StaffAccess, file: String, contents: Data,
                        reviewer: String?) -> Response {
        let page = pages.page(request, access: access, path: StaffRoutes.translationsPage.path)
        let catalog = registry.catalog
        let model: AdminTranslationsPreviewPage
        var status = HTTPResponse.Status.ok
        switch evaluate(contents, file: file, reviewer: reviewer) {
        case .refused(let submitted, let issues):
            status = .unprocessableContent
            model = AdminTranslationsPreviewPage(file: file, contents: contents, reviewer: reviewer, submitted: submitted,
                                                 outcome: nil, problems: issues, catalog: catalog, page: page)
        case .accepted(let submitted, let outcome):
            model = AdminTranslationsPreviewPage(file: file, contents: contents, reviewer: reviewer, submitted: submitted,
                                                 outcome: outcome, problems: [], catalog: catalog, page: page)
        }
        return pages.render(model, template: "staff-admin-translations-preview", page: page, status: status)
    }

    /// The translator's file name as sent, for the page and the problems' lines: NFC, its last
    /// path component, at most 255 characters.
    static func fileName(_ sent: String) -> String {
        let name = VietnameseText.nfc(sent).split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(name.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(255))
        return cleaned.isEmpty ? "translation" : cleaned
    }

    static func objectType(_ target: String) -> String {
        target == TranslationSet.interfaceTarget ? "interface" : "form"
    }
}
