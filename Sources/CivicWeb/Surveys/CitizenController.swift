import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The citizen pages: `GET /`, `GET /f/{form}`, `POST /f/{form}`, `GET /f/{form}/thanks`.
/// Server-rendered, no JavaScript, every message in the citizen's language.
struct CitizenController: Sendable {
    let registry: FormRegistry
    let submissions: SubmissionService
    let units: UnitDirectory
    let renderer: PageRenderer
    let intake: CitizenFormIntake
    /// Blank form pages rendered once per form version, language chain and unit list.
    let blankForms = BlankFormCache()

    /// A survey post is a few KB; anything near this is not a person typing.
    static let maximumBodySize = 128 * 1024

    var ui: UIStrings { registry.catalog.ui }
    var pages: CitizenPages { intake.pages }

    func register(on router: Router<AppRequestContext>) {
        router.get("/", use: index)
        router.get("/f/:form", use: show)
        router.post("/f/:form", use: submit)
        router.get("/f/:form/thanks", use: thanks)
    }

    // MARK: - Routes

    @Sendable func index(_ request: Request, context: AppRequestContext) async throws -> Response {
        let reader = CitizenLanguage(request: request, offered: ui.languages)
        let forms = registry.currentForms.filter { $0.kind == .survey }.map { definition in
            let resolved = definition.resolved(for: reader.chain)
            return IndexPage.Entry(href: "/f/\(definition.id)", title: resolved.title, intro: resolved.intro)
        }
        let heading = ui.text("form.list_heading", for: reader.chain)
        // Feedback and petitions beside the surveys: the form, the tracking-code look-up, the results.
        let feedback = [("/pakn/new", "index.pakn_new", "index.pakn_new_help"),
                        ("/pakn", "index.pakn_lookup", "index.pakn_lookup_help"),
                        ("/pakn/public", "index.pakn_public", "index.pakn_public_help")].map { href, title, help in
            IndexPage.Entry(href: href, title: ui.text(title, for: reader.chain), intro: ui.text(help, for: reader.chain))
        }
        let page = IndexPage(
            chrome: pages.chrome(title: heading.text, reader: reader, path: "/"),
            heading: heading, forms: forms, empty: ui.text("form.no_forms", for: reader.chain),
            feedbackHeading: ui.text("index.pakn_heading", for: reader.chain), feedback: feedback)
        return renderer.html(page, template: "index",
                             headers: reader.rememberingHeaders(for: request, secure: intake.secureCookies))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let definition = survey(context) else { return notFound(request) }
        let reader = CitizenLanguage(request: request, offered: Array(definition.languages.keys))
        var headers = reader.rememberingHeaders(for: request, secure: intake.secureCookies)
        let token = intake.csrfToken(request, action: "/f/\(definition.id)", headers: &headers)
        let units = await unitsForPicker(definition, logger: context.logger)
        let key = BlankFormCache.Key(form: definition.id, version: definition.version,
                                     languages: reader.chain.languages, units: units)
        let html = blankForms.page(key, csrf: token,
                                   submissionID: UUID().uuidString.lowercased()) { csrf, submissionID in
            let page = FormPage(definition: definition, context: .init(
                chain: reader.chain, ui: ui, csrf: csrf, submissionID: submissionID, units: units))
            return renderer.render(page, template: "form")
        }
        return renderer.html(text: html, headers: headers)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let definition = survey(context) else { return notFound(request) }
        let form = CitizenFormIntake.Form(definition: definition, action: "/f/\(definition.id)",
                                          maximumBodySize: Self.maximumBodySize)
        let logger = context.logger
        return try await intake.receive(request, context: context, form: form, page: { post, csrf, reshow, headers in
            let units = await unitsForPicker(definition, logger: logger)
            let page = FormPage(definition: definition, context: .init(
                chain: post.reader.chain, ui: ui, fields: post.fields, errors: reshow.errors, pageError: reshow.pageError,
                csrf: csrf, submissionID: post.submissionID.uuidString.lowercased(), units: units))
            return renderer.html(page, template: "form", status: reshow.status, headers: headers)
        }, asIfStored: { post in
            redirectToThanks(definition, reader: post.reader, headers: post.headers)
        }, store: { post in
            let (answers, readErrors) = definition.answers(fromFormFields: post.fields)
            let submission = SubmissionService.Submission(
                id: post.submissionID, formID: definition.id, formVersion: definition.version,
                language: post.reader.language, unitCode: post["unit"], dossierCode: nil, channel: "web",
                answers: answers, readErrors: readErrors)
            switch try await submissions.submit(submission, logger: context.logger) {
            case .stored(.dossierAlreadyRated, _):
                return .reshow(.init(status: .conflict, errors: [
                    SubmissionService.FieldError(field: SubmissionService.dossierCodeQuestion, code: "already_rated"),
                ]))
            case .stored:
                // Created, a replay, or a resend of an already stored id with edits: the first stands.
                return .answered(redirectToThanks(definition, reader: post.reader, headers: post.headers))
            case .invalid(let errors, _):
                return .reshow(.init(status: .unprocessableContent, errors: errors))
            case .unknownForm:
                return .answered(notFound(request))
            }
        })
    }

    @Sendable func thanks(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let definition = survey(context) else { return notFound(request) }
        let reader = CitizenLanguage(request: request, offered: Array(definition.languages.keys))
        return pages.message(.ok, reader: reader, heading: "thanks.title", body: "thanks.text",
                             link: pages.link("/", label: "thanks.back", reader: reader), path: "/f/\(definition.id)/thanks")
    }

    // MARK: - Helpers

    private func survey(_ context: AppRequestContext) -> FormDefinition? {
        guard let id = context.parameters.get("form"), let definition = registry.current(id),
              definition.kind == .survey else { return nil }
        return definition
    }

    private func notFound(_ request: Request) -> Response {
        let reader = pages.reader(request)
        return pages.message(.notFound, reader: reader, heading: "page.not_found",
                             link: pages.link("/", label: "thanks.back", reader: reader), path: "/")
    }

    private func redirectToThanks(_ definition: FormDefinition, reader: CitizenLanguage, headers: HTTPFields) -> Response {
        var headers = headers
        headers[.location] = "/f/\(definition.id)/thanks?lang=\(reader.language)"
        return Response(status: .seeOther, headers: headers)
    }

    /// Units for the picker; the page still works (without the picker) if they cannot be read.
    private func unitsForPicker(_ definition: FormDefinition, logger: Logger) async -> [UnitStore.ActiveUnit] {
        guard case .chosenByCitizen = definition.unit else { return [] }
        do {
            return try await units.activeUnits(logger: logger)
        } catch {
            logger.warning("units unavailable for the form page", metadata: ["error": "\(error)"])
            return []
        }
    }
}
