import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The citizen's side of PAKN: `GET/POST /pakn/new` (send), `GET /pakn` (look up a code),
/// `GET /pakn/{code}` (status, and the reply once published), `POST /pakn/{code}/rating` (rate the
/// handling once) and `GET /pakn/public` (published results). Server-rendered, no JavaScript.
struct FeedbackPagesController: Sendable {
    let service: FeedbackService
    let store: FeedbackStore
    let units: UnitDirectory
    let renderer: PageRenderer
    let intake: CitizenFormIntake
    /// Status look-ups and ratings by tracking code, limited per client.
    let lookups: TrackingCodeLookups

    /// Three attachments of 2 MB and the text around them.
    static let maximumBodySize = 7 * 1024 * 1024
    static let action = "/pakn/new"
    /// 50 published results a page: far more pages than there will ever be results.
    static let maximumPublicPage = 100_000
    /// A rating is a choice and a reason of at most 1000 characters.
    static let maximumRatingSize = 16 * 1024

    var ui: UIStrings { service.registry.catalog.ui }
    var pages: CitizenPages { intake.pages }

    func register(on router: Router<AppRequestContext>) {
        router.get("/pakn", use: lookup)
        router.get("/pakn/new", use: show)
        router.post("/pakn/new", use: submit)
        router.get("/pakn/public", use: published)
        router.get("/pakn/:code", use: status)
        router.post("/pakn/:code/rating", use: rate)
    }

