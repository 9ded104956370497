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
    let csrf: CSRFProtection
    let addresses: AddressHasher
    let rateLimiter: RateLimiter?
    let secureCookies: Bool
    /// Blank form pages rendered once per form version, language chain and unit list.
    let blankForms = BlankFormCache()

    /// A survey post is a few KB; anything near this is not a person typing.
    static let maximumBodySize = 128 * 1024
    static let honeypotField = "website"

    var ui: UIStrings { registry.catalog.ui }

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
        let page = IndexPage(
            chrome: chrome(title: heading.text, reader: reader, languages: ui.languages, path: "/"),
            heading: heading, forms: forms, empty: ui.text("form.no_forms", for: reader.chain))
        return renderer.html(page, template: "index", headers: cookies(for: reader, request: request))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let definition = survey(context) else { return notFound(request) }
        let reader = CitizenLanguage(request: request, offered: Array(definition.languages.keys))
        var headers = cookies(for: reader, request: request)
        let cookie = csrfCookie(request, headers: &headers)
        let units = await unitsForPicker(definition, logger: context.logger)
        let key = BlankFormCache.Key(form: definition.id, version: definition.version,
                                     languages: reader.chain.languages, units: units)
        let html = blankForms.page(key, csrf: csrf.token(cookie: cookie, action: "/f/\(definition.id)"),
                                   submissionID: UUID().uuidString.lowercased()) { csrf, submissionID in
            let page = FormPage(definition: definition, context: .init(
                chain: reader.chain, ui: ui, csrf: csrf, submissionID: submissionID, units: units))
            return renderer.render(page, template: "form")
        }
        return renderer.html(text: html, headers: headers)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let definition = survey(context) else { return notFound(request) }
        let offered = Array(definition.languages.keys)
        if let rateLimiter, !rateLimiter.allow(addresses.hash(request, peer: context.remoteAddress)) {
            CivicMetrics.blocked("rate_limit").increment()
            let reader = CitizenLanguage(request: request, offered: offered)
            return message(.tooManyRequests, reader: reader, heading: "page.rate_limited", body: nil,
                           headers: [.retryAfter: "60"], path: "/f/\(definition.id)")
        }
        let fields: URLEncodedFields
        do {
            let body = try await request.body.collect(upTo: Self.maximumBodySize)
            guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
                throw URLEncodedFields.InvalidEncoding()
            }
            fields = try URLEncodedFields(text)
        } catch is URLEncodedFields.InvalidEncoding {
            let reader = CitizenLanguage(request: request, offered: offered)
            return message(.badRequest, reader: reader, heading: "page.bad_request", body: nil, path: "/f/\(definition.id)")
        } catch {
            let reader = CitizenLanguage(request: request, offered: offered)
            return message(.contentTooLarge, reader: reader, heading: "page.too_large", body: nil, path: "/f/\(definition.id)")
        }

        let reader = CitizenLanguage(request: request, offered: offered, explicit: fields["lang"])
        var headers = cookies(for: reader, request: request)
        let action = "/f/\(definition.id)"
        let submissionID = fields["sid"].flatMap(UUID.init(uuidString:)) ?? UUID()
        let units = await unitsForPicker(definition, logger: context.logger)
        /// The form again, with everything the citizen typed, a fresh token and what went wrong.
        func reshow(_ status: HTTPResponse.Status, errors: [SubmissionService.FieldError] = [],
                    pageError: ResolvedText? = nil) -> Response {
            let cookie = csrfCookie(request, headers: &headers)
            let page = FormPage(definition: definition, context: .init(
                chain: reader.chain, ui: ui, fields: fields.values, errors: errors, pageError: pageError,
                csrf: csrf.token(cookie: cookie, action: action),
                submissionID: submissionID.uuidString.lowercased(), units: units))
            return renderer.html(page, template: "form", status: status, headers: headers)
        }

        guard csrf.isValid(token: fields[CSRFProtection.fieldName], cookie: request.cookie(CSRFProtection.cookieName),
                           action: action) else {
            // Most often an expired or blocked cookie: show the form again with everything kept and
            // a fresh token, so one more press of the button sends it.
            CivicMetrics.blocked("csrf").increment()
            return reshow(.forbidden, pageError: ui.text("page.csrf_expired", for: reader.chain))
        }
        if let trap = fields[Self.honeypotField], !trap.isEmpty {
            // A bot filled the invisible field: answer as if stored, store nothing.
            CivicMetrics.blocked("honeypot").increment()
            context.logger.notice("honeypot submission discarded", metadata: ["form": "\(definition.id)"])
            return redirectToThanks(definition, reader: reader, headers: headers)
        }

        let (answers, readErrors) = definition.answers(fromFormFields: fields.values)
        let submission = SubmissionService.Submission(
            id: submissionID, formID: definition.id, formVersion: definition.version, language: reader.language,
            unitCode: fields["unit"], dossierCode: nil, channel: "web", answers: answers, readErrors: readErrors)
        do {
            switch try await submissions.submit(submission, logger: context.logger) {
            case .stored:
                // Created, a replay, or a resend of an already stored id with edits: the first stands.
                return redirectToThanks(definition, reader: reader, headers: headers)
            case .invalid(let errors, _):
                return reshow(.unprocessableContent, errors: errors)
            case .unknownForm:
                return notFound(request)
            }
        } catch StoreError.unavailable, StoreError.conflict {
            // Nothing was stored; keep every answer on the page so the citizen can send it again.
            headers[.retryAfter] = "5"
            return reshow(.serviceUnavailable, pageError: ui.text("page.unavailable", for: reader.chain))
        }
    }

    @Sendable func thanks(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let definition = survey(context) else { return notFound(request) }
        let reader = CitizenLanguage(request: request, offered: Array(definition.languages.keys))
        return message(.ok, reader: reader, heading: "thanks.title", body: "thanks.text",
                       link: MessagePage.Link(href: "/", label: ui.text("thanks.back", for: reader.chain)),
                       path: "/f/\(definition.id)/thanks")
    }

    // MARK: - Helpers

    private func survey(_ context: AppRequestContext) -> FormDefinition? {
        guard let id = context.parameters.get("form"), let definition = registry.current(id),
              definition.kind == .survey else { return nil }
        return definition
    }

    private func notFound(_ request: Request) -> Response {
        let reader = CitizenLanguage(request: request, offered: ui.languages)
        return message(.notFound, reader: reader, heading: "page.not_found", body: nil,
                       link: MessagePage.Link(href: "/", label: ui.text("thanks.back", for: reader.chain)), path: "/")
    }

    private func message(_ status: HTTPResponse.Status, reader: CitizenLanguage, heading: String, body: String?,
                         link: MessagePage.Link? = nil, headers: HTTPFields = [:], path: String) -> Response {
        let title = ui.text(heading, for: reader.chain)
        let page = MessagePage(
            chrome: chrome(title: title.text, reader: reader, languages: ui.languages, path: path),
            heading: title, body: body.map { ui.text($0, for: reader.chain) }, link: link)
        return renderer.html(page, template: "message", status: status, headers: headers)
    }

    private func chrome(title: String, reader: CitizenLanguage, languages: [String], path: String) -> PageChrome {
        PageChrome(title: title, language: reader.language, chain: reader.chain,
                   languages: languages.sorted(by: FormPage.languageOrder), path: path, ui: ui)
    }

    private func redirectToThanks(_ definition: FormDefinition, reader: CitizenLanguage, headers: HTTPFields) -> Response {
        var headers = headers
        headers[.location] = "/f/\(definition.id)/thanks?lang=\(reader.language)"
        return Response(status: .seeOther, headers: headers)
    }

    private func cookies(for reader: CitizenLanguage, request: Request) -> HTTPFields {
        var headers = HTTPFields()
        if let language = reader.remember, request.cookie(CitizenLanguage.cookieName) != language {
            headers.setCookie(CitizenLanguage.cookieName, value: language, maxAge: 365 * 24 * 3600, secure: secureCookies)
        }
        return headers
    }

    /// The citizen's CSRF cookie, set now if they have none (or a malformed one).
    private func csrfCookie(_ request: Request, headers: inout HTTPFields) -> String {
        CSRFProtection.cookie(for: request, headers: &headers, secure: secureCookies)
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
