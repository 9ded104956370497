import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The citizen's side of PAKN: `GET/POST /pakn/new` (send), `GET /pakn` (look up a code),
/// `GET /pakn/{code}` (status, and the reply once published), `POST /pakn/{code}/rating` (rate the
/// handling, once per publication), `GET/POST /pakn/rating/{token}` (the same through the signed
/// link of the result message) and `GET /pakn/public` (published results). Server-rendered, no
/// JavaScript.
struct FeedbackPagesController: Sendable {
    let service: FeedbackService
    let store: FeedbackStore
    let units: UnitDirectory
    let renderer: PageRenderer
    let intake: CitizenFormIntake
    /// Status look-ups and ratings by tracking code, limited per client.
    let lookups: TrackingCodeLookups
    /// Rating links and how long after publication rating stays open.
    let links: RatingLinks

    /// Three attachments of 2 MB and the text around them.
    static let maximumBodySize = 7 * 1024 * 1024
    static let action = "/pakn/new"
    /// 50 published results a page: far more pages than there will ever be results.
    static let maximumPublicPage = 100_000
    /// A rating is a choice and a reason of at most 1000 characters.
    static let maximumRatingSize = 16 * 1024
    static let maximumReasonLength = 1000

    var ui: UIStrings { service.registry.catalog.ui }
    var pages: CitizenPages { intake.pages }

    func register(on router: Router<AppRequestContext>) {
        router.get("/pakn", use: lookup)
        router.get("/pakn/new", use: show)
        router.post("/pakn/new", use: submit)
        router.get("/pakn/public", use: published)
        router.get("/pakn/:code", use: status)
        router.post("/pakn/:code/rating", use: rate)
        router.get("/pakn/rating/:token", use: ratingLink)
        router.post("/pakn/rating/:token", use: rateByLink)
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
        return statusPage(status, request: request, path: "/pakn/\(code)", ratingAction: "/pakn/\(code)/rating",
                          ratingOpen: { links.isOpen(publishedAt: $0, now: service.clock.now()) })
    }

    /// `GET /pakn/rating/{token}`: the status page of the item a rating link names, with the
    /// rating form while the link is valid and its round is not rated.
    @Sendable func ratingLink(_ request: Request, context: AppRequestContext) async throws -> Response {
        let text = context.parameters.get("token") ?? ""
        let token: RatingToken
        switch verifiedToken(text, request: request) {
        case .success(let verified): token = verified
        case .failure(let refusal): return refusal.response
        }
        guard let status = try await store.publicStatus(itemID: token.itemID, logger: context.logger) else {
            return message(.notFound, request: request, heading: "pakn.rating_link_invalid")
        }
        let path = "/pakn/rating/\(text)"
        return statusPage(status, request: request, path: path, ratingAction: path,
                          ratingOpen: { _ in token.round == status.ratingRound })
    }

    /// A page that answers instead of the handler.
    private struct Refusal: Error {
        let response: Response
    }

    /// The token of a rating link, verified: 404 for one that is not ours (no database read), 410
    /// for one past its expiry.
    private func verifiedToken(_ text: String, request: Request) -> Result<RatingToken, Refusal> {
        switch links.verify(text, now: service.clock.now()) {
        case .success(let token): .success(token)
        case .failure(.expired): .failure(Refusal(response: message(.gone, request: request, heading: "pakn.rating_link_expired")))
        case .failure(.invalid): .failure(Refusal(response: message(.notFound, request: request, heading: "pakn.rating_link_invalid")))
        }
    }

    /// The status page: the rating form when the result is published, this round is not rated
    /// and `ratingOpen` (given the instant of publication) says the reader may rate now.
    private func statusPage(_ status: FeedbackPublicStatus, request: Request, path: String, ratingAction: String,
                            ratingOpen: (Date) -> Bool, refused: (status: HTTPResponse.Status, error: String)? = nil,
                            reason: String = "", choice: String? = nil, language: String? = nil) -> Response {
        let reader = CitizenLanguage(request: request, offered: ui.languages, explicit: language)
        var headers = HTTPFields()
        var offer = FeedbackStatusPage.RatingOffer.none
        if status.state == .published, !status.rated, let published = status.publishedAt {
            offer = ratingOpen(published)
                ? .form(action: ratingAction, csrf: intake.csrfToken(request, action: ratingAction, headers: &headers),
                        error: refused?.error, reason: reason, choice: choice)
                : .closed
        }
        let page = FeedbackStatusPage(status: status, chain: reader.chain, language: reader.language, ui: ui,
                                      justSent: request.uri.queryParameters.get("new") == "1", rating: offer, path: path)
        return renderer.html(page, template: "pakn-status", status: refused?.status ?? .ok, headers: headers)
    }

    /// What a rating post said, checked: the choice, and the reason cleaned (NFC, trimmed) within
    /// 1000 characters.
    private enum RatingPost {
        /// `language`: the form's hidden `lang`, the language it was read in.
        case valid(satisfied: Bool, reason: String?, language: String?)
        /// Re-shown with the error (an interface key) and what was typed.
        case invalid(error: String, reason: String, choice: String?, language: String?)
        case refused(Response)
    }