    // MARK: - Sending

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let form = service.form else { return message(.notFound, request: request, heading: "page.not_found") }
        let reader = CitizenLanguage(request: request, offered: Array(form.languages.keys))
        var headers = HTTPFields()
        let page = FormPage(definition: form, context: .init(
            chain: reader.chain, ui: ui, csrf: intake.csrfToken(request, action: Self.action, headers: &headers),
            submissionID: UUID().uuidString.lowercased(), units: await pickerUnits(context.logger),
            action: Self.action, extras: FeedbackFormExtras(chain: reader.chain, ui: ui, fields: [:], errors: [])))
        return renderer.html(page, template: "form", headers: headers)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let definition = service.form else { return message(.notFound, request: request, heading: "page.not_found") }
        let form = CitizenFormIntake.Form(definition: definition, action: Self.action, maximumBodySize: Self.maximumBodySize,
                                          acceptsFiles: true, back: pages.link("/pakn", label: "pakn.lookup_link",
                                                                               reader: pages.reader(request)))
        let ui = self.ui
        let renderer = self.renderer
        let logger = context.logger
        return try await intake.receive(request, context: context, form: form, page: { post, csrf, reshow, headers in
            let page = FormPage(definition: definition, context: .init(
                chain: post.reader.chain, ui: ui, fields: post.fields, errors: reshow.errors, pageError: reshow.pageError,
                csrf: csrf, submissionID: post.submissionID.uuidString.lowercased(), units: await pickerUnits(logger),
                action: Self.action,
                extras: FeedbackFormExtras(chain: post.reader.chain, ui: ui, fields: post.fields, errors: reshow.errors)))
            return renderer.html(page, template: "form", status: reshow.status, headers: headers)
        }, asIfStored: { post in
            pages.message(.ok, reader: post.reader, heading: "pakn.thanks_title", body: "thanks.text", link: form.back,
                          headers: post.headers, path: Self.action)
        }, store: { post in
            try await storeItem(post, form: definition, logger: logger)
        })
    }

    /// The post as a feedback item, checked and stored by the service.
    private func storeItem(_ post: CitizenFormIntake.Post, form definition: FormDefinition,
                           logger: Logger) async throws -> CitizenFormIntake.Outcome {
        let (answers, readErrors) = definition.answers(fromFormFields: post.fields)
        var intake = FeedbackService.Intake(id: post.submissionID, language: post.reader.language, channel: "web",
                                            unitCode: post["unit"], answers: answers, readErrors: readErrors,
                                            files: post.files)
        let contactValues = ["name", "phone", "email", "address"].map { post["contact_\($0)"] ?? "" }
        if contactValues.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            do {
                intake.contact = try ContactDetails(name: contactValues[0], phone: contactValues[1],
                                                    email: contactValues[2], address: contactValues[3])
            } catch {
                intake.envelopeErrors += error.problems.map { .init(field: "contact.\($0.field)", code: $0.code) }
            }
        }
        intake.consent = ContactConsent(answer: post["contact_consent"], at: service.clock.now())
        switch try await service.submit(intake, logger: logger) {
        case .stored(.created(let code)), .stored(.replayed(let code)):
            var headers = post.headers
            headers[.location] = "/pakn/\(code)?lang=\(post.reader.language)&new=1"
            return .answered(Response(status: .seeOther, headers: headers))
        case .stored(.conflict):
            return .reshow(.init(status: .conflict, pageError: ui.text("pakn.already_sent", for: post.reader.chain)))
        case .invalid(let errors):
            return .reshow(.init(status: .unprocessableContent, errors: errors))
        case .unavailableForm:
            return .answered(pages.message(.notFound, reader: post.reader, heading: "page.not_found", path: Self.action))
        }
    }

    // MARK: - Following

    @Sendable func lookup(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let typed = request.uri.queryParameters.get("code") {
            guard let code = TrackingCode(parsing: typed) else {
                return message(.notFound, request: request, heading: "pakn.unknown_code")
            }
            var headers = HTTPFields()
            headers[.location] = "/pakn/\(code)"
            return Response(status: .seeOther, headers: headers)
        }
        let reader = CitizenLanguage(request: request, offered: ui.languages)
        let page = FeedbackStatusPage.lookup(chain: reader.chain, language: reader.language, ui: ui)
        return renderer.html(page, template: "pakn-status")
    }

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let code = context.parameters.get("code").flatMap(TrackingCode.init(parsing:)) else {
            return message(.notFound, request: request, heading: "pakn.unknown_code")
        }
        let status: FeedbackPublicStatus
        switch try await lookups.lookUp(request, context: context, {
            try await store.publicStatus(trackingCode: code.description, logger: context.logger)
        }) {
        case .found(let found): status = found
        case .notFound: return message(.notFound, request: request, heading: "pakn.unknown_code")
        case .limited:
            return message(.tooManyRequests, request: request, heading: "pakn.lookups_limited", headers: [.retryAfter: "60"])
        }
        let reader = CitizenLanguage(request: request, offered: ui.languages)
        var headers = HTTPFields()
        let page = FeedbackStatusPage(status: status, chain: reader.chain, language: reader.language, ui: ui,
                                      justSent: request.uri.queryParameters.get("new") == "1",
                                      csrf: intake.csrfToken(request, action: "/pakn/\(code)/rating", headers: &headers))
        return renderer.html(page, template: "pakn-status", headers: headers)
    }

    @Sendable func rate(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let code = context.parameters.get("code").flatMap(TrackingCode.init(parsing:)) else {
            return message(.notFound, request: request, heading: "pakn.unknown_code")
        }
        let action = "/pakn/\(code)/rating"
        let fields: URLEncodedFields
        do {
            fields = try await FormBody.read(request, limit: Self.maximumRatingSize).fields
        } catch {
            return error == .tooLarge ? message(.contentTooLarge, request: request, heading: "page.too_large")
                : message(.badRequest, request: request, heading: "page.bad_request")
        }
        guard intake.csrf.isValid(token: fields[CSRFProtection.fieldName], cookie: request.cookie(CSRFProtection.cookieName),
                           action: action) else {
            CivicMetrics.blocked("csrf").increment()
            return message(.forbidden, request: request, heading: "page.csrf_expired")
        }
        guard let choice = fields["satisfied"], choice == "yes" || choice == "no" else {
            return message(.unprocessableContent, request: request, heading: "pakn.rating_choose")
        }
        let reason = fields["reason"].map(VietnameseText.cleanedInput).flatMap { $0.isEmpty ? nil : String($0.prefix(1000)) }
        let outcome = try await lookups.lookUp(request, context: context) { () -> FeedbackStore.RatingOutcome? in
            let outcome = try await store.rate(trackingCode: code.description, satisfied: choice == "yes", reason: reason,
                                               logger: context.logger)
            return outcome == .notFound ? nil : outcome
        }
        switch outcome {
        case .limited:
            return message(.tooManyRequests, request: request, heading: "pakn.lookups_limited", headers: [.retryAfter: "60"])
        case .notFound:
            return message(.notFound, request: request, heading: "pakn.unknown_code")
        case .found(.recorded), .found(.alreadyRated):
            var headers = HTTPFields()
            headers[.location] = "/pakn/\(code)"
            return Response(status: .seeOther, headers: headers)
        case .found(.notYetHandled):
            return message(.conflict, request: request, heading: "pakn.rating_too_early")
        case .found(.notFound):
            return message(.notFound, request: request, heading: "pakn.unknown_code")
        }
    }

    @Sendable func published(_ request: Request, context: AppRequestContext) async throws -> Response {
        let reader = CitizenLanguage(request: request, offered: ui.languages)
        // A page number that is not one (or so large that its offset would overflow) is refused.
        guard let page = Int(request.uri.queryParameters.get("page") ?? "1"), (1...Self.maximumPublicPage).contains(page) else {
            return message(.badRequest, request: request, heading: "page.bad_request")
        }
        let items = try await store.published(limit: 50, offset: (page - 1) * 50, logger: context.logger)
        let view = FeedbackPublicPage(items: items, categories: service.form?.question(id: "category")?.choices ?? [],
                                      page: page, chain: reader.chain, language: reader.language, ui: ui)
        return renderer.html(view, template: "pakn-public")
    }

    // MARK: - Helpers

    /// A message page for the PAKN pages, linking to the code look-up.
    private func message(_ status: HTTPResponse.Status, request: Request, heading: String, body: String? = nil,
                         headers: HTTPFields = [:]) -> Response {
        let reader = pages.reader(request)
        return pages.message(status, reader: reader, heading: heading, body: body,
                             link: pages.link("/pakn", label: "pakn.lookup_link", reader: reader), headers: headers,
                             path: request.uri.path)
    }

    private func pickerUnits(_ logger: Logger) async -> [UnitStore.ActiveUnit] {
        (try? await units.activeUnits(logger: logger)) ?? []
    }
}
