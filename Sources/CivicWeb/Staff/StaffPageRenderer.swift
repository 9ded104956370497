import CivicCore
import HTTPTypes
import Hummingbird

/// The staff pages' HTML: every page on the staff layout (`staff-layout.mustache`), with the
/// console's header once someone is signed in, in the reader's language (Vietnamese or English:
/// `?lang=`, then the `cv_lang` cookie, then Accept-Language), escaped by mustache.
struct StaffPageRenderer: Sendable {
    let renderer: PageRenderer
    let ui: UIStrings
    let csrf: CSRFProtection
    let secureCookies: Bool

    /// One staff page being answered: its wording, its path, the cookies to set with it, and the
    /// tokens of the forms on it (each bound to the path it posts to).
    struct Page: Sendable {
        let text: StaffPageText
        let path: String
        /// The request's query, for the language links.
        let parameters: [String: String]
        /// The language cookie (when `?lang=` chose one) and the CSRF cookie (when the browser had none).
        var headers: HTTPFields
        let header: StaffChrome.Header?
        fileprivate let csrfCookie: String
        fileprivate let csrf: CSRFProtection
        /// The signed-in session the page's forms are bound to (nil before signing in).
        fileprivate let access: StaffAccess?

        /// The CSRF token of a form posting to `action`, bound to the session once signed in.
        func token(_ action: String) -> String {
            csrf.token(cookie: csrfCookie, action: access?.csrfAction(action) ?? action)
        }

        func chrome(_ title: String) -> StaffChrome {
            StaffChrome(title: title, text: text, path: path, parameters: parameters, header: header)
        }

        /// `staff.<…>` resolved in the page's language.
        func callAsFunction(_ key: String) -> String { text.text(key) }
    }

    /// The page answering `request`, for `access` (nil before signing in: no header).
    /// - Parameter path: the page's own path when it differs from the request's (a form that
    ///   posted to `/…/create` answers with the list page).
    func page(_ request: Request, access: StaffAccess?, path: String? = nil) -> Page {
        let reader = CitizenLanguage(request: request, offered: StaffPageText.languages)
        var headers = HTTPFields()
        if let language = reader.remember, request.cookie(CitizenLanguage.cookieName) != language {
            headers.setCookie(CitizenLanguage.cookieName, value: language, maxAge: 365 * 24 * 3600, secure: secureCookies)
        }
        let cookie = CSRFProtection.cookie(for: request, headers: &headers, secure: secureCookies)
        let text = StaffPageText(ui: ui, chain: reader.chain)
        let path = path ?? request.uri.path
        let header = access.map {
            StaffChrome.header(for: $0.identity, text: text, path: path,
                               signOutCSRF: csrf.token(cookie: cookie, action: $0.csrfAction("/staff/logout")))
        }
        var parameters: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { parameters[String(name)] = String(value) }
        return Page(text: text, path: path, parameters: parameters, headers: headers, header: header, csrfCookie: cookie,
                    csrf: csrf, access: access)
    }

    func render(_ model: Any, template: String, page: Page, status: HTTPResponse.Status = .ok) -> Response {
        renderer.html(model, template: template, status: status, headers: page.headers)
    }

    // MARK: - Sign-in

    struct LoginPage: Sendable {
        let chrome: StaffChrome
        let t: [String: String]
        let hasError: Bool
        let error: String
        let login: String
        let csrf: String
        /// A message above the form (the password was set, the session ended…).
        let notice: String?
    }

    func login(_ page: Page, status: HTTPResponse.Status = .ok, login: String = "", error: String? = nil,
               notice: String? = nil) -> Response {
        let model = LoginPage(chrome: page.chrome(page("staff.login.title")), t: page.text.labels("staff.login"),
                              hasError: error != nil, error: error ?? "", login: login, csrf: page.token("/staff/login"),
                              notice: notice)
        return render(model, template: "staff-login", page: page, status: status)
    }

    // MARK: - Messages

    struct MessagePage: Sendable {
        struct Link: Sendable {
            let href: String
            let label: String
        }

        let chrome: StaffChrome
        let heading: String
        let body: String?
        let link: Link?
    }

    /// A page with a heading, a sentence and a link, in the page's language (`heading`, `body`
    /// and the link's label are already worded).
    func message(_ page: Page, _ status: HTTPResponse.Status, heading: String, body: String? = nil,
                 link: (href: String, label: String)? = nil, headers extra: HTTPFields = [:]) -> Response {
        var page = page
        page.headers.append(contentsOf: extra)
        let model = MessagePage(chrome: page.chrome(heading), heading: heading, body: body,
                                link: link.map { MessagePage.Link(href: $0.href, label: $0.label) })
        return render(model, template: "staff-message", page: page, status: status)
    }

    /// The request's message page with the wording of `staff.error.<name>` (and `….<name>_text`).
    func error(_ request: Request, access: StaffAccess? = nil, _ status: HTTPResponse.Status, _ name: String,
               detail: String? = nil, link: (href: String, label: String)? = nil) -> Response {
        let page = page(request, access: access)
        let body = detail ?? (ui.tables[ui.baseLanguage]?.strings["staff.error.\(name)_text"] != nil
            ? page("staff.error.\(name)_text") : nil)
        return message(page, status, heading: page("staff.error.\(name)"), body: body,
                       link: link ?? (access == nil && status == .unauthorized
                           ? ("/staff/login", page("staff.login.submit")) : ("/staff", page("staff.nav.home"))))
    }

    func signInRequired(_ request: Request) -> Response { error(request, .unauthorized, "sign_in_required") }

    func forbidden(_ request: Request) -> Response { error(request, .forbidden, "forbidden") }

    func notFound(_ request: Request, access: StaffAccess? = nil) -> Response {
        error(request, access: access, .notFound, "not_found")
    }

    /// A refused form: the page's token did not match (expired, or forged by another site).
    func csrfRefused(_ request: Request, access: StaffAccess?, back: String) -> Response {
        CivicMetrics.blocked("csrf").increment()
        let page = page(request, access: access)
        return message(page, .forbidden, heading: page("staff.error.csrf"), body: page("staff.error.csrf_text"),
                       link: (back, page("staff.error.back")))
    }

    /// A body that is not a readable form.
    func badForm(_ request: Request, access: StaffAccess?, back: String) -> Response {
        let page = page(request, access: access)
        return message(page, .badRequest, heading: page("staff.error.bad_request"), body: page("staff.error.bad_request_text"),
                       link: (back, page("staff.error.back")))
    }

    /// The page that answers a staff page that failed (``ErrorResponseMiddleware``), on the staff
    /// layout, in the reader's language: what happened, what the request got wrong when the route
    /// said (its detail, in English), the reference to quote for a failure on our side, and a link
    /// to the staff home.
    func failure(_ failure: RouteFailure, request: Request) -> Response {
        var page = page(request, access: nil)
        let heading = ui.text(failure.messageKey, for: page.text.chain).text
        let body = failure.reference.map { ui.format("page.error_reference", for: page.text.chain, with: ["reference": $0]).text }
            ?? failure.detail
        page.headers.append(contentsOf: failure.headers)
        return message(page, failure.status, heading: heading, body: body, link: ("/staff", page("staff.nav.home")))
    }
}