    private func readRating(_ request: Request, action: String) async -> RatingPost {
        let fields: URLEncodedFields
        do {
            fields = try await FormBody.read(request, limit: Self.maximumRatingSize).fields
        } catch {
            return .refused(error == .tooLarge ? message(.contentTooLarge, request: request, heading: "page.too_large")
                : message(.badRequest, request: request, heading: "page.bad_request"))
        }
        guard intake.csrf.isValid(token: fields[CSRFProtection.fieldName], cookie: request.cookie(CSRFProtection.cookieName),
                                  action: action) else {
            CivicMetrics.blocked("csrf").increment()
            return .refused(message(.forbidden, request: request, heading: "page.csrf_expired"))
        }
        let choice = fields["satisfied"]
        let typed = VietnameseText.nfc(fields["reason"] ?? "")
        let language = fields["lang"]
        guard choice == "yes" || choice == "no" else {
            return .invalid(error: "pakn.rating_choose", reason: typed, choice: nil, language: language)
        }
        let reason = VietnameseText.cleanedInput(typed)
        guard reason.count <= Self.maximumReasonLength, !VietnameseText.containsDisallowedControlCharacters(reason) else {
            return .invalid(error: "pakn.rating_reason_too_long", reason: typed, choice: choice, language: language)
        }
        return .valid(satisfied: choice == "yes", reason: reason.isEmpty ? nil : reason, language: language)
    }

    @Sendable func rate(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let code = context.parameters.get("code").flatMap(TrackingCode.init(parsing:)) else {
            return message(.notFound, request: request, heading: "pakn.unknown_code")
        }
        let action = "/pakn/\(code)/rating"
        let limited = { message(.tooManyRequests, request: request, heading: "pakn.lookups_limited", headers: [.retryAfter: "60"]) }
        let unknown = { message(.notFound, request: request, heading: "pakn.unknown_code") }
        switch await readRating(request, action: action) {
        case .refused(let response):
            return response
        case .invalid(let error, let reason, let choice, let language):
            // The page again, with what was typed; the look-up is limited like any other.
            switch try await lookups.lookUp(request, context: context, {
                try await store.publicStatus(trackingCode: code.description, logger: context.logger)
            }) {
            case .limited: return limited()
            case .notFound: return unknown()
            case .found(let status):
                return statusPage(status, request: request, path: "/pakn/\(code)", ratingAction: action,
                                  ratingOpen: { links.isOpen(publishedAt: $0, now: service.clock.now()) },
                                  refused: (.unprocessableContent, error), reason: reason, choice: choice,
                                  language: language)
            }
        case .valid(let satisfied, let reason, let language):
            switch try await lookups.lookUp(request, context: context, { () -> FeedbackStore.RatingOutcome? in
                let outcome = try await store.rate(.trackingCode(code.description), satisfied: satisfied, reason: reason,
                                                   ratingDays: links.days, now: service.clock.now(), logger: context.logger)
                return outcome == .notFound ? nil : outcome
            }) {
            case .limited: return limited()
            case .notFound: return unknown()
            case .found(let outcome): return ratingAnswer(outcome, request: request, back: "/pakn/\(code)", language: language)
            }
        }
    }

    /// `POST /pakn/rating/{token}`: the rating through a link, for the round it was sent for.
    @Sendable func rateByLink(_ request: Request, context: AppRequestContext) async throws -> Response {
        let text = context.parameters.get("token") ?? ""
        let token: RatingToken
        switch verifiedToken(text, request: request) {
        case .success(let verified): token = verified
        case .failure(let refusal): return refusal.response
        }
        let path = "/pakn/rating/\(text)"
        switch await readRating(request, action: path) {
        case .refused(let response):
            return response
        case .invalid(let error, let reason, let choice, let language):
            guard let status = try await store.publicStatus(itemID: token.itemID, logger: context.logger) else {
                return message(.notFound, request: request, heading: "pakn.rating_link_invalid")
            }
            return statusPage(status, request: request, path: path, ratingAction: path,
                              ratingOpen: { _ in token.round == status.ratingRound },
                              refused: (.unprocessableContent, error), reason: reason, choice: choice, language: language)
        case .valid(let satisfied, let reason, let language):
            let outcome = try await store.rate(.link(itemID: token.itemID, round: token.round), satisfied: satisfied,
                                               reason: reason, ratingDays: links.days, now: service.clock.now(),
                                               logger: context.logger)
            if outcome == .notFound { return message(.notFound, request: request, heading: "pakn.rating_link_invalid") }
            return ratingAnswer(outcome, request: request, back: path, language: language)
        }
    }

    /// After a rating post: 303 back to the page (which thanks) once recorded or when the round was
    /// rated already; 409 when the result is not published or rating has closed.
    private func ratingAnswer(_ outcome: FeedbackStore.RatingOutcome, request: Request, back: String,
                              language: String?) -> Response {
        let again = "\(back)?lang=\(CitizenLanguage(request: request, offered: ui.languages, explicit: language).language)"
        switch outcome {
        case .recorded(let reopen):
            if reopen { CivicMetrics.feedbackTransitions(FeedbackWorkflow.citizenReopenRequest).increment() }
            return Response(status: .seeOther, headers: [.location: again])
        case .alreadyRated:
            return Response(status: .seeOther, headers: [.location: again])
        case .notYetPublished:
            return message(.conflict, request: request, heading: "pakn.rating_too_early")
        case .closed:
            return message(.conflict, request: request, heading: "pakn.rating_closed")
        case .notFound:
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
