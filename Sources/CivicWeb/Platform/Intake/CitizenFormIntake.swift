import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird

/// The one path a citizen's form post takes, shared by the survey form (`POST /f/{form}`) and the
/// PAKN form (`POST /pakn/new`) so that the two cannot drift: the per-address limit, the body read
/// as UTF-8 fields (``FormBody``), the reader's language, the CSRF token checked against the form's
/// action, the honeypot (counted and logged), and the form shown again with everything typed when
/// the database is away. Refusals are message pages in the reader's language (``CitizenPages``).
///
/// The handler brings what is its own: how its form page is drawn, what a bot is told, and what
/// storing the post means.
struct CitizenFormIntake: Sendable {
    let limit: IntakeLimit
    let csrf: CSRFProtection
    let pages: CitizenPages
    let secureCookies: Bool

    /// The invisible field a person leaves empty and a bot fills.
    static let honeypotField = "website"

    /// The form a post is for.
    struct Form: Sendable {
        let definition: FormDefinition
        /// The path it posts to, which its CSRF token is bound to.
        let action: String
        let maximumBodySize: Int
        /// Whether the form takes attachments (multipart bodies).
        var acceptsFiles = false
        /// The link on its refusal pages.
        var back: MessagePage.Link? = nil
    }

    /// A post that passed the checks, as its handler sees it.
    struct Post: Sendable {
        let fields: [String: [String]]
        let files: [(name: String, bytes: [UInt8])]
        let reader: CitizenLanguage
        /// The id the form carried (`sid`), or a new one: a post sent twice is stored once.
        let submissionID: UUID
        /// Headers every answer to the post carries (the language cookie, once chosen).
        let headers: HTTPFields

        subscript(name: String) -> String? { fields[name]?.first }
    }

    /// The form shown again: what went wrong, with everything typed kept.
    struct Reshow: Sendable {
        var status: HTTPResponse.Status
        var errors: [SubmissionService.FieldError] = []
        var pageError: ResolvedText? = nil
        var headers: HTTPFields = [:]
    }

    /// What a handler made of a post.
    enum Outcome: Sendable {
        /// Its own answer: the redirect once stored, a page.
        case answered(Response)
        case reshow(Reshow)
    }

    /// Draws the form page again for `post`, with a fresh CSRF token, for `reshow`, with `headers`.
    typealias FormPageDrawing = @Sendable (_ post: Post, _ csrfToken: String, _ reshow: Reshow,
                                           _ headers: HTTPFields) async -> Response

    /// The CSRF token of a form that posts to `action`; the browser's CSRF cookie is set in
    /// `headers` when it has none.
    func csrfToken(_ request: Request, action: String, headers: inout HTTPFields) -> String {
        csrf.token(cookie: CSRFProtection.cookie(for: request, headers: &headers, secure: secureCookies), action: action)
    }

    /// Takes a post through the shared checks, then hands it to `store`.
    /// - Parameters:
    ///   - page: draws the form again (a stale token, the database away, whatever `store` returns).
    ///   - asIfStored: the answer a bot gets for filling the honeypot: the one a person would.
    ///   - store: checks and stores the post; StoreError.unavailable and .conflict show the form
    ///     again with a 503, nothing lost.
    func receive(_ request: Request, context: AppRequestContext, form: Form, page: FormPageDrawing,
                 asIfStored: (Post) -> Response, store: (Post) async throws -> Outcome) async throws -> Response {
        let offered = Array(form.definition.languages.keys)
        guard limit.admits(request, context: context) else {
            return pages.message(.tooManyRequests, reader: CitizenLanguage(request: request, offered: offered),
                                 heading: "page.rate_limited", link: form.back,
                                 headers: [.retryAfter: "\(IntakeLimit.retryAfterSeconds)"], path: form.action)
        }
        let body: FormBody
        do {
            body = try await FormBody.read(request, limit: form.maximumBodySize, acceptsFiles: form.acceptsFiles)
        } catch {
            let heading = switch error {
            case .tooLarge: "page.too_large"
            case .unreadable: "page.bad_request"
            }
            return pages.message(error == .tooLarge ? .contentTooLarge : .badRequest,
                                 reader: CitizenLanguage(request: request, offered: offered), heading: heading,
                                 link: form.back, path: form.action)
        }

        let reader = CitizenLanguage(request: request, offered: offered, explicit: body.fields["lang"])
        let headers = reader.rememberingHeaders(for: request, secure: secureCookies)
        let post = Post(fields: body.fields.values,
                        files: body.files.filter { $0.field == "attachments" }.map { (name: $0.name, bytes: $0.bytes) },
                        reader: reader, submissionID: body.fields["sid"].flatMap(UUID.init(uuidString:)) ?? UUID(),
                        headers: headers)
        func reshow(_ reshow: Reshow) async -> Response {
            var headers = post.headers
            for field in reshow.headers { headers[field.name] = field.value }
            let token = csrfToken(request, action: form.action, headers: &headers)
            return await page(post, token, reshow, headers)
        }

        guard csrf.isValid(token: post[CSRFProtection.fieldName], cookie: request.cookie(CSRFProtection.cookieName),
                           action: form.action) else {
            // Most often an expired or blocked cookie: the form again with everything kept and a
            // fresh token, so one more press of the button sends it.
            CivicMetrics.blocked("csrf").increment()
            return await reshow(Reshow(status: .forbidden, pageError: pages.ui.text("page.csrf_expired", for: reader.chain)))
        }
        if let trap = post[Self.honeypotField], !trap.isEmpty {
            // A bot filled the invisible field: answer as if stored, store nothing.
            CivicMetrics.blocked("honeypot").increment()
            context.logger.notice("honeypot submission discarded", metadata: ["form": "\(form.definition.id)"])
            return asIfStored(post)
        }
        do {
            switch try await store(post) {
            case .answered(let response): return response
            case .reshow(let again): return await reshow(again)
            }
        } catch StoreError.unavailable, StoreError.conflict {
            // Nothing was stored; every answer stays on the page so the citizen can send it again.
            return await reshow(Reshow(status: .serviceUnavailable,
                                       pageError: pages.ui.text("page.unavailable", for: reader.chain),
                                       headers: [.retryAfter: "5"]))
        }
    }
}
