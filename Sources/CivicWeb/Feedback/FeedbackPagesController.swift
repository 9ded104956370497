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
    let csrf: CSRFProtection
    let addresses: AddressHasher
    let rateLimiter: RateLimiter?
    let secureCookies: Bool

    /// Three attachments of 2 MB and the text around them.
    static let maximumBodySize = 7 * 1024 * 1024
    static let action = "/pakn/new"
    /// 50 published results a page: far more pages than there will ever be results.
    static let maximumPublicPage = 100_000

    var ui: UIStrings { service.registry.catalog.ui }

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
        let cookie = CSRFProtection.cookie(for: request, headers: &headers, secure: secureCookies)
        let page = FormPage(definition: form, context: .init(
            chain: reader.chain, ui: ui, csrf: csrf.token(cookie: cookie, action: Self.action),
            submissionID: UUID().uuidString.lowercased(), units: await pickerUnits(context.logger),
            action: Self.action, extras: FeedbackFormExtras(chain: reader.chain, ui: ui, fields: [:], errors: [])))
        return renderer.html(page, template: "form", headers: headers)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let form = service.form else { return message(.notFound, request: request, heading: "page.not_found") }
        let offered = Array(form.languages.keys)
        if let rateLimiter, !rateLimiter.allow(addresses.hash(request, peer: context.remoteAddress)) {
            CivicMetrics.blocked("rate_limit").increment()
            return message(.tooManyRequests, request: request, heading: "page.rate_limited", headers: [.retryAfter: "60"])
        }
        var fields: [String: [String]] = [:]
        var files: [(name: String, bytes: [UInt8])] = []
        do {
            let body = try await request.body.collect(upTo: Self.maximumBodySize)
            let contentType = request.headers[.contentType] ?? ""
            if contentType.lowercased().hasPrefix("multipart/form-data") {
                let multipart = try MultipartFields(body: body, contentType: contentType)
                fields = multipart.fields
                files = multipart.files.filter { $0.field == "attachments" }.map { (name: $0.name, bytes: $0.bytes) }
            } else {
                guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
                    throw URLEncodedFields.InvalidEncoding()
                }
                fields = try URLEncodedFields(text).values
            }
        } catch is URLEncodedFields.InvalidEncoding {
            return message(.badRequest, request: request, heading: "page.bad_request")
        } catch is MultipartFields.Invalid {
            return message(.badRequest, request: request, heading: "page.bad_request")
        } catch {
            return message(.contentTooLarge, request: request, heading: "page.too_large")
        }

        let reader = CitizenLanguage(request: request, offered: offered, explicit: fields["lang"]?.first)
        var headers = HTTPFields()
        let submissionID = fields["sid"]?.first.flatMap(UUID.init(uuidString:)) ?? UUID()
        let units = await pickerUnits(context.logger)
        func reshow(_ status: HTTPResponse.Status, errors: [SubmissionService.FieldError] = [],
                    pageError: ResolvedText? = nil) -> Response {
            let cookie = CSRFProtection.cookie(for: request, headers: &headers, secure: secureCookies)
            let page = FormPage(definition: form, context: .init(
                chain: reader.chain, ui: ui, fields: fields, errors: errors, pageError: pageError,
                csrf: csrf.token(cookie: cookie, action: Self.action), submissionID: submissionID.uuidString.lowercased(),
                units: units, action: Self.action,
                extras: FeedbackFormExtras(chain: reader.chain, ui: ui, fields: fields, errors: errors)))
            return renderer.html(page, template: "form", status: status, headers: headers)
        }
        guard csrf.isValid(token: fields[CSRFProtection.fieldName]?.first,
                           cookie: request.cookie(CSRFProtection.cookieName), action: Self.action) else {
            CivicMetrics.blocked("csrf").increment()
            return reshow(.forbidden, pageError: ui.text("page.csrf_expired", for: reader.chain))
        }
        if let trap = fields[CitizenController.honeypotField]?.first, !trap.isEmpty {
            CivicMetrics.blocked("honeypot").increment()
            return message(.ok, request: request, heading: "pakn.thanks_title", body: "thanks.text")
        }

        let (answers, readErrors) = form.answers(fromFormFields: fields)
        var intake = FeedbackService.Intake(id: submissionID, language: reader.language, channel: "web",
                                            unitCode: fields["unit"]?.first, answers: answers, readErrors: readErrors,
                                            files: files)
        let contactValues = ["name", "phone", "email", "address"].map { fields["contact_\($0)"]?.first ?? "" }
        if contactValues.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            do {
                intake.contact = try ContactDetails(name: contactValues[0], phone: contactValues[1],
                                                    email: contactValues[2], address: contactValues[3])
            } catch {
                intake.envelopeErrors += error.problems.map { .init(field: "contact.\($0.field)", code: $0.code) }
            }
        }
        intake.consent = ContactConsent(answer: fields["contact_consent"]?.first, at: service.clock.now())
        do {
            switch try await service.submit(intake, logger: context.logger) {
            case .stored(.created(let code)), .stored(.replayed(let code)):
                headers[.location] = "/pakn/\(code)?lang=\(reader.language)&new=1"
                return Response(status: .seeOther, headers: headers)
            case .stored(.conflict):
                return reshow(.conflict, pageError: ui.text("pakn.already_sent", for: reader.chain))
            case .invalid(let errors):
                return reshow(.unprocessableContent, errors: errors)
            case .unavailableForm:
                return message(.notFound, request: request, heading: "page.not_found")
            }
        } catch StoreError.unavailable, StoreError.conflict {
            headers[.retryAfter] = "5"
            return reshow(.serviceUnavailable, pageError: ui.text("page.unavailable", for: reader.chain))
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
        guard let code = context.parameters.get("code").flatMap(TrackingCode.init(parsing:)),
              let status = try await store.publicStatus(trackingCode: code.description, logger: context.logger) else {
            return message(.notFound, request: request, heading: "pakn.unknown_code")
        }
        let reader = CitizenLanguage(request: request, offered: ui.languages)
        var headers = HTTPFields()
        let cookie = CSRFProtection.cookie(for: request, headers: &headers, secure: secureCookies)
        let page = FeedbackStatusPage(status: status, chain: reader.chain, language: reader.language, ui: ui,
                                      justSent: request.uri.queryParameters.get("new") == "1",
                                      csrf: csrf.token(cookie: cookie, action: "/pakn/\(code)/rating"))
        return renderer.html(page, template: "pakn-status", headers: headers)
    }

    @Sendable func rate(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let code = context.parameters.get("code").flatMap(TrackingCode.init(parsing:)) else {
            return message(.notFound, request: request, heading: "pakn.unknown_code")
        }
        let action = "/pakn/\(code)/rating"
        let fields: URLEncodedFields
        do {
            let body = try await request.body.collect(upTo: 16 * 1024)
            fields = try URLEncodedFields(String(decoding: body.readableBytesView, as: UTF8.self))
        } catch {
            return message(.badRequest, request: request, heading: "page.bad_request")
        }
        guard csrf.isValid(token: fields[CSRFProtection.fieldName], cookie: request.cookie(CSRFProtection.cookieName),
                           action: action) else {
            CivicMetrics.blocked("csrf").increment()
            return message(.forbidden, request: request, heading: "page.csrf_expired")
        }
        guard let choice = fields["satisfied"], choice == "yes" || choice == "no" else {
            return message(.unprocessableContent, request: request, heading: "pakn.rating_choose")
        }
        let reason = fields["reason"].map(VietnameseText.cleanedInput).flatMap { $0.isEmpty ? nil : String($0.prefix(1000)) }
        switch try await store.rate(trackingCode: code.description, satisfied: choice == "yes", reason: reason,
                                    logger: context.logger) {
        case .recorded, .alreadyRated:
            var headers = HTTPFields()
            headers[.location] = "/pakn/\(code)"
            return Response(status: .seeOther, headers: headers)
        case .notYetHandled:
            return message(.conflict, request: request, heading: "pakn.rating_too_early")
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

    private func message(_ status: HTTPResponse.Status, request: Request, heading: String, body: String? = nil,
                         headers: HTTPFields = [:]) -> Response {
        let reader = CitizenLanguage(request: request, offered: ui.languages)
        let title = ui.text(heading, for: reader.chain)
        let page = MessagePage(
            chrome: PageChrome(title: title.text, language: reader.language, chain: reader.chain,
                               languages: ui.languages.sorted(by: FormPage.languageOrder), path: request.uri.path, ui: ui),
            heading: title, body: body.map { ui.text($0, for: reader.chain) },
            link: MessagePage.Link(href: "/pakn", label: ui.text("pakn.lookup_link", for: reader.chain)))
        return renderer.html(page, template: "message", status: status, headers: headers)
    }

    private func pickerUnits(_ logger: Logger) async -> [UnitStore.ActiveUnit] {
        (try? await units.activeUnits(logger: logger)) ?? []
    }
}
