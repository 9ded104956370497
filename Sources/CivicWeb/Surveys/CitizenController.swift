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
        if let code = request.uri.queryParameters.get("desk") {
            // Opened from a desk's QR code: the page names the desk and lists its officers, so it
            // is not the cached blank form.
            guard let desk = try await desk(code: code, logger: context.logger) else {
                return deskUnknown(request, definition)
            }
            let officer = request.uri.queryParameters.get("officer").map { [$0] }
            let page = FormPage(definition: definition, context: .init(
                chain: reader.chain, ui: ui, fields: officer.map { ["officer": $0] } ?? [:], csrf: token,
                submissionID: UUID().uuidString.lowercased(), desk: desk.desk, deskUnitName: desk.unitName,
                officers: desk.officers))
            return renderer.html(page, template: "form", headers: headers)
        }
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
            // A desk that was retired since the page was shown is re-shown as the plain form, with its error.
            var desk: (desk: DeskStore.Desk, unitName: String?, officers: [DeskStore.Officer])?
            if let code = post["desk"] {
                do {
                    desk = try await self.desk(code: code, logger: logger)
                } catch {
                    logger.warning("the desk is unavailable for the form page", metadata: ["error": "\(error)"])
                }
            }
            let units = desk == nil ? await unitsForPicker(definition, logger: logger) : []
            let page = FormPage(definition: definition, context: .init(
                chain: post.reader.chain, ui: ui, fields: post.fields, errors: reshow.errors, pageError: reshow.pageError,
                csrf: csrf, submissionID: post.submissionID.uuidString.lowercased(), units: units, desk: desk?.desk,
                deskUnitName: desk?.unitName, officers: desk?.officers ?? []))
            return renderer.html(page, template: "form", status: reshow.status, headers: headers)
        }, asIfStored: { post in
            redirectToThanks(definition, reader: post.reader, headers: post.headers)
        }, store: { post in
            let (answers, readErrors) = definition.answers(fromFormFields: post.fields)
            let submission = SubmissionService.Submission(
                id: post.submissionID, formID: definition.id, formVersion: definition.version,
                language: post.reader.language, unitCode: post["unit"], dossierCode: nil, channel: "web",
                answers: answers, readErrors: readErrors,
                desk: post["desk"].map { SubmissionService.DeskChoice(code: $0, officer: post["officer"]) })
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

    /// The desk of a QR code, in use, with its unit's name and the officers serving there; nil
    /// for a code no desk has or a desk taken out of use.
    private func desk(code: String, logger: Logger) async throws
        -> (desk: DeskStore.Desk, unitName: String?, officers: [DeskStore.Officer])? {
        let desks = DeskStore(database: submissions.responses.database)
        guard let desk = try await desks.desk(code: code, logger: logger), !desk.isRetired else { return nil }
        let officers = try await desks.officers(deskID: desk.id, logger: logger).filter { !$0.isRetired }
        let unit = try await units.activeUnits(logger: logger).first { $0.id == desk.unitID }
        return (desk, unit.flatMap { $0.names["vi"] }, officers)
    }

    /// A QR code whose desk is unknown or out of use: the citizen may still rate, without the desk.
    private func deskUnknown(_ request: Request, _ definition: FormDefinition) -> Response {
        let reader = pages.reader(request)
        return pages.message(.notFound, reader: reader, heading: "desk.unknown_title", body: "desk.unknown_text",
                             link: pages.link("/f/\(definition.id)", label: "desk.unknown_link", reader: reader),
                             path: "/f/\(definition.id)")
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
